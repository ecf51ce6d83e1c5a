package dev.stampede.engine.session;

import java.util.Map;

/**
 * Capability: the target can open bare connections that are only kept idle and pinged ({@code hold}).
 * Thread-safe.
 */
public interface HeldConnections {

    /** A new connection, held until closed. */
    Held hold() throws Exception;

    /** Which client opens them (for the findings), e.g. {@code lean} or {@code pgjdbc}. */
    String client();

    /** The server's own limits, read on a connection already held (a new one would be refused). */
    Map<String, Object> limits(Held on) throws Exception;

    /** One held connection. */
    interface Held extends AutoCloseable {
        /** A round trip that keeps the connection alive. */
        void ping() throws Exception;

        @Override
        void close();
    }
}
