package dev.stampede.engine.postgres;

import dev.stampede.engine.metrics.Metrics;
import dev.stampede.engine.metrics.ServerStatus;
import dev.stampede.engine.plan.Connect;
import dev.stampede.engine.plan.Copy;
import dev.stampede.engine.plan.Group;
import dev.stampede.engine.plan.InsertBatch;
import dev.stampede.engine.plan.Sql;
import dev.stampede.engine.plan.Step;
import dev.stampede.engine.plan.Routed;
import dev.stampede.engine.plan.Transaction;
import dev.stampede.engine.plan.UpdateRandom;
import dev.stampede.engine.result.Findings;
import dev.stampede.engine.session.AcknowledgedWrites;
import dev.stampede.engine.session.HeldConnections;
import dev.stampede.engine.session.ServerConnections;
import dev.stampede.engine.session.Sessions;
import dev.stampede.engine.session.StepRunner;
import dev.stampede.engine.session.Target;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.stampede.engine.config.Settings;

import java.sql.Connection;
import java.sql.Driver;
import java.sql.SQLException;
import java.util.Properties;

/**
 * Opens raw pgjdbc connections to a resolved target, bypassing {@code DriverManager}'s global lookup.
 *
 * <p>Raw connections, not a pool: churn and hold measure exactly the connection lifecycle a pool hides.
 * As a {@link Target} it runs the SQL step family on {@link PgSession}s and offers server connection
 * counts, held connections and the acknowledged-write ledger.
 * Thread-safe: any number of workers may call {@link #open()} at once.
 */
public final class PostgresTarget implements Target, ServerConnections, HeldConnections, AcknowledgedWrites,
        dev.stampede.engine.session.WrittenTables {

    private final ConnectionInfo info;
    private final Driver driver = new org.postgresql.Driver();
    private final String url;
    private final Properties properties;
    /** {@link #properties} for the connections of groups that COPY (see {@link #open(boolean)}). */
    private final Properties copyProperties;
    private final java.time.Duration connectTimeout;
    private volatile boolean lean;
    private final AckLedger ledger = new AckLedger();

    public PostgresTarget(ConnectionInfo info, Settings settings) {
        this.info = info;
        this.url = info.jdbcUrl();
        Properties p = new Properties();
        p.setProperty("connectTimeout", String.valueOf(Math.max(1, settings.connectTimeout().toSeconds())));
        p.setProperty("assumeMinServerVersion", settings.assumeMinServerVersion());
        p.setProperty("ApplicationName", "stampede");
        p.putAll(info.driverProperties());
        this.properties = p;
        this.copyProperties = withCopyBuffer(p);
        // the URL's connect_timeout (seconds) wins over the settings, as it does for pgjdbc
        this.connectTimeout = seconds(p.getProperty("connectTimeout"), settings.connectTimeout());
        this.lean = settings.leanClient() && LeanConnection.supports(info);
    }

    private static java.time.Duration seconds(String text, java.time.Duration otherwise) {
        try {
            long s = Long.parseLong(text.strip());
            return s > 0 ? java.time.Duration.ofSeconds(s) : otherwise;
        } catch (NumberFormatException e) {
            return otherwise;
        }
    }

    /**
     * pgjdbc writes what it buffered before a write too large for its buffer (8 KB by default): each 64 KB
     * CopyData message went out as two writes, its 5-byte header alone (a system call and a TCP segment of
     * its own for the client and the server). Buffering a message and its header makes it one write: the
     * client's system CPU per 1 KB row fell from 0.49-0.51 µs to 0.33-0.34 µs (strace: 3,876 writes of
     * 5 bytes and 3,468 of 65,536 in 2 s, then only writes of 65,541). A URL that sets
     * {@code maxSendBufferSize} itself keeps its own.
     */
    private static Properties withCopyBuffer(Properties p) {
        Properties copy = new Properties();
        copy.putAll(p);
        copy.putIfAbsent("maxSendBufferSize", String.valueOf(WriteRunners.CopyIn.COPY_MESSAGE + 5));
        return copy;
    }

    public ConnectionInfo info() {
        return info;
    }

    /** Sets a pgjdbc property for the connections opened from now on (a pooler's {@code prepareThreshold=0}, say). */
    void driverProperty(String key, String value) {
        properties.setProperty(key, value);
    }

    /** The driver properties (credentials included): for pools that open connections themselves. */
    public Properties properties() {
        return properties(false);
    }

    /** The driver properties, with COPY's send buffer when {@code copies} (see {@link #open(boolean)}). */
    Properties properties(boolean copies) {
        Properties copy = new Properties();
        copy.putAll(copies ? copyProperties : properties);
        return copy;
    }

    /**
     * A new connection that will only be pinged, queried as text and closed (hold, connect()): the lean
     * client when the settings ask for it and it can serve this target, pgjdbc otherwise. When the server asks for an authentication method the lean client lacks,
     * this target switches to pgjdbc for good and retries.
     */
    public BareConnection openBare() throws SQLException {
        if (lean) {
            try {
                return LeanConnection.open(info, connectTimeout, properties.getProperty("ApplicationName", "stampede"));
            } catch (java.sql.SQLFeatureNotSupportedException e) {
                lean = false;
                org.slf4j.LoggerFactory.getLogger(PostgresTarget.class).info("lean client: {}; using pgjdbc instead", e.getMessage());
            }
        }
        return BareConnection.of(open());
    }

    /** Which client {@link #openBare()} uses now: {@code lean} or {@code pgjdbc}. */
    public String bareClient() {
        return lean ? "lean" : "pgjdbc";
    }

    /** A new connection; the caller closes it. */
    public Connection open() throws SQLException {
        return open(false);
    }

    /**
     * A new connection; the caller closes it. {@code copies}: for a worker that runs COPY, its send buffer
     * holds a whole CopyData message (64 KB more per connection, so only for those).
     */
    Connection open(boolean copies) throws SQLException {
        Connection c = driver.connect(url, copies ? copyProperties : properties);
        if (c == null) throw new SQLException("pgjdbc did not accept the URL " + url, "08001");
        return c;
    }

    AckLedger ledger() {
        return ledger;
    }

    @Override
    public Sessions sessions(Group group) {
        return new PgSessions(this, group);
    }

    @Override
    public Optional<StepRunner> runner(Step step, Metrics metrics) {
        return Optional.ofNullable(switch (step) {
            case Connect c -> new ConnectRunner(metrics.meter(c.operation()));
            case Sql q -> new SqlRunner(q, metrics.meter(q.operation()));
            case Transaction t -> new TransactionRunner(metrics.meter(t.operation()), StepRunner.all(t.steps(), metrics, this));
            case InsertBatch i -> new WriteRunners.Insert(i, metrics.meter(i.operation()));
            case UpdateRandom u -> new WriteRunners.Update(u, metrics.meter(u.operation()));
            case Copy c -> new WriteRunners.CopyIn(c, metrics.meter(c.operation()));
            case Routed r -> new RoutedRunner(r.route(), StepRunner.all(r.steps(), metrics, this));
            default -> null;
        });
    }

    @Override
    public ServerStatus readOnce() throws SQLException {
        return ServerMonitor.readOnce(this);
    }

    @Override
    public ServerConnections.Watch watch(java.time.Duration every, java.util.function.Consumer<ServerStatus> listener) {
        return new ServerMonitor(this, every, listener);
    }

    @Override
    public Map<String, Map<String, Object>> measure(dev.stampede.engine.plan.Plan plan) {
        return TableSizes.measure(this, TableSizes.written(plan));
    }

    @Override
    public Boolean exists(String table) {
        return TableSizes.exists(this, table);
    }

    @Override
    public Held hold() throws SQLException {
        return openBare();
    }

    @Override
    public String client() {
        return bareClient();
    }

    /** max_connections, the reserved slots and the client backends, read on a held connection. */
    @Override
    public Map<String, Object> limits(Held on) throws SQLException {
        List<String> row = ((BareConnection) on).query(
                "SELECT current_setting('max_connections')::int, current_setting('superuser_reserved_connections')::int,"
                        + " coalesce(nullif(current_setting('reserved_connections', true), '')::int, 0),"
                        + " (SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'client backend')::int").getFirst();
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("maxConnections", Integer.parseInt(row.get(0)));
        f.put("superuserReservedConnections", Integer.parseInt(row.get(1)));
        f.put("reservedConnections", Integer.parseInt(row.get(2)));
        f.put("clientBackends", Integer.parseInt(row.get(3)));
        return f;
    }

    @Override
    public void clear() {
        ledger.clear();
    }

    @Override
    public boolean verifyInto(Findings findings) {
        return ledger.verifyInto(this, findings);
    }

    /** The ledger checked on {@code server} (a multi-host target's primary now, say) instead of this target's own URL. */
    public boolean verifyInto(Findings findings, PostgresTarget server) {
        return ledger.verifyInto(server, findings);
    }
}
