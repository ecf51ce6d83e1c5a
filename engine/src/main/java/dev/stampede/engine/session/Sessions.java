package dev.stampede.engine.session;

import dev.stampede.engine.metrics.PoolStatus;

import java.util.List;

/**
 * Opens the protocol sessions of one group's workers; owns what they share (a connection pool).
 * Thread-safe; closed by the stage once its workers have ended.
 */
@FunctionalInterface
public interface Sessions extends AutoCloseable {

    /** A session for one worker; it connects lazily, on first use or in {@link Session#warmUp()}. */
    Session open();

    /** The state of the pools behind these sessions, for the snapshots; none by default. */
    default List<PoolStatus> pools() {
        return List.of();
    }

    @Override
    default void close() {
    }
}
