package dev.stampede.engine.output;

import dev.stampede.engine.result.RunSummary;
import dev.stampede.engine.result.StageTotals;

import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;

/**
 * The table a sweep ends with: one row per level and operation — level · rate · p50 · p95 · p99 ·
 * p99.9 · errors — the figures a throughput-versus-latency curve is drawn from. Stateless.
 */
public final class SweepTable {

    private SweepTable() {
    }

    /** True when every stage of the run was a sweep level. */
    public static boolean isSweep(RunSummary s) {
        return !s.stages().isEmpty() && s.stages().stream().allMatch(st -> st.level().isPresent());
    }

    public static String render(RunSummary s) {
        var first = s.stages().get(0).level().orElseThrow();
        StringBuilder sb = new StringBuilder("sweep of ").append(first.group()).append(" ").append(first.knob())
                .append(":").append(System.lineSeparator());
        Set<String> ops = new LinkedHashSet<>();
        s.stages().forEach(st -> st.operations().forEach(o -> { if (!o.name().endsWith(" lag")) ops.add(o.name()); }));
        boolean several = ops.size() > 1;
        sb.append(String.format(Locale.ROOT, "  %8s  %s%10s %9s %9s %9s %9s %8s%n", "level", several ? String.format("%-16s ", "operation") : "",
                "rate/s", "p50", "p95", "p99", "p99.9", "errors"));
        for (StageTotals st : s.stages()) {
            String level = st.level().orElseThrow().number();
            for (StageTotals.Operation o : st.operations()) {
                if (!ops.contains(o.name())) continue;
                var l = o.latency();
                sb.append(String.format(Locale.ROOT, "  %8s  %s%10s %9s %9s %9s %9s %8d%n", level,
                        several ? String.format("%-16s ", o.name()) : "", Format.rate(o.ratePerSecond()),
                        Format.latency(l.p50()), Format.latency(l.p95()), Format.latency(l.p99()), Format.latency(l.p999()), o.errors()));
            }
        }
        return sb.toString();
    }
}
