package dev.stampede.engine.postgres;

import dev.stampede.engine.config.Settings;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * A throwaway PostgreSQL 17 server (zonky binaries) in a temporary directory: the target when the user
 * names none, so a scenario runs on a bare machine.
 *
 * <p>Guarantees: {@link #close()} is idempotent and also runs from a JVM shutdown hook, so the server
 * process and its data directory never outlive stampede, whether the run ends normally, by an error,
 * or by a signal. Thread-safe.
 */
public final class EmbeddedServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedServer.class);

    private final EmbeddedPostgres postgres;
    private final ServerLifetime lifetime;
    private final Path dataDir;

    private EmbeddedServer(EmbeddedPostgres postgres, Path dataDir) {
        this.postgres = postgres;
        this.dataDir = dataDir;
        this.lifetime = new ServerLifetime("stampede-embedded-stop", this::stop);
        watch(dataDir);
    }

    /**
     * A detached shell that outlives a {@code kill -9} of this JVM (no shutdown hook runs then): when
     * the JVM is gone it fast-stops the server and deletes its data directory. Destroyed on a normal stop.
     */
    private void watch(Path dataDir) {
        String pid;
        try {
            pid = Files.readAllLines(dataDir.resolve("postmaster.pid")).get(0).strip();
        } catch (IOException | RuntimeException e) {
            log.warn("no watchdog for the embedded server: a kill -9 of stampede would leave it running", e);
            return;
        }
        String script = "while kill -0 \"$0\" 2>/dev/null; do sleep 1; done; kill -INT \"$1\" 2>/dev/null; "
                + "for i in 1 2 3 4 5 6 7 8 9 10; do kill -0 \"$1\" 2>/dev/null || break; sleep 1; done; "
                + "kill -KILL \"$1\" 2>/dev/null; rm -rf \"$2\"";
        lifetime.watch("the embedded server", script, pid, dataDir.toString());
    }

    /** Starts a server configured from {@code stampede.embedded.*}, plus {@code extra} server settings. */
    public static EmbeddedServer start(Settings settings, Map<String, String> extra) throws IOException {
        long t0 = System.nanoTime();
        Path dataDir = Files.createTempDirectory("stampede-pg-");
        EmbeddedPostgres.Builder b = EmbeddedPostgres.builder()
                .setDataDirectory(dataDir)
                .setPGStartupWait(settings.embeddedStartupTimeout())
                .setCleanDataDirectory(true)
                .setServerConfig("max_connections", String.valueOf(settings.embeddedMaxConnections()))
                .setServerConfig("shared_buffers", settings.embeddedSharedBuffers())
                .setServerConfig("fsync", settings.embeddedFsync() ? "on" : "off")
                .setServerConfig("synchronous_commit", settings.embeddedFsync() ? "on" : "off")
                .setServerConfig("full_page_writes", settings.embeddedFsync() ? "on" : "off")
                .setServerConfig("listen_addresses", "127.0.0.1");
        extra.forEach(b::setServerConfig);
        EmbeddedPostgres pg = b.start();
        log.info("embedded PostgreSQL started on port {} in {} ms", pg.getPort(), (System.nanoTime() - t0) / 1_000_000);
        return new EmbeddedServer(pg, dataDir);
    }

    public int port() {
        return postgres.getPort();
    }

    /** Connection details (user and database {@code postgres}, trust authentication, no password). */
    public ConnectionInfo connectionInfo() {
        return new ConnectionInfo(java.util.List.of(new HostPort("127.0.0.1", port())), "postgres", "postgres",
                null, Map.of());
    }

    /**
     * The CPU time (user + system) the server has used so far: the postmaster's own, that of the backends
     * it has reaped, and that of its live children (backends, checkpointer, WAL writer, …); -1 where
     * {@code /proc} cannot tell (not Linux). For benchmarks that weigh the server's work per row.
     */
    public long cpuNanos() {
        if (!Files.isDirectory(Path.of("/proc/self"))) return -1;
        try {
            long pid = Long.parseLong(Files.readAllLines(dataDir.resolve("postmaster.pid")).get(0).strip());
            ProcessHandle postmaster = ProcessHandle.of(pid).orElseThrow();
            // a child reaped between reading it and reading the postmaster would count twice (or not at
            // all): read again until the set of children stayed the same around the reads
            for (int attempt = 0; attempt < 100; attempt++) {
                java.util.Set<Long> before = childPids(postmaster);
                long ticks = 0;
                for (long child : before) ticks += ProcStat.ticks(child);
                long own = ProcStat.ticks(pid);
                if (own == 0) return -1; // the postmaster's own stat could not be read
                ticks += own;
                if (before.equals(childPids(postmaster))) return ticks * ProcStat.NANOS_PER_TICK;
            }
            return -1;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    private static java.util.Set<Long> childPids(ProcessHandle parent) {
        return parent.children().map(ProcessHandle::pid).collect(java.util.stream.Collectors.toSet());
    }

    @Override
    public void close() {
        lifetime.close();
    }

    private void stop() {
        try {
            postgres.close();
            log.info("embedded PostgreSQL stopped");
        } catch (IOException | RuntimeException e) {
            log.warn("stopping the embedded PostgreSQL failed", e);
        }
    }
}
