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
}
