package dev.stampede.engine.ha;

import dev.stampede.engine.config.Settings;
import dev.stampede.engine.metrics.HostState;
import dev.stampede.engine.metrics.Metrics;
import dev.stampede.engine.plan.Group;
import dev.stampede.engine.plan.Routed;
import dev.stampede.engine.plan.Step;
import dev.stampede.engine.postgres.ConnectionInfo;
import dev.stampede.engine.postgres.ConnectionRouter;
import dev.stampede.engine.postgres.HostPort;
import dev.stampede.engine.postgres.PgSession;
import dev.stampede.engine.postgres.PostgresTarget;
import dev.stampede.engine.session.AcknowledgedWrites;
import dev.stampede.engine.session.HostStates;
import dev.stampede.engine.session.Sessions;
import dev.stampede.engine.session.StepRunner;
import dev.stampede.engine.session.Target;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * A multi-host PostgreSQL target ({@code postgresql://h1:p1,h2:p2/db}, or an embedded cluster) that
 * routes each worker's connection by role: steps in {@code write { … }} (and steps outside any
 * block) to the primary, steps in {@code read { … }} to a replica chosen by the {@link Balancer}, or
 * to the primary when no replica is up and {@code fallbackToPrimary} is set. Roles and health come
 * from a {@link HostMonitor} (one reserved connection per host); each host has a small pool of
 * {@code poolSize} connections, leased per iteration. A worker waits at most {@code acquireTimeout}
 * for a host of the right role with a free connection, then the step fails as {@code no_primary},
 * {@code no_replica} or {@code timeout}.
 *
 * <p>The SQL steps themselves, the acknowledged-write ledger and the other capabilities are those of
 * a {@link PostgresTarget} over the same hosts, whose own connections (set-up, ledger check, server
 * counts) go to the primary ({@code target_session_attrs=read-write}). Thread-safe; {@link #close()}
 * stops the monitor and closes every pooled connection.
 */
public final class RoutedTarget implements Target, ConnectionRouter, HostStates {

    /** How a routed target spreads and bounds its connections. */
    public record Options(Balancer balancer, boolean fallbackToPrimary, int poolSize, Duration acquireTimeout,
                          Duration refresh, double primaryAsReplicaWeight) {
        public Options(Balancer balancer, boolean fallbackToPrimary, int poolSize, Duration acquireTimeout, Duration refresh) {
            this(balancer, fallbackToPrimary, poolSize, acquireTimeout, refresh, 0);
        }

        public Options {
            if (!(primaryAsReplicaWeight >= 0 && primaryAsReplicaWeight <= 1)) {
                throw new IllegalArgumentException("primaryAsReplicaWeight must be between 0 and 1 (got " + primaryAsReplicaWeight + ")");
            }
            if (poolSize < 1) throw new IllegalArgumentException("poolSize must be at least 1 (got " + poolSize + ")");
            if (acquireTimeout.isNegative() || acquireTimeout.isZero()) {
                throw new IllegalArgumentException("acquireTimeout must be positive (got " + acquireTimeout + ")");
            }
        }

        /** From {@code stampede.ha.*}: balancer, fallback, pool size, acquire timeout and refresh. */
        public static Options defaults(Settings settings) {
            return new Options(Balancer.named(settings.haBalancer()), settings.haFallbackToPrimary(), settings.haPoolSize(),
                    settings.haAcquireTimeout(), settings.haRefresh(), settings.haPrimaryAsReplicaWeight());
        }

        /** The settings' options with what the scenario's routing words say in their place. */
        public static Options of(Settings settings, dev.stampede.engine.plan.TargetSpec.Routing r) {
            Options d = defaults(settings);
            return new Options(r.balancer() == null ? d.balancer() : Balancer.named(r.balancer()),
                    r.fallbackToPrimary() == null ? d.fallbackToPrimary() : r.fallbackToPrimary(),
                    r.poolSize() == null ? d.poolSize() : r.poolSize(),
                    r.acquireTimeout() == null ? d.acquireTimeout() : r.acquireTimeout(),
                    r.refresh() == null ? d.refresh() : r.refresh(),
                    r.primaryAsReplicaWeight() == null ? d.primaryAsReplicaWeight() : r.primaryAsReplicaWeight());
        }

        /** {@code roundRobin, fallback to the primary, 10 connections a host, …}: for the run's header. */
        public String describe() {
            return balancer + (fallbackToPrimary ? ", fallback to the primary" : "") + ", " + poolSize + " connection(s) a host"
                    + (primaryAsReplicaWeight > 0 ? ", the primary takes " + Math.round(primaryAsReplicaWeight * 100) + "% of reads" : "")
                    + ", acquire timeout " + acquireTimeout.toMillis() + "ms, host checks every " + refresh.toMillis() + "ms";
        }
    }

    private final PostgresTarget sql;
    private final Options options;
    private final HostMonitor monitor;
    private final Map<HostPort, HostPool> pools = new LinkedHashMap<>();
    private final FailoverWatch watch = new FailoverWatch();
    private final ConnectionInfo info;
    private final Settings settings;
    /** The fault words, when stampede controls the hosts (an embedded cluster); else null. */
    private volatile ClusterFaults faults;
    private volatile EmbeddedCluster cluster;

    public RoutedTarget(ConnectionInfo info, Settings settings, Options options) {
        this.info = info;
        this.settings = settings;
        Map<String, String> primaryOnly = new LinkedHashMap<>(info.options());
        primaryOnly.put("target_session_attrs", "read-write");
        this.sql = new PostgresTarget(new ConnectionInfo(info.hosts(), info.database(), info.user(),
                info.password().orElse(null), primaryOnly), settings);
        this.options = options;
        HostMonitor.Connector connector = loadConnector(info, settings);
        for (HostPort h : info.hosts()) pools.put(h, new HostPool(h, options.poolSize(), connector));
        this.monitor = HostMonitor.of(info, options.refresh());
        monitor.onEvent(e -> {
            if (e.kind() == HostMonitor.Kind.DOWN) pools.get(e.host()).drain();
        });
        monitor.onEvent(watch::hostEvent);
    }

    /**
     * This target's hosts are {@code cluster}'s, which stampede controls: the fault words
     * ({@link dev.stampede.engine.session.Faults}) act on it, and the ledger is checked on its primary.
     */
    public RoutedTarget controlling(EmbeddedCluster cluster) {
        this.cluster = cluster;
        this.faults = new ClusterFaults(cluster, watch);
        return this;
    }

    /** Load connections: the target's credentials and options for one host, no read timeout (queries may be long). */
    private static HostMonitor.Connector loadConnector(ConnectionInfo info, Settings settings) {
        org.postgresql.Driver driver = new org.postgresql.Driver();
        return host -> {
            Map<String, String> opts = new LinkedHashMap<>(info.options());
            opts.remove("target_session_attrs");
            opts.remove("load_balance_hosts");
            ConnectionInfo one = new ConnectionInfo(List.of(host), info.database(), info.user(), info.password().orElse(null), opts);
            Properties p = one.driverProperties();
            p.putIfAbsent("connectTimeout", String.valueOf(Math.max(1, settings.connectTimeout().toSeconds())));
            p.setProperty("assumeMinServerVersion", settings.assumeMinServerVersion());
            p.putIfAbsent("ApplicationName", "stampede");
            Connection c = driver.connect(one.jdbcUrl(), p);
            if (c == null) throw new SQLException("pgjdbc did not accept the URL " + one.jdbcUrl(), "08001");
            return c;
        };
    }

    /** Waits until every host was checked once, so the first iteration finds the roles known. */
    public RoutedTarget awaitRoles(Duration timeout) throws InterruptedException {
        monitor.awaitFirstRound(timeout);
        return this;
    }

    public HostMonitor monitor() {
        return monitor;
    }

    public Options options() {
        return options;
    }

    /** How many leases each host has given so far, in the target's host order. */
    public Map<HostPort, Long> leases() {
        Map<HostPort, Long> m = new LinkedHashMap<>();
        pools.forEach((h, p) -> m.put(h, p.leases()));
        return m;
    }

    /** The free connections of each host's pool now. */
    public Map<HostPort, Integer> free() {
        Map<HostPort, Integer> m = new LinkedHashMap<>();
        pools.forEach((h, p) -> m.put(h, p.free()));
        return m;
    }

    /**
     * A group's sessions start once the replicas up have replayed what the primary had written
     * (set-up tables and rows, an earlier stage's inserts), so reads do not fail on tables a replica
     * has not seen yet; at most {@link #CATCH_UP} is spent waiting. One-off sessions (set-up, events) do not wait.
     */
    @Override
    public Sessions sessions(Group group) {
        if (group != null) awaitReplicasCaughtUp(CATCH_UP);
        return () -> PgSession.routed(sql, this);
    }

    /** The longest wait for the replicas to catch up before a group starts. */
    static final Duration CATCH_UP = Duration.ofSeconds(30);

    /**
     * Waits until every replica up has replayed the primary's current WAL insert position (not its write
     * position: with asynchronous commit the last commits may not be written yet), after making the primary
     * flush up to it; false when {@code timeout} passed first.
     */
    public boolean awaitReplicasCaughtUp(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            String lsn;
            Lease primary = acquire(Routed.Route.WRITE);
            boolean broken = false;
            try (var st = primary.connection().createStatement()) {
                try (var rs = st.executeQuery("SELECT pg_current_wal_insert_lsn()::text")) {
                    rs.next();
                    lsn = rs.getString(1);
                }
                // WAL inserted but not flushed (the background writer's standby snapshot every 15 s, the last
                // asynchronous commits) is not streamed until something flushes it: a commit that waits for
                // its own flush flushes everything inserted before it, so the replicas can reach lsn now.
                st.execute("BEGIN; SET LOCAL synchronous_commit TO local; SELECT pg_current_xact_id(); COMMIT");
            } catch (SQLException e) {
                broken = true;
                throw e;
            } finally {
                primary.release(broken);
            }
            for (HostPool pool : candidates(Routed.Route.READ)) {
                if (!awaitReplay(pool, lsn, deadline)) {
                    org.slf4j.LoggerFactory.getLogger(RoutedTarget.class).warn(
                            "replica {} had not replayed the primary's {} after {}: reads may miss recent writes", pool.host(), lsn, timeout);
                    return false;
                }
            }
            return true;
        } catch (SQLException e) {
            org.slf4j.LoggerFactory.getLogger(RoutedTarget.class).warn("could not wait for the replicas to catch up: {}", e.getMessage());
            return false;
        }
    }

    private static boolean awaitReplay(HostPool pool, String lsn, long deadline) throws SQLException {
        try {
            Connection c = pool.take(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
            if (c == null) return false;
            boolean broken = false;
            try (var ps = c.prepareStatement("SELECT pg_is_in_recovery() AND coalesce(pg_last_wal_replay_lsn() >= ?::pg_lsn, false)")) {
                ps.setString(1, lsn);
                while (true) {
                    try (var rs = ps.executeQuery()) {
                        rs.next();
                        if (rs.getBoolean(1)) return true;
                    }
                    if (System.nanoTime() - deadline >= 0) return false;
                    Thread.sleep(10);
                }
            } catch (SQLException e) {
                broken = true;
                throw e;
            } finally {
                pool.giveBack(c, broken);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public Optional<StepRunner> runner(Step step, Metrics metrics) {
        return sql.runner(step, metrics);
    }

    @Override
    public <C> Optional<C> capability(Class<C> type) {
        if (type == dev.stampede.engine.session.Faults.class) return Optional.ofNullable(faults).map(type::cast);
        if (type == AcknowledgedWrites.class) return Optional.of(type.cast(ledgerOnPrimary));
        return type.isInstance(this) ? Optional.of(type.cast(this)) : sql.capability(type);
    }

    /**
     * The acknowledged-write ledger, checked after the run on the host that is the primary then (the new
     * one after a failover: the cluster's, else the one the monitor sees), not on the first host of the
     * URL that accepts writes, which may be a restarted former primary that diverged.
     */
    private final AcknowledgedWrites ledgerOnPrimary = new AcknowledgedWrites() {
        @Override
        public void clear() {
            sql.clear();
        }

        @Override
        public boolean verifyInto(dev.stampede.engine.result.Findings findings) {
            EmbeddedCluster c = cluster;
            HostPort primary = c != null ? c.primary().host() : monitor.primary().map(HostMonitor.HostHealth::host).orElse(null);
            if (primary == null) return sql.verifyInto(findings);
            Map<String, String> opts = new LinkedHashMap<>(info.options());
            opts.remove("target_session_attrs");
            opts.remove("load_balance_hosts");
            PostgresTarget one = new PostgresTarget(new ConnectionInfo(List.of(primary), info.database(), info.user(),
                    info.password().orElse(null), opts), settings);
            try {
                return sql.verifyInto(findings, one);
            } finally {
                one.close();
            }
        }
    };

    @Override
    public void succeeded(Routed.Route route, Lease lease) {
        watch.succeeded(route, lease instanceof PoolLease p ? p.pool.host() : null);
    }

    @Override
    public void failed(Routed.Route route, String kind) {
        watch.failed(route, kind);
    }

    @Override
    public List<HostState> hosts() {
        List<HostState> out = new ArrayList<>(pools.size());
        for (HostMonitor.HostHealth h : monitor.snapshot()) {
            HostPool p = pools.get(h.host());
            double[] figures = p == null ? new double[]{Double.NaN, -1} : p.interval(h);
            out.add(new HostState(h.host().toString(), h.up(), h.role().name().toLowerCase(java.util.Locale.ROOT),
                    h.lagBytes(), h.lagSeconds(), p == null ? -1 : p.size() - p.free(), figures[0], (long) figures[1]));
        }
        return out;
    }

    @Override
    public List<java.util.Map<String, Object>> totals() {
        List<java.util.Map<String, Object>> out = new ArrayList<>();
        java.util.Map<HostPort, HostMonitor.HostHealth> last = new LinkedHashMap<>();
        monitor.snapshot().forEach(h -> last.put(h.host(), h));
        pools.forEach((host, p) -> {
            java.util.Map<String, Object> m = new LinkedHashMap<>();
            HostMonitor.HostHealth h = last.get(host);
            m.put("host", host.toString());
            m.put("role", h == null ? "unknown" : h.role().name().toLowerCase(java.util.Locale.ROOT));
            m.put("state", h != null && h.up() ? "up" : "down");
            m.putAll(p.totals());
            out.add(m);
        });
        return out;
    }

    @Override
    public void onChange(java.util.function.BiConsumer<String, String> listener) {
        monitor.onEvent(e -> listener.accept("host", e.host() + " " + e.kind().name().toLowerCase(java.util.Locale.ROOT)
                + (e.detail() == null || e.detail().isEmpty() ? "" : ": " + e.detail())));
    }

    /** The pools in rotation for {@code route} now (the fallback included), latencies refreshed. */
    List<HostPool> candidates(Routed.Route route) {
        List<HostPool> primaries = new ArrayList<>(1);
        List<HostPool> replicas = new ArrayList<>(pools.size());
        for (HostMonitor.HostHealth h : monitor.snapshot()) {
            HostPool p = pools.get(h.host());
            p.observe(h);
            if (!p.inRotation(h)) continue;
            if (h.role() == HostMonitor.Role.PRIMARY) primaries.add(p);
            else if (h.role() == HostMonitor.Role.REPLICA) replicas.add(p);
        }
        if (route != Routed.Route.READ) return primaries;
        if (replicas.isEmpty()) return options.fallbackToPrimary() ? primaries : replicas;
        // the primary's share of reads while replicas are up
        double w = options.primaryAsReplicaWeight();
        if (w > 0 && !primaries.isEmpty() && (w >= 1 || java.util.concurrent.ThreadLocalRandom.current().nextDouble() < w)) return primaries;
        return replicas;
    }

    @Override
    public Lease acquire(Routed.Route route) throws SQLException {
        long deadline = System.nanoTime() + options.acquireTimeout().toNanos();
        boolean sawHost = false;
        try {
            while (true) {
                List<HostPool> candidates = candidates(route);
                long left = deadline - System.nanoTime();
                if (!candidates.isEmpty()) {
                    sawHost = true;
                    // no choice, no pick: a write's lone primary must not advance the readers' round robin
                    HostPool pool = candidates.size() == 1 ? candidates.getFirst() : options.balancer().pick(candidates);
                    // wait a little on the chosen host, then look again: another may have come free or up
                    Connection c = pool.take(Duration.ofNanos(Math.max(0, Math.min(left, TimeUnit.MILLISECONDS.toNanos(50)))));
                    if (c != null) return new PoolLease(pool, c);
                } else if (left > 0) {
                    Thread.sleep(Math.min(10, Math.max(1, TimeUnit.NANOSECONDS.toMillis(left))));
                }
                if (System.nanoTime() - deadline >= 0) {
                    String wanted = route == Routed.Route.READ ? "replica" : "primary";
                    throw sawHost
                            ? new NoHostException("timeout", "no connection to a " + wanted + " came free within " + options.acquireTimeout())
                            : new NoHostException("no_" + wanted, "no " + wanted + " up within " + options.acquireTimeout());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLException("interrupted while waiting for a connection", "57014", e);
        }
    }

    private final class PoolLease implements Lease {
        private final HostPool pool;
        private final Connection connection;

        PoolLease(HostPool pool, Connection connection) {
            this.pool = pool;
            this.connection = connection;
        }

        @Override
        public Connection connection() {
            return connection;
        }

        @Override
        public boolean serves(Routed.Route route) {
            return candidates(route).contains(pool);
        }

        @Override
        public void completed(long nanos) {
            pool.completed(nanos);
        }

        @Override
        public void release(boolean broken) {
            pool.giveBack(connection, broken);
        }
    }

    @Override
    public void close() {
        monitor.close();
        pools.values().forEach(HostPool::drain);
        sql.close();
    }
}
