package dev.stampede.engine.session;

import dev.stampede.engine.plan.Plan;

import java.util.Locale;
import java.util.Map;

/**
 * Capability: the target can say what a run's writes left behind — rows and bytes of every table the
 * plan's write steps name, and whether each still exists after the teardown — so a load test that grows
 * a table run after run says so in every summary ({@code findings.tables}). Thread-safe.
 */
public interface WrittenTables {

    /** Rows and bytes ({@code rows}, {@code bytes}) of each table {@code plan} writes, now; tables that do not exist are left out. */
    Map<String, Map<String, Object>> measure(Plan plan);

    /** True when {@code table} exists now; null when that cannot be known. */
    Boolean exists(String table);

    /** {@code 1.5 MB}, {@code 820 kB}: sizes as pg_size_pretty would print them, in powers of 1024. */
    static String bytes(long b) {
        if (b < 10 * 1024) return b + " bytes";
        if (b < 10L * 1024 * 1024) return String.format(Locale.ROOT, "%.0f kB", b / 1024.0);
        if (b < 10L * 1024 * 1024 * 1024) return String.format(Locale.ROOT, "%.1f MB", b / 1024.0 / 1024);
        return String.format(Locale.ROOT, "%.1f GB", b / 1024.0 / 1024 / 1024);
    }
}
