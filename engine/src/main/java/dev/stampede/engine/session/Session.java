package dev.stampede.engine.session;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * One worker's protocol state — a JDBC connection and its statements, a TCP socket — apart from the
 * generic worker state in {@link WorkerContext}. A step family's runners know their own session type.
 *
 * <p>Confined to one thread at a time, like the worker that owns it.
 */
public interface Session {

    /** Connects ahead of the first iteration, so it is not measured as load; a failure is left for the first step to count. */
    default void warmUp() {
    }

    /** End of an iteration: a pooled connection goes back to its pool; a kept one stays. */
    default void endIteration() {
    }

    /** A step failed with {@code kind} (see {@code ErrorKinds}): drop the connection when the failure broke it. */
    default void failed(String kind) {
    }

    /** Closes the connection (or returns it to its pool); the session may connect again afterwards. */
    void release();

    /** The JDBC connection user code may use ({@code timed} blocks); only PostgreSQL sessions have one. */
    default Connection connection() throws SQLException {
        throw new SQLException("this target has no JDBC connection (it is not PostgreSQL)", "0A000");
    }

    /** A session with nothing to connect. */
    Session NONE = () -> {
    };
}
