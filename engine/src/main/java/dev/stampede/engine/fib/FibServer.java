package dev.stampede.engine.fib;

import java.io.IOException;

/**
 * A Fibonacci server in one {@link FibModel}: started once, stopped once.
 *
 * <p>Guarantees: {@link #stop()} closes the listener and every connection, ends every thread the
 * server started and every child process (also from a JVM shutdown hook for process models); it is
 * idempotent. Bad input never ends the server ({@link RequestFramer}). Thread-safe.
 */
public interface FibServer extends AutoCloseable {

    /**
     * Binds and starts serving; returns when the server answers (process pools have started their
     * workers).
     *
     * @param port 0 for a free port
     * @return the bound port
     * @throws IOException when the address cannot be bound (e.g. the port is in use)
     */
    int start(String host, int port) throws IOException;

    /** Closes the listener and all connections, ends its threads and child processes. */
    void stop();

    @Override
    default void close() {
        stop();
    }

    FibModel model();

    /** Pool size of a pooled model, 0 for the others. */
    int workers();

    /** Connections open right now (accepted and not yet closed). */
    int openConnections();

    /** {@code thread-pool, 2 workers} or {@code sequential}. */
    default String describe() {
        return model().label() + (model().pooled() ? ", " + workers() + " worker" + (workers() == 1 ? "" : "s") : "");
    }
}
