package dev.stampede.engine.session;

import dev.stampede.engine.postgres.AckLedger;

import dev.stampede.engine.config.Settings;
import dev.stampede.engine.metrics.ErrorKinds;
import dev.stampede.engine.metrics.OperationMeter;
import dev.stampede.engine.plan.StepContext;
import dev.stampede.engine.postgres.PostgresTarget;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.BooleanSupplier;
import java.util.random.RandomGenerator;

/**
 * One worker's state: its connection (raw and kept, or borrowed from the group's pool per
 * iteration), prepared statements, random generator, the stop flag and the error policy.
 *
 * <p>Confined to one thread at a time (a worker's, or in the open model the arrival that holds it),
 * except {@link #stopping()}, which reads a volatile flag.
 */
public final class WorkerContext implements StepContext {

    private static final Logger log = LoggerFactory.getLogger(WorkerContext.class);

    private final PostgresTarget target;
    private final DataSource pool;
    private final BooleanSupplier stopping;
    private final Duration backoffExhausted;
    private final Duration backoffOther;
    private final Map<String, Object> params;
    private final RandomGenerator random;
    private final Map<String, PreparedStatement> statements = new HashMap<>();
    private final Map<String, long[]> idRanges = new HashMap<>();
    private final AckLedger ledger;
    /** Ids inserted inside an open transaction: acknowledged only when it commits. */
    private final java.util.List<Object[]> pending = new java.util.ArrayList<>();
    private Connection connection;
    private Throwable lastError;
    /** Open model: when the current iteration should have started (System.nanoTime), or 0. */
    public long intendedStart;

    public WorkerContext(PostgresTarget target, BooleanSupplier stopping, Settings settings) {
        this(target, null, stopping, settings, Map.of(), new SplittableRandom().split(), new AckLedger());
    }

    public WorkerContext(PostgresTarget target, DataSource pool, BooleanSupplier stopping, Settings settings,
                  Map<String, Object> params, RandomGenerator random, AckLedger ledger) {
        this.ledger = ledger;
        this.target = target;
        this.pool = pool;
        this.stopping = stopping;
        this.backoffExhausted = settings.backoffExhausted();
        this.backoffOther = settings.backoffOther();
        this.params = params;
        this.random = random;
    }

    public PostgresTarget target() {
        return target;
    }

    public boolean stopping() {
        return stopping.getAsBoolean() || Thread.currentThread().isInterrupted();
    }

    @Override
    public Connection connection() throws SQLException {
        if (connection == null) {
            connection = pool != null ? pool.getConnection() : target.open();
        }
        return connection;
    }

    /** A statement prepared once per connection and reused. */
    public PreparedStatement prepare(String sql) throws SQLException {
        PreparedStatement ps = statements.get(sql);
        if (ps == null || ps.isClosed()) {
            ps = connection().prepareStatement(sql);
            statements.put(sql, ps);
        }
        return ps;
    }

    /** The [min, max] id range of {@code table}, read once per connection and refreshed now and then. */
    public long[] idRange(String table, boolean refresh) throws SQLException {
        long[] r = idRanges.get(table);
        if (r == null || refresh) {
            try (var rs = connection().createStatement().executeQuery("SELECT coalesce(min(id), 0), coalesce(max(id), 0) FROM " + table)) {
                rs.next();
                r = new long[]{rs.getLong(1), rs.getLong(2)};
            }
            idRanges.put(table, r);
        }
        return r;
    }

    /** Ids the server returned for an insert: acknowledged now (autocommit) or when the transaction commits. */
    public void inserted(String table, long[] ids) throws SQLException {
        if (connection().getAutoCommit()) ledger.acknowledge(table, ids);
        else pending.add(new Object[]{table, ids});
    }

    /** The enclosing transaction committed (true) or rolled back (false). */
    public void transactionEnded(boolean committed) {
        if (committed) pending.forEach(p -> ledger.acknowledge((String) p[0], (long[]) p[1]));
        pending.clear();
    }

    @Override
    public RandomGenerator random() {
        return random;
    }

    @Override
    public Object param(String name) {
        return params.get(name);
    }

    @Override
    public void log(String message) {
        log.info("[{}] {}", Thread.currentThread().getName(), message);
    }

    /** The last failure this worker counted, for set-up messages. */
    public Throwable lastError() {
        return lastError;
    }

    /** End of an iteration: a pooled connection goes back to the pool; a raw one is kept. */
    public void endIteration() {
        if (pool != null) release();
    }

    /**
     * Counts a failure against {@code meter} and pauses the worker (longer when a limit is exhausted),
     * unless the run is stopping: failures caused by the shutdown itself are not the target's fault.
     * A failure that broke the connection discards it; the next step opens a new one.
     */
    public void failed(OperationMeter meter, Throwable error) throws InterruptedException {
        if (stopping()) throw new InterruptedException("stopping");
        lastError = error;
        String kind = ErrorKinds.classify(error);
        meter.recordError(kind, error);
        if (brokeConnection(kind)) release();
        Duration pause = ErrorKinds.isExhaustion(kind) ? backoffExhausted : backoffOther;
        if (!pause.isZero()) Thread.sleep(pause);
    }

    private boolean brokeConnection(String kind) {
        if (connection == null) return false;
        if (kind.startsWith("08") || kind.startsWith("57P") || kind.equals(ErrorKinds.RESET)) return true;
        try {
            return connection.isClosed();
        } catch (SQLException e) {
            return true;
        }
    }

    /** Closes (or returns to the pool) the worker's connection and its statements. */
    public void release() {
        statements.clear();
        idRanges.clear();
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // already broken
            }
            connection = null;
        }
    }
}
