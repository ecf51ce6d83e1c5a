package dev.stampede.engine.postgres;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * When a server the run started stops: once, either on {@link #close()} or from a shutdown hook when the
 * JVM ends first (Ctrl-C, SIGTERM, an error), and through a detached watchdog shell when the JVM dies
 * without running its hooks ({@code kill -9}). The embedded server, the embedded cluster, PgBouncer and
 * containers share this; each brings its own stop and its own watchdog script. Thread-safe.
 */
public final class ServerLifetime implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ServerLifetime.class);

    private final AtomicBoolean stopped = new AtomicBoolean();
    private final Runnable stop;
    private final Thread hook;
    private volatile Process watchdog;

    /** Registers the shutdown hook (a thread named {@code hookName}) that runs {@code stop} unless close did. */
    public ServerLifetime(String hookName, Runnable stop) {
        this.stop = stop;
        this.hook = new Thread(this::stopOnce, hookName);
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /**
     * Starts the watchdog: {@code sh -c script} in a session of its own, given this JVM's pid as {@code $0}
     * and {@code args} as {@code $1…}; the script is expected to wait for that pid to vanish, then clean up.
     * It is destroyed, with its children, when the server stops normally. A watchdog that cannot start
     * costs only the kill -9 protection: one warning naming {@code what}.
     */
    public void watch(String what, String script, String... args) {
        List<String> command = new ArrayList<>(List.of("setsid", "sh", "-c", script, String.valueOf(ProcessHandle.current().pid())));
        command.addAll(List.of(args));
        try {
            watchdog = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        } catch (java.io.IOException | RuntimeException e) {
            log.warn("no watchdog for {}: a kill -9 of stampede would leave it running", what, e);
        }
    }

    /** Runs the stop unless it has run: the watchdog first (its work is being done), then the server's. */
    private void stopOnce() {
        if (!stopped.compareAndSet(false, true)) return;
        Process w = watchdog;
        if (w != null) {
            w.toHandle().descendants().forEach(ProcessHandle::destroy);
            w.destroy();
        }
        stop.run();
    }

    /** Stops the server now and forgets the shutdown hook. */
    @Override
    public void close() {
        stopOnce();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running or about to: nothing left to do
        }
    }
}
