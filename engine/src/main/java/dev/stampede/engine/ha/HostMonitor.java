package dev.stampede.engine.ha;

import dev.stampede.engine.postgres.ConnectionInfo;
import dev.stampede.engine.postgres.HostPort;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * Checks every host of a multi-host target every {@code refresh}, each on one reserved connection:
 * reachable or not, primary or replica ({@code pg_is_in_recovery()}), and a replica's lag behind the
 * primary in bytes (the primary's last seen {@code pg_current_wal_lsn()} minus the replica's
 * {@code pg_last_wal_replay_lsn()}, which is what {@code pg_wal_lsn_diff} computes) and in seconds
 * ({@code now() - pg_last_xact_replay_timestamp()}, 0 when the replica has replayed all it was sent,
 * so an idle primary does not look like a lagging replica). What changes between two checks becomes
 * an {@link Event} with the time the check saw it: a host up or down, a replica promoted, a primary
 * turned replica. Routing reads {@link #snapshot()}; outputs read {@link #events()}.
 *
 * <p>Guarantees: 1. each host has its own virtual thread and connection, so a host that hangs never
 * delays another's check; a check that does not answer within {@code max(2 s, 3 × refresh)} counts as
 * the host being down. 2. snapshots and events are immutable, and reading them never blocks a check.
 * 3. listeners are called on the checking thread, in the order a host's events happen; they must be
 * quick. 4. {@link #close()} stops the checks and closes every reserved connection. Thread-safe.
 */
public final class HostMonitor implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(HostMonitor.class);

    /** What a host is, as far as the last successful check saw. */
    public enum Role { PRIMARY, REPLICA, UNKNOWN }

    /**
     * One host as its last check saw it. {@code lagBytes} and {@code lagSeconds} are those of a
     * replica (-1 and NaN otherwise, or before a primary was seen); {@code checkTime} is how long the
     * check took (a latency sample of the host); {@code error} the reason it is down, else null.
     */
    public record HostHealth(HostPort host, boolean up, Role role, long lagBytes, double lagSeconds,
                             Duration checkTime, Instant checkedAt, String error) {
        public HostHealth {
            Objects.requireNonNull(host, "host");
            Objects.requireNonNull(role, "role");
        }

        public boolean primary() { return up && role == Role.PRIMARY; }
        public boolean replica() { return up && role == Role.REPLICA; }
    }

    /** What an event says happened to a host. */
    public enum Kind { UP, DOWN, PROMOTED, DEMOTED }

    /** A change a check saw, at the time the check saw it. */
    public record Event(Instant at, HostPort host, Kind kind, String detail) {
        @Override
        public String toString() {
            return at + " " + host + " " + kind.name().toLowerCase() + (detail == null || detail.isEmpty() ? "" : ": " + detail);
        }
    }

    /** Opens a connection to one host; the monitor closes it. */
    @FunctionalInterface
    public interface Connector {
        Connection open(HostPort host) throws SQLException;
    }

    static final String QUERY = """
            SELECT pg_is_in_recovery(),
                   (CASE WHEN pg_is_in_recovery() THEN pg_last_wal_replay_lsn() ELSE pg_current_wal_lsn() END)::text,
                   extract(epoch FROM now() - pg_last_xact_replay_timestamp())::float8""";

    private final List<HostPort> hosts;
    private final Connector connector;
    private final Duration refresh;
    private final Map<HostPort, AtomicReference<HostHealth>> health = new LinkedHashMap<>();
    private final List<Event> events = new CopyOnWriteArrayList<>();
    private final List<Consumer<Event>> listeners = new CopyOnWriteArrayList<>();
    private final CountDownLatch firstRound;
    /** The primary's WAL position at its last check, the reference of every replica's lag. */
    private volatile long primaryLsn = -1;
    private volatile boolean running = true;
    private final List<Thread> threads = new ArrayList<>();

    public HostMonitor(List<HostPort> hosts, Connector connector, Duration refresh) {
        if (hosts.isEmpty()) throw new IllegalArgumentException("a host monitor needs at least one host");
        if (refresh.isNegative() || refresh.isZero()) {
            throw new IllegalArgumentException("refresh must be positive (got " + refresh + ")");
        }
        this.hosts = List.copyOf(hosts);
        this.connector = Objects.requireNonNull(connector, "connector");
        this.refresh = refresh;
        this.firstRound = new CountDownLatch(this.hosts.size());
        for (HostPort h : this.hosts) health.put(h, new AtomicReference<>());
        for (HostPort h : this.hosts) {
            threads.add(Thread.ofVirtual().name("stampede-host-monitor-" + h).start(() -> loop(h)));
        }
    }

    /** A monitor of every host of {@code info}, with its credentials and options, checked every {@code refresh}. */
    public static HostMonitor of(ConnectionInfo info, Duration refresh) {
        return new HostMonitor(info.hosts(), connector(info, checkTimeout(refresh)), refresh);
    }

    /** How long one check may take before the host counts as down. */
    static Duration checkTimeout(Duration refresh) {
        Duration three = refresh.multipliedBy(3);
        return three.compareTo(Duration.ofSeconds(2)) < 0 ? Duration.ofSeconds(2) : three;
    }

    /**
     * Connections to one host of {@code info} at a time: its credentials and options, minus the
     * multi-host ones (a single host must be reached whatever its role), with connect and read timeouts.
     */
    public static Connector connector(ConnectionInfo info, Duration timeout) {
        org.postgresql.Driver driver = new org.postgresql.Driver();
        return host -> {
            Map<String, String> options = new LinkedHashMap<>(info.options());
            options.remove("target_session_attrs");
            options.remove("load_balance_hosts");
            ConnectionInfo one = new ConnectionInfo(List.of(host), info.database(), info.user(),
                    info.password().orElse(null), options);
            Properties p = one.driverProperties();
            String seconds = String.valueOf(Math.max(1, (timeout.toMillis() + 999) / 1000));
            p.setProperty("connectTimeout", seconds);
            p.setProperty("socketTimeout", seconds);
            p.setProperty("ApplicationName", "stampede-monitor");
            Connection c = driver.connect(one.jdbcUrl(), p);
            if (c == null) throw new SQLException("pgjdbc did not accept the URL " + one.jdbcUrl(), "08001");
            return c;
        };
    }

    public Duration refresh() {
        return refresh;
    }

    public List<HostPort> hosts() {
        return hosts;
    }

    /** Waits until every host was checked once; false when {@code timeout} passed first. */
    public boolean awaitFirstRound(Duration timeout) throws InterruptedException {
        return firstRound.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Every host as last checked, in the target's order; hosts not checked yet are left out. */
    public List<HostHealth> snapshot() {
        List<HostHealth> all = new ArrayList<>(hosts.size());
        for (HostPort h : hosts) {
            HostHealth s = health.get(h).get();
            if (s != null) all.add(s);
        }
        return List.copyOf(all);
    }

    /** The host last seen as primary and up, if any. */
    public Optional<HostHealth> primary() {
        return snapshot().stream().filter(HostHealth::primary).findFirst();
    }

    /** Every event so far, oldest first. */
    public List<Event> events() {
        return List.copyOf(events);
    }

    /** Calls {@code listener} with every event from now on (see guarantee 3). */
    public void onEvent(Consumer<Event> listener) {
        listeners.add(Objects.requireNonNull(listener));
    }

    private void loop(HostPort host) {
        Connection c = null;
        long next = System.nanoTime();
        boolean first = true;
        while (running) {
            long t0 = System.nanoTime();
            HostHealth now;
            try {
                if (c == null) c = connector.open(host);
                now = read(host, c, t0);
            } catch (SQLException | RuntimeException e) {
                closeQuietly(c);
                c = null;
                now = new HostHealth(host, false, lastRole(host), -1, Double.NaN,
                        Duration.ofNanos(System.nanoTime() - t0), Instant.now(), message(e));
            }
            record(now);
            if (first) {
                first = false;
                firstRound.countDown();
            }
            // a fixed rate: a slow check does not push every later one back
            next += refresh.toNanos();
            long wait = next - System.nanoTime();
            if (wait < 0) {
                next = System.nanoTime();
                continue;
            }
            try {
                TimeUnit.NANOSECONDS.sleep(wait);
            } catch (InterruptedException e) {
                break;
            }
        }
        closeQuietly(c);
    }

    private HostHealth read(HostPort host, Connection c, long t0) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(QUERY)) {
            rs.next();
            boolean recovery = rs.getBoolean(1);
            long lsn = lsn(rs.getString(2));
            double replaySeconds = rs.getDouble(3);
            if (rs.wasNull()) replaySeconds = Double.NaN;
            Duration took = Duration.ofNanos(System.nanoTime() - t0);
            Instant at = Instant.now();
            if (!recovery) {
                if (lsn >= 0) primaryLsn = lsn;
                return new HostHealth(host, true, Role.PRIMARY, -1, Double.NaN, took, at, null);
            }
            long reference = primaryLsn;
            long lagBytes = reference < 0 || lsn < 0 ? -1 : Math.max(0, reference - lsn);
            double lagSeconds = lagBytes == 0 ? 0 : lagBytes < 0 ? Double.NaN : Math.max(0, replaySeconds);
            return new HostHealth(host, true, Role.REPLICA, lagBytes, lagSeconds, took, at, null);
        }
    }

    /** A {@code pg_lsn} as text ({@code 16/B374D848}) as one number; -1 when null. */
    static long lsn(String text) {
        if (text == null) return -1;
        int slash = text.indexOf('/');
        return (Long.parseLong(text.substring(0, slash), 16) << 32) | Long.parseLong(text.substring(slash + 1), 16);
    }

    private Role lastRole(HostPort host) {
        HostHealth last = health.get(host).get();
        return last == null ? Role.UNKNOWN : last.role();
    }

    private void record(HostHealth now) {
        HostHealth before = health.get(now.host()).getAndSet(now);
        List<Event> happened = new ArrayList<>(2);
        if (before == null || before.up() != now.up()) {
            happened.add(new Event(now.checkedAt(), now.host(), now.up() ? Kind.UP : Kind.DOWN,
                    now.up() ? now.role().name().toLowerCase() : now.error()));
        }
        Role was = before == null ? Role.UNKNOWN : before.role();
        if (now.up() && was != Role.UNKNOWN && was != now.role()) {
            happened.add(new Event(now.checkedAt(), now.host(), now.role() == Role.PRIMARY ? Kind.PROMOTED : Kind.DEMOTED,
                    was.name().toLowerCase() + " -> " + now.role().name().toLowerCase()));
        }
        for (Event e : happened) {
            events.add(e);
            log.info("host {}", e);
            for (Consumer<Event> l : listeners) {
                try {
                    l.accept(e);
                } catch (RuntimeException ex) {
                    log.warn("a host event listener failed", ex);
                }
            }
        }
    }

    private static String message(Exception e) {
        String m = e.getMessage();
        return m == null ? e.getClass().getSimpleName() : m.lines().findFirst().orElse(m);
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
        threads.forEach(Thread::interrupt);
        for (Thread t : threads) {
            try {
                t.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
