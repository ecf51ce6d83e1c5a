package dev.stampede.engine.postgres;

import dev.stampede.engine.metrics.ServerStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Reads the server's connection slots ({@code pg_stat_activity}, {@code max_connections}, reserved
 * slots) once per interval on its own connection, so the line printer and dashboard can show
 * "server conns 50/500" and safety checks can watch the margin.
 *
 * <p>Runs on one virtual thread; {@link #latest()} never blocks. When the server cannot be read (its
 * connection cannot be opened or breaks: an outage, or the server is full) the latest status says so
 * ({@link ServerStatus#unreachable()}) until a reading succeeds again, so nobody shows a stale count as
 * current. Each reading is also handed to a listener on the monitor's own thread (the safety watch),
 * so a crossed margin is acted on at once, not at the next interval. Thread-safe.
 */
public final class ServerMonitor implements dev.stampede.engine.session.ServerConnections.Watch {

    private static final Logger log = LoggerFactory.getLogger(ServerMonitor.class);

    static final String QUERY = """
            SELECT (SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'client backend')::int,
                   current_setting('max_connections')::int,
                   current_setting('superuser_reserved_connections')::int
                     + coalesce(nullif(current_setting('reserved_connections', true), '')::int, 0)""";

    private final PostgresTarget target;
    private final Duration every;
    private final AtomicReference<ServerStatus> latest = new AtomicReference<>();
    private final java.util.function.Consumer<ServerStatus> listener;
    private volatile boolean running = true;
    private final Thread thread;

    public ServerMonitor(PostgresTarget target, Duration every) {
        this(target, every, s -> { });
    }

    /** @param listener called with every reading (reachable or not), on the monitor's thread; must return quickly */
    public ServerMonitor(PostgresTarget target, Duration every, java.util.function.Consumer<ServerStatus> listener) {
        this.target = target;
        this.every = every;
        this.listener = listener;
        this.thread = Thread.ofVirtual().name("stampede-server-monitor").start(this::loop);
    }

    /** Reads the status once, on a fresh connection (used before a run starts). */
    public static ServerStatus readOnce(PostgresTarget target) throws SQLException {
        try (Connection c = target.open()) {
            return read(c);
        }
    }

    public Optional<ServerStatus> latest() {
        return Optional.ofNullable(latest.get());
    }

    private void loop() {
        Connection c = null;
        while (running) {
            try {
                if (c == null || c.isClosed()) c = target.open();
                publish(read(c));
            } catch (SQLException e) {
                if (!running) break;
                ServerStatus last = latest.get();
                if (last == null || last.reachable()) log.info("server unreachable: {}", e.getMessage());
                closeQuietly(c);
                c = null;
                publish(ServerStatus.unreachable(dev.stampede.engine.metrics.ErrorKinds.classify(e), last));
            }
            try {
                Thread.sleep(every);
            } catch (InterruptedException e) {
                break;
            }
        }
        closeQuietly(c);
    }

    private void publish(ServerStatus status) {
        ServerStatus before = latest.getAndSet(status);
        if (before != null && !before.reachable() && status.reachable()) log.info("server reachable again");
        try {
            listener.accept(status);
        } catch (RuntimeException e) {
            log.warn("server status listener failed", e);
        }
    }

    private static ServerStatus read(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(QUERY)) {
            rs.next();
            return new ServerStatus(rs.getInt(1), rs.getInt(2), rs.getInt(3));
        }
    }

    private static void closeQuietly(Connection c) {
        if (c == null) return;
        try {
            c.close();
        } catch (SQLException ignored) {
            // closing a broken connection: nothing to report
        }
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
