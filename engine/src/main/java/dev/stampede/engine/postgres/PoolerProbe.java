package dev.stampede.engine.postgres;

import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The pooler checklist: what session state survives, what vanishes and what leaks into another client,
 * observed directly on the server and through the pooler, side by side.
 *
 * <p>Every check uses two real clients, A and B. Where a check needs the pooler to hand A's server
 * connection to B, B <em>pins</em> it: it opens a transaction right after A's statement released the server
 * connection (PgBouncer reuses the most recently released one), so A's next statement runs on another
 * server connection. Each outcome is what the clients saw, never what the pooler is assumed to do; the
 * detail says how (the backend pids seen, the error). A pool size of at least 2 is needed (two clients at
 * once in session mode, A beside a pinning B in transaction mode).
 *
 * <p>Not thread-safe: one probe runs its checks one after another on its own connections, all closed
 * before {@link #run()} returns.
 */
public final class PoolerProbe {

    /** One check's observation on one endpoint: a short outcome word and what happened. */
    public record Outcome(String outcome, String detail) {
    }

    /** One row of the table: feature · direct · through the pooler · what happened. */
    public record Row(String feature, Outcome direct, Outcome pooled) {
        public Map<String, Object> json() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("feature", feature);
            m.put("direct", direct.outcome());
            m.put("pooled", pooled.outcome());
            m.put("directDetail", direct.detail());
            m.put("pooledDetail", pooled.detail());
            return m;
        }
    }

    /** Opens the clients of one side (direct or pooled). */
    @FunctionalInterface
    interface Endpoint {
        Connection open(String applicationName, Map<String, String> extra) throws SQLException;
    }

    private final Endpoint direct;
    private final Endpoint pooled;

    PoolerProbe(Endpoint direct, Endpoint pooled) {
        this.direct = direct;
        this.pooled = pooled;
    }

    /** The probe of a started pooler: the server behind it against the pooler itself. */
    public static PoolerProbe of(PgBouncer bouncer) {
        return new PoolerProbe(endpoint(bouncer.server()), endpoint(bouncer.connectionInfo()));
    }

    private static Endpoint endpoint(ConnectionInfo info) {
        org.postgresql.Driver driver = new org.postgresql.Driver();
        return (app, extra) -> {
            Properties p = new Properties();
            p.putAll(info.driverProperties());
            p.setProperty("ApplicationName", app);
            p.setProperty("prepareThreshold", "0"); // pgjdbc's own named statements would collide on shared server connections
            p.setProperty("connectTimeout", "10");
            p.setProperty("socketTimeout", "30");
            p.putAll(extra);
            Connection c = driver.connect(info.jdbcUrl(), p);
            if (c == null) throw new SQLException("pgjdbc did not accept " + info.masked());
            return c;
        };
    }

    /** The checks, in table order. */
    static final List<String> FEATURES = List.of(
            "SET persists across transactions",
            "SET LOCAL stays in its transaction",
            "RESET ALL by another client",
            "DISCARD ALL resets own session",
            "temporary table across transactions",
            "SQL PREPARE/EXECUTE across transactions",
            "protocol-level prepared statement",
            "session advisory lock",
            "LISTEN/NOTIFY delivery",
            "WITH HOLD cursor across transactions",
            "application_name seen by the server",
            "search_path (startup parameter) seen by the server",
            "session state leaks to another client");

    /** Runs every check on both sides. */
    public List<Row> run() {
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < FEATURES.size(); i++) {
            rows.add(new Row(FEATURES.get(i), check(i, direct), check(i, pooled)));
        }
        return rows;
    }

    private Outcome check(int i, Endpoint e) {
        try {
            return switch (i) {
                case 0 -> setAcrossTransactions(e);
                case 1 -> setLocal(e);
                case 2 -> resetByOther(e);
                case 3 -> discardAll(e);
                case 4 -> tempTable(e);
                case 5 -> sqlPrepare(e);
                case 6 -> protocolPrepared(e);
                case 7 -> advisoryLock(e);
                case 8 -> listenNotify(e);
                case 9 -> withHoldCursor(e);
                case 10 -> applicationName(e);
                case 11 -> searchPath(e);
                case 12 -> leak(e);
                default -> throw new IllegalStateException("no check " + i);
            };
        } catch (SQLException ex) {
            return new Outcome("error", firstLine(ex.getMessage()));
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            return new Outcome("error", "interrupted");
        }
    }

    // --- the checks ---------------------------------------------------------------------------------

    private Outcome setAcrossTransactions(Endpoint e) throws SQLException {
        try (Connection a = e.open("probe-a", Map.of()); Connection b = e.open("probe-b", Map.of())) {
            exec(a, "SET work_mem = '7MB'");
            int pidA = pid(a);
            try (Pin pin = new Pin(b)) {
                String seen = one(a, "SHOW work_mem");
                int pidA2 = pid(a);
                return seen.equals("7MB")
                        ? new Outcome("persists", "A's next transaction saw work_mem 7MB" + pids(pidA, pidA2))
                        : new Outcome("lost", "A set work_mem 7MB, its next transaction saw " + seen + pids(pidA, pidA2)
                        + "; B holds server connection " + pin.pid);
            }
        }
    }

    private Outcome setLocal(Endpoint e) throws SQLException {
        try (Connection a = e.open("probe-a", Map.of())) {
            a.setAutoCommit(false);
            exec(a, "SET LOCAL work_mem = '9MB'");
            String inside = one(a, "SHOW work_mem");
            a.commit();
            a.setAutoCommit(true);
            String after = one(a, "SHOW work_mem");
            if (inside.equals("9MB") && !after.equals("9MB")) {
                return new Outcome("scoped", "9MB inside the transaction, " + after + " after it");
            }
            return new Outcome("not scoped", "inside " + inside + ", after " + after);
        }
    }

    private Outcome resetByOther(Endpoint e) throws SQLException {
        try (Connection a = e.open("probe-a", Map.of()); Connection b = e.open("probe-b", Map.of())) {
            exec(a, "SET work_mem = '7MB'");
            int pidA = pid(a);
            exec(b, "RESET ALL");
            int pidB = pid(b);
            String seen = one(a, "SHOW work_mem");
            return seen.equals("7MB")
                    ? new Outcome("own session", "B's RESET ALL left A's work_mem 7MB" + pids(pidA, pidB))
                    : new Outcome("other's too", "B's RESET ALL (server pid " + pidB + ") reset A's work_mem to " + seen
                    + " (A on " + pidA + ")");
        }
    }

    private Outcome discardAll(Endpoint e) throws SQLException {
        try (Connection a = e.open("probe-a", Map.of())) {
            exec(a, "SET work_mem = '7MB'");
            exec(a, "DISCARD ALL");
            String seen = one(a, "SHOW work_mem");
            return seen.equals("7MB") ? new Outcome("no effect", "work_mem still 7MB after DISCARD ALL")
                    : new Outcome("resets", "work_mem back to " + seen + " after DISCARD ALL");
        }
    }

    private Outcome tempTable(Endpoint e) throws SQLException {
        String t = "stampede_probe_" + suffix();
        try (Connection a = e.open("probe-a", Map.of()); Connection b = e.open("probe-b", Map.of())) {
            exec(a, "CREATE TEMP TABLE " + t + " (x int)");
            int pidA = pid(a);
            try (Pin pin = new Pin(b)) {
                try {
                    one(a, "SELECT count(*) FROM " + t);
                    return new Outcome("persists", "A's next transaction found its temporary table" + pids(pidA, pid(a)));
                } catch (SQLException gone) {
                    return new Outcome("lost", "A's next transaction: " + firstLine(gone.getMessage()) + " (created on server pid "
                            + pidA + ", now held by B)");
                }
            }
        }
    }

    private Outcome sqlPrepare(Endpoint e) throws SQLException {
        String name = "stampede_probe_" + suffix();
        try (Connection a = e.open("probe-a", Map.of()); Connection b = e.open("probe-b", Map.of())) {
            exec(a, "PREPARE " + name + " AS SELECT 42");
            int pidA = pid(a);
            try (Pin pin = new Pin(b)) {
                try {
                    String v = one(a, "EXECUTE " + name);
                    exec(a, "DEALLOCATE " + name);
                    return new Outcome("works", "EXECUTE in A's next transaction returned " + v + pids(pidA, pid(a)));
                } catch (SQLException gone) {
                    return new Outcome("lost", "EXECUTE in A's next transaction: " + firstLine(gone.getMessage()));
                }
            }
        }
    }

    private Outcome protocolPrepared(Endpoint e) throws SQLException {
        try (Connection a = e.open("probe-a", Map.of("prepareThreshold", "5")); Connection b = e.open("probe-b", Map.of());
             PreparedStatement ps = a.prepareStatement("SELECT ?::int + 1")) {
            for (int i = 1; i <= 6; i++) { // pgjdbc names the statement on the server from the 5th execution
                ps.setInt(1, i);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                }
            }
            boolean named = ps.unwrap(org.postgresql.PGStatement.class).isUseServerPrepare();
            try (Pin pin = new Pin(b)) {
                // in a transaction, as applications run them: pgjdbc cannot re-prepare and retry there
                a.setAutoCommit(false);
                try {
                    ps.setInt(1, 41);
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        return new Outcome("works", "7th execution, in A's next transaction, returned " + rs.getInt(1)
                                + (named ? "" : " (pgjdbc did not server-prepare it)"));
                    }
                } catch (SQLException gone) {
                    return new Outcome("fails", "7th execution in A's next transaction (server-prepared after prepareThreshold 5): "
                            + firstLine(gone.getMessage()));
                } finally {
                    a.rollback();
                    a.setAutoCommit(true);
                }
            }
        }
    }

    private Outcome advisoryLock(Endpoint e) throws SQLException {
        long key = 7_000_000_000L + ThreadLocalRandom.current().nextInt(1_000_000);
        try (Connection a = e.open("probe-a", Map.of()); Connection b = e.open("probe-b", Map.of())) {
            exec(a, "SELECT pg_advisory_lock(" + key + ")");
            int pidA = pid(a);
            b.setAutoCommit(false);
            boolean got = one(b, "SELECT pg_try_advisory_lock(" + key + ")").equals("t");
            int pidB = pid(b);
            if (got) one(b, "SELECT pg_advisory_unlock(" + key + ")");
            b.commit();
            b.setAutoCommit(true);
            exec(a, "SELECT pg_advisory_unlock_all()");
            return got ? new Outcome("shared", "B acquired the lock A holds: both ran on server pid " + pidB
                    + " (A locked on " + pidA + ")")
                    : new Outcome("exclusive", "B was refused the lock A holds" + pids(pidA, pidB));
        }
    }

    private Outcome listenNotify(Endpoint e) throws SQLException, InterruptedException {
        String channel = "stampede_probe_" + suffix();
        try (Connection a = e.open("probe-a", Map.of()); Connection b = e.open("probe-b", Map.of())) {
            exec(a, "LISTEN " + channel);
            b.setAutoCommit(false);
            exec(b, "NOTIFY " + channel + ", 'hello'");
            b.commit();
            b.setAutoCommit(true);
            long deadline = System.nanoTime() + 2_000_000_000L;
            int got = 0;
            while (got == 0 && System.nanoTime() < deadline) {
                one(a, "SELECT 1");
                PGNotification[] n = a.unwrap(PGConnection.class).getNotifications(200);
                got = n == null ? 0 : n.length;
            }
            PGNotification[] atB = b.unwrap(PGConnection.class).getNotifications(200);
            int gotB = atB == null ? 0 : atB.length;
            exec(a, "UNLISTEN *");
            if (got > 0) return new Outcome("delivered", "A received B's NOTIFY");
            return new Outcome("not delivered", "A received nothing within 2 s" + (gotB > 0 ? "; B received its own NOTIFY" : ""));
        }
    }

    private Outcome withHoldCursor(Endpoint e) throws SQLException {
        String cursor = "stampede_probe_" + suffix();
        try (Connection a = e.open("probe-a", Map.of()); Connection b = e.open("probe-b", Map.of())) {
            exec(a, "DECLARE " + cursor + " CURSOR WITH HOLD FOR SELECT generate_series(1, 10)");
            try (Pin pin = new Pin(b)) {
                try {
                    String v = one(a, "FETCH 1 FROM " + cursor);
                    exec(a, "CLOSE " + cursor);
                    return new Outcome("works", "FETCH in A's next transaction returned row " + v);
                } catch (SQLException gone) {
                    return new Outcome("lost", "FETCH in A's next transaction: " + firstLine(gone.getMessage()));
                }
            }
        }
    }

    private Outcome applicationName(Endpoint e) throws SQLException {
        try (Connection a = e.open("probe-a", Map.of()); Connection b = e.open("probe-b", Map.of())) {
            one(a, "SELECT 1");
            try (Pin pin = new Pin(b)) {
                String seen = one(a, "SELECT application_name FROM pg_stat_activity WHERE pid = pg_backend_pid()");
                String seenB = one(b, "SELECT application_name FROM pg_stat_activity WHERE pid = pg_backend_pid()");
                return seen.equals("probe-a") && seenB.equals("probe-b")
                        ? new Outcome("seen", "the server saw probe-a and probe-b on the clients' server connections")
                        : new Outcome("not seen", "the server saw '" + seen + "' for A and '" + seenB + "' for B");
            }
        }
    }

    private Outcome searchPath(Endpoint e) throws SQLException {
        try (Connection a = e.open("probe-a", Map.of("currentSchema", "stampede_probe, public"))) {
            String seen = one(a, "SHOW search_path");
            return seen.contains("stampede_probe") ? new Outcome("seen", "the server's search_path is " + seen)
                    : new Outcome("ignored", "the server's search_path is " + seen);
        } catch (SQLException refused) {
            return new Outcome("refused", "connecting with currentSchema: " + firstLine(refused.getMessage()));
        }
    }

    private Outcome leak(Endpoint e) throws SQLException {
        try (Connection a = e.open("probe-a", Map.of()); Connection b = e.open("probe-b", Map.of())) {
            exec(a, "SET statement_timeout = '4321ms'");
            int pidA = pid(a);
            String seen = one(b, "SHOW statement_timeout");
            int pidB = pid(b);
            exec(a, "RESET statement_timeout");
            return seen.equals("4321ms")
                    ? new Outcome("leaks", "B saw A's statement_timeout 4321ms (both on server pid " + pidB + ")")
                    : new Outcome("isolated", "B saw statement_timeout " + seen + pids(pidA, pidB));
        }
    }

    // --- helpers ------------------------------------------------------------------------------------

    /** B's open transaction holding a server connection, so A's next statement must run on another. */
    private static final class Pin implements AutoCloseable {
        private final Connection c;
        final int pid;

        Pin(Connection c) throws SQLException {
            this.c = c;
            c.setAutoCommit(false);
            this.pid = pid(c);
        }

        @Override
        public void close() throws SQLException {
            c.commit();
            c.setAutoCommit(true);
        }
    }

    private static void exec(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private static String one(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            if (!rs.next()) return "";
            String v = rs.getString(1);
            return v == null ? "" : v;
        }
    }

    private static int pid(Connection c) throws SQLException {
        return Integer.parseInt(one(c, "SELECT pg_backend_pid()"));
    }

    private static String pids(int first, int second) {
        return first == second ? " (server pid " + first + ")" : " (server pids " + first + ", then " + second + ")";
    }

    private static String suffix() {
        return Long.toString(ThreadLocalRandom.current().nextLong(1L << 40), 36);
    }

    private static String firstLine(String s) {
        return s == null ? "" : s.lines().findFirst().orElse("").strip();
    }

    /** The table as terminal lines: feature · direct · through the pooler · what happened. */
    public static List<String> table(String title, List<Row> rows) {
        int w = rows.stream().mapToInt(r -> r.feature().length()).max().orElse(10);
        int d = Math.max(6, rows.stream().mapToInt(r -> r.direct().outcome().length()).max().orElse(6));
        int p = Math.max(12, rows.stream().mapToInt(r -> r.pooled().outcome().length()).max().orElse(12));
        List<String> out = new ArrayList<>();
        out.add(title);
        String fmt = "  %-" + w + "s  %-" + d + "s  %-" + p + "s  %s";
        out.add(String.format(Locale.ROOT, fmt, "feature", "direct", "through pooler", "what happened through the pooler"));
        for (Row r : rows) {
            out.add(String.format(Locale.ROOT, fmt, r.feature(), r.direct().outcome(), r.pooled().outcome(), r.pooled().detail()));
        }
        return out;
    }
}
