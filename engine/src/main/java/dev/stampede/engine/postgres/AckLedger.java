package dev.stampede.engine.postgres;

import dev.stampede.engine.result.Findings;


import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The acknowledged-write ledger: every id the server returned for a committed insert, so that after
 * the run (or a failover) stampede can prove none was lost.
 *
 * <p>Thread-safe: workers {@link #acknowledge} concurrently; {@link #verify} runs once, after the
 * workers have stopped. Memory: 8 bytes per acknowledged row.
 */
public final class AckLedger {

    private static final int CHUNK = 50_000;

    private final ConcurrentHashMap<String, ConcurrentLinkedQueue<long[]>> byTable = new ConcurrentHashMap<>();

    /** Records ids the server acknowledged (autocommit, or after the enclosing transaction committed). */
    public void acknowledge(String table, long[] ids) {
        byTable.computeIfAbsent(table, t -> new ConcurrentLinkedQueue<>()).add(ids);
    }

    /** Forgets every acknowledged id (a new run starts). */
    public void clear() {
        byTable.clear();
    }

    public boolean isEmpty() {
        return byTable.isEmpty();
    }

    /** Result per table. */
    public record Check(String table, long acknowledged, long present) {
        public long missing() {
            return acknowledged - present;
        }
    }

    /** Counts, per table, how many acknowledged ids are still in the table. */
    public List<Check> verify(PostgresTarget target) throws SQLException {
        List<Check> out = new ArrayList<>();
        try (Connection c = target.open()) {
            for (var e : byTable.entrySet()) {
                long acknowledged = 0, present = 0;
                List<Long> chunk = new ArrayList<>(CHUNK);
                for (long[] batch : e.getValue()) {
                    for (long id : batch) {
                        chunk.add(id);
                        acknowledged++;
                        if (chunk.size() == CHUNK) {
                            present += count(c, e.getKey(), chunk);
                            chunk.clear();
                        }
                    }
                }
                if (!chunk.isEmpty()) present += count(c, e.getKey(), chunk);
                out.add(new Check(e.getKey(), acknowledged, present));
            }
        }
        return out;
    }

    private static long count(Connection c, String table, List<Long> ids) throws SQLException {
        Array array = c.createArrayOf("bigint", ids.toArray());
        try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM " + table + " WHERE id = ANY(?)")) {
            ps.setArray(1, array);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** Verifies and adds the outcome to {@code findings}; true when nothing is missing. */
    public boolean verifyInto(PostgresTarget target, Findings findings) {
        if (isEmpty()) return true;
        try {
            boolean ok = true;
            Map<String, Object> f = new LinkedHashMap<>();
            for (Check check : verify(target)) {
                f.put(check.table(), Map.of("acknowledged", check.acknowledged(), "present", check.present(),
                        "missing", check.missing()));
                findings.note(String.format(Locale.ROOT, "ledger: %d acknowledged insert(s) into %s, %s", check.acknowledged(),
                        check.table(), check.missing() == 0 ? "all present" : check.missing() + " MISSING"));
                ok &= check.missing() == 0;
            }
            findings.put("ledger", f);
            return ok;
        } catch (SQLException e) {
            findings.note("ledger: could not verify the acknowledged inserts: " + e.getMessage());
            findings.put("ledger", Map.of("error", String.valueOf(e.getMessage())));
            return false;
        }
    }
}
