package dev.stampede.engine.postgres;

import dev.stampede.engine.plan.Copy;
import dev.stampede.engine.plan.InsertBatch;
import dev.stampede.engine.plan.Mix;
import dev.stampede.engine.plan.Plan;
import dev.stampede.engine.plan.Step;
import dev.stampede.engine.plan.Transaction;
import dev.stampede.engine.plan.UpdateRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What the run's writes left behind: for every table a write step names ({@code insertBatch},
 * {@code updateRandom}, {@code copy}, in set-up or stages), its rows and {@code pg_total_relation_size}
 * after the last stage, and whether it still exists after the teardown. A load test that grows a table
 * run after run says so in every summary ({@code findings.tables}). Stateless.
 */
final class TableSizes {

    private static final Logger log = LoggerFactory.getLogger(TableSizes.class);

    private TableSizes() {
    }

    /** The tables {@code plan} writes to, in plan order. */
    static Set<String> written(Plan plan) {
        Set<String> tables = new LinkedHashSet<>();
        collect(plan.setup(), tables);
        plan.stages().forEach(s -> s.groups().forEach(g -> collect(g.steps(), tables)));
        return tables;
    }

    private static void collect(List<Step> steps, Set<String> into) {
        for (Step s : steps) {
            switch (s) {
                case InsertBatch i -> into.add(i.table());
                case UpdateRandom u -> into.add(u.table());
                case Copy c -> into.add(c.table());
                case Transaction t -> collect(t.steps(), into);
                case Mix m -> m.branches().forEach(b -> collect(b.steps(), into));
                default -> { }
            }
        }
    }

    /** Rows and bytes of each table now, keyed by the name the scenario uses (tables that do not exist are left out). */
    static Map<String, Map<String, Object>> measure(PostgresTarget target, Set<String> tables) {
        Map<String, Map<String, Object>> out = new LinkedHashMap<>();
        if (tables.isEmpty()) return out;
        try (Connection c = target.open()) {
            for (String table : tables) {
                String qualified;
                long bytes;
                try (PreparedStatement ps = c.prepareStatement(
                        "SELECT to_regclass(?)::text, pg_total_relation_size(to_regclass(?))")) {
                    ps.setString(1, table);
                    ps.setString(2, table);
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        qualified = rs.getString(1);
                        bytes = rs.getLong(2);
                    }
                }
                if (qualified == null) continue;
                long rows;
                try (Statement st = c.createStatement()) {
                    st.execute("SET statement_timeout = '30s'");
                    // the name as PostgreSQL quotes it (regclass::text), never the scenario's text
                    try (ResultSet rs = st.executeQuery("SELECT count(*) FROM " + qualified)) {
                        rs.next();
                        rows = rs.getLong(1);
                    }
                }
                Map<String, Object> size = new LinkedHashMap<>();
                size.put("rows", rows);
                size.put("bytes", bytes);
                out.put(table, size);
            }
        } catch (SQLException e) {
            log.warn("could not measure the tables the run wrote: {}", e.getMessage());
        }
        return out;
    }

    /** True when {@code table} exists now; null when that cannot be known. */
    static Boolean exists(PostgresTarget target, String table) {
        try (Connection c = target.open(); PreparedStatement ps = c.prepareStatement("SELECT to_regclass(?) IS NOT NULL")) {
            ps.setString(1, table);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        } catch (SQLException e) {
            return null;
        }
    }
}
