package dev.stampede.engine.postgres;

import dev.stampede.engine.metrics.ErrorKinds;
import dev.stampede.engine.plan.Routed;
import dev.stampede.engine.session.Session;
import dev.stampede.engine.session.WorkerContext;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One worker's PostgreSQL state: its JDBC connection (raw and kept, or borrowed from the group's pool
 * per iteration), prepared statements, id ranges, and the ids inserted in an open transaction.
 *
 * <p>Confined to one thread at a time, like its worker.
 */
public final class PgSession implements Session {

    private final PostgresTarget target;
    private final DataSource pool;
    private final AckLedger ledger;
    private final Map<String, PreparedStatement> statements = new HashMap<>();
    private final Map<String, long[]> idRanges = new HashMap<>();
    /** Ids inserted inside an open transaction: acknowledged only when it commits. */
    private final List<Object[]> pending = new ArrayList<>();
    private Connection connection;
    /** A multi-host target's router, or null: connections come from the pool or the target then. */
    private final ConnectionRouter router;
    private ConnectionRouter.Lease lease;
    /** The read/write block the worker is in (null: none). */
    private Routed.Route route;
    /** The COPY step's encoding buffer, kept from COPY to COPY (null until the first). */
    private CsvRows csvRows;

    /** Whether this worker runs COPY: its raw connections get a send buffer for whole CopyData messages. */
    private final boolean copies;

    PgSession(PostgresTarget target, DataSource pool, AckLedger ledger, boolean copies) {
        this(target, pool, ledger, null, copies);
    }

    private PgSession(PostgresTarget target, DataSource pool, AckLedger ledger, ConnectionRouter router, boolean copies) {
        this.target = target;
        this.pool = pool;
        this.ledger = ledger;
        this.router = router;
        this.copies = copies;
    }

    /**
     * A session whose connections {@code router} lends per iteration, by the role each step needs;
     * inserts are acknowledged into {@code target}'s ledger.
     */
    public static PgSession routed(PostgresTarget target, ConnectionRouter router) {
        return new PgSession(target, null, target.ledger(), java.util.Objects.requireNonNull(router), false);
    }

    /**
     * Enters a read or write block ({@code null}: leaves them all) and returns the route it replaces.
     * A leased connection whose host does not serve the new route goes back, unless a transaction is open on it.
     */
    Routed.Route route(Routed.Route next) {
        Routed.Route before = route;
        route = next;
        if (lease != null && !lease.serves(next) && pending.isEmpty() && autoCommit()) release();
        return before;
    }

    private boolean autoCommit() {
        try {
            return connection == null || connection.getAutoCommit();
        } catch (SQLException e) {
            return true;
        }
    }

    /** This worker's CSV buffer for the COPY step (one CopyData message and a row), emptied. */
    CsvRows csvRows() {
        if (csvRows == null) csvRows = new CsvRows(WriteRunners.CopyIn.COPY_MESSAGE + 8192);
        return csvRows.clear();
    }

    /** The PostgreSQL session of {@code ctx}: SQL steps only run against a PostgreSQL target. */
    static PgSession of(WorkerContext ctx) {
        return (PgSession) ctx.session();
    }

    PostgresTarget target() {
        return target;
    }

    @Override
    public Connection connection() throws SQLException {
        if (connection == null) {
            if (router != null) {
                lease = router.acquire(route);
                connection = lease.connection();
            } else {
                connection = pool != null ? pool.getConnection() : target.open(copies);
            }
        }
        return connection;
    }

    /** Raw connections only: a pool is pre-filled. */
    @Override
    public void warmUp() {
        if (pool != null || router != null) return;
        try {
            connection();
        } catch (SQLException e) {
            release(); // the first iteration will try again and count the failure
        }
    }

    /** A statement prepared once per connection and reused. */
    PreparedStatement prepare(String sql) throws SQLException {
        PreparedStatement ps = statements.get(sql);
        if (ps == null || ps.isClosed()) {
            ps = connection().prepareStatement(sql);
            statements.put(sql, ps);
        }
        return ps;
    }

    /** The [min, max] id range of {@code table}, read once per connection and refreshed now and then. */
    long[] idRange(String table, boolean refresh) throws SQLException {
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
    void inserted(String table, long[] ids) throws SQLException {
        if (connection().getAutoCommit()) ledger.acknowledge(table, ids);
        else pending.add(new Object[]{table, ids});
    }

    /** The enclosing transaction committed (true) or rolled back (false). */
    void transactionEnded(boolean committed) {
        if (committed) pending.forEach(p -> ledger.acknowledge((String) p[0], (long[]) p[1]));
        pending.clear();
    }

    @Override
    public void endIteration() {
        if (pool != null || router != null) release();
    }

    /** A failure that broke the connection discards it; the next step opens a new one. */
    @Override
    public void failed(String kind) {
        if (router != null && route != null) router.failed(route, kind);
        if (brokeConnection(kind)) release(true);
    }

    /** The read or write block the session is in completed, after {@code nanos}. */
    void blockSucceeded(long nanos) {
        if (router == null || route == null) return;
        if (lease != null) lease.completed(nanos);
        router.succeeded(route, lease);
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

    @Override
    public void release() {
        release(false);
    }

    private void release(boolean broken) {
        idRanges.clear();
        if (lease != null) {
            // the connection goes back to its host's pool: its statements end here (pgjdbc's own cache keeps them prepared)
            if (!broken) statements.values().forEach(PgSession::closeQuietly);
            ConnectionRouter.Lease l = lease;
            lease = null;
            connection = null;
            statements.clear();
            l.release(broken);
        } else if (connection != null) {
            statements.clear();
            try {
                connection.close();
            } catch (SQLException ignored) {
                // already broken
            }
            connection = null;
        }
    }

    private static void closeQuietly(PreparedStatement ps) {
        try {
            ps.close();
        } catch (SQLException ignored) {
            // the connection broke meanwhile; it is discarded anyway
        }
    }
}
