package dev.stampede.engine.plan;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.random.RandomGenerator;

/** What user code may use while a worker runs it. Confined to the worker's thread. */
public interface StepContext {

    /** The worker's connection (opened on first use, kept across iterations). */
    Connection connection() throws SQLException;

    /** The worker's random generator. */
    RandomGenerator random();

    /** A resolved param. */
    Object param(String name);

    /** Writes a line to the run's log. */
    void log(String message);

    /**
     * Fault words of timed events ({@code at(20.seconds) { failover() }}): only on a target stampede
     * controls (an embedded cluster); elsewhere the DSL refuses them before the run, and they throw here.
     */
    default void failover() throws Exception {
        throw new UnsupportedOperationException("failover() needs a target stampede controls (target cluster(…))");
    }

    /** {@code kill('primary')}, {@code kill('replica1')}, {@code kill('node2')}. */
    default void kill(String node) throws Exception {
        throw new UnsupportedOperationException("kill() needs a target stampede controls (target cluster(…))");
    }

    /** {@code restart('node0')}: starts a killed node again. */
    default void restart(String node) throws Exception {
        throw new UnsupportedOperationException("restart() needs a target stampede controls (target cluster(…))");
    }

    /** {@code promote('replica1')}. */
    default void promote(String node) throws Exception {
        throw new UnsupportedOperationException("promote() needs a target stampede controls (target cluster(…))");
    }
}
