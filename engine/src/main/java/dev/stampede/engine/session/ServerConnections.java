package dev.stampede.engine.session;

import dev.stampede.engine.metrics.ServerStatus;

import java.time.Duration;
import java.util.Optional;

/**
 * Capability: the target can count its server's connection slots ({@code server conns 50/500}), which
 * the safety pre-flight and the safety margin during the run need. Thread-safe.
 */
public interface ServerConnections {

    /** The counts now, read on a fresh connection (before a run). */
    ServerStatus readOnce() throws Exception;

    /** Reads the counts every {@code every} in the background until closed. */
    default Watch watch(Duration every) {
        return watch(every, status -> { });
    }

    /**
     * As {@link #watch(Duration)}, handing every reading (reachable or not) to {@code listener} on the
     * watch's own thread, so a crossed safety margin is acted on at once; the listener must return quickly.
     */
    Watch watch(Duration every, java.util.function.Consumer<ServerStatus> listener);

    /** The background reader: {@link #latest()} never blocks. */
    interface Watch extends AutoCloseable {
        Optional<ServerStatus> latest();

        @Override
        void close();
    }
}
