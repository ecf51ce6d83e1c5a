package dev.stampede.engine.output;

import dev.stampede.engine.metrics.ErrorKinds;
import dev.stampede.engine.metrics.LatencyStats;
import dev.stampede.engine.result.OperationTotals;
import dev.stampede.engine.result.RunSummary;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The end-of-run table printed to the terminal: one row per operation with count, rate, errors and
 * the latency distribution from the full-run histogram, then errors by kind. Stateless.
 */
public final class SummaryTable {

    private static final String[] HEADERS =
            {"operation", "count", "rate/s", "errors", "min", "mean", "p50", "p75", "p90", "p95", "p99", "p99.9", "max"};

    private SummaryTable() {
    }

    /** The seconds the operation's rate was measured over (stage time, without set-up or shutdown). */
    static double measuredSeconds(OperationTotals o, RunSummary s) {
        return o.ratePerSecond() > 0 ? o.count() / o.ratePerSecond() : Math.max(1e-9, s.elapsed().toNanos() / 1e9);
    }

    /** One row per stage and operation: the sweep table. */
    private static String stages(RunSummary s) {
        StringBuilder sb = new StringBuilder("stages:").append(System.lineSeparator());
        sb.append(String.format(Locale.ROOT, "  %-20s %7s  %-12s %10s %8s %9s %9s%n", "stage", "workers", "operation", "rate/s", "errors", "p50", "p99"));
        for (var st : s.stages()) {
            for (var o : st.operations()) {
                if (o.name().endsWith(" lag")) continue;
                sb.append(String.format(Locale.ROOT, "  %-20s %7d  %-12s %10s %8d %9s %9s%n", st.stage(), st.workers(), o.name(),
                        Format.rate(o.ratePerSecond()), o.errors(), Format.latency(o.latency().p50()), Format.latency(o.latency().p99())));
            }
        }
        return sb.toString();
    }

    private static String actual(dev.stampede.engine.plan.ThresholdResult t) {
        if (Double.isNaN(t.actual())) return t.threshold().metric().isFinding() ? "- (not measured in this run)" : "- (the operation never completed)";
        if (Double.isInfinite(t.actual())) return "- (never recovered, or the check failed)";
        return switch (t.threshold().metric()) {
            case P50, P75, P90, P95, P99, P999, MAX, MEAN, WRITE_UNAVAILABLE, READ_UNAVAILABLE, DETECT_TIME -> Format.latency(Math.round(t.actual() * 1e6));
            case LOST_WRITES -> String.valueOf((long) t.actual());
            case RATE -> Format.rate(t.actual()) + "/s";
            case COUNT, ERRORS -> String.valueOf((long) t.actual());
            case ERROR_RATE -> String.format(Locale.ROOT, "%.3f%%", t.actual() * 100);
        };
    }

    public static String render(RunSummary s) {
        return render(s, List.of());
    }

    /** The table, then one line per threshold with its actual value and verdict. */
    public static String render(RunSummary s, List<dev.stampede.engine.plan.ThresholdResult> thresholds) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "scenario '%s' %s after %s%n", s.scenario(),
                switch (s.stop().reason()) {
                    case COMPLETED -> "completed";
                    case INTERRUPTED -> "interrupted (" + s.stop().message() + ")";
                    case ABORTED -> "aborted (" + s.stop().message() + ")";
                }, Format.seconds(s.elapsed())));
        List<String[]> rows = new ArrayList<>();
        rows.add(HEADERS);
        for (OperationTotals o : s.operations()) {
            LatencyStats l = o.latency();
            boolean any = l.count() > 0;
            rows.add(new String[]{o.name(), String.valueOf(o.count()), Format.rate(o.ratePerSecond()),
                    String.valueOf(o.errors()), any ? Format.latency(l.min()) : "-",
                    any ? Format.latency(l.mean()) : "-", any ? Format.latency(l.p50()) : "-",
                    any ? Format.latency(l.p75()) : "-",
                    any ? Format.latency(l.p90()) : "-", any ? Format.latency(l.p95()) : "-",
                    any ? Format.latency(l.p99()) : "-", any ? Format.latency(l.p999()) : "-",
                    any ? Format.latency(l.max()) : "-"});
        }
        int[] width = new int[HEADERS.length];
        for (String[] r : rows) for (int i = 0; i < r.length; i++) width[i] = Math.max(width[i], r[i].length());
        for (String[] r : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < r.length; i++) {
                if (i == 0) line.append(String.format("%-" + width[i] + "s", r[i]));
                else line.append("  ").append(String.format("%" + width[i] + "s", r[i]));
            }
            sb.append(line.toString().stripTrailing()).append(System.lineSeparator());
        }
        for (OperationTotals o : s.operations()) {
            if (o.errors() > 0) {
                sb.append(String.format(Locale.ROOT, "%s: %d attempts, %d succeeded (%.2f%%)%n", o.name(),
                        o.count() + o.errors(), o.count(), 100.0 * o.count() / (o.count() + o.errors())));
            }
            if (o.rows() > 0) {
                double secs = measuredSeconds(o, s);
                sb.append(String.format(Locale.ROOT, "%s: %d rows, %s rows/s, %.2f MB/s sent%n", o.name(), o.rows(),
                        Format.rate(o.rows() / secs), o.bytes() / secs / 1e6));
            }
        }
        if (s.stages().size() > 1) sb.append(SweepTable.isSweep(s) ? SweepTable.render(s) : stages(s));
        s.operations().stream().filter(o -> o.count() > 0 && !o.name().endsWith(" lag")).limit(3).forEach(o ->
                sb.append(LogHistogram.render("latency histogram of " + o.name() + " (every sample):", o.histogram())));
        Map<String, Long> errors = s.errors();
        if (!errors.isEmpty()) {
            sb.append("errors:").append(System.lineSeparator());
            Object samples = s.findings().get("errorSamples");
            errors.forEach((k, v) -> {
                String sample = samples instanceof Map<?, ?> m && m.get(k) != null ? "  first: " + m.get(k) : "";
                sb.append(String.format(Locale.ROOT, "  %-32s %d%s%n", ErrorKinds.describe(k), v, sample));
            });
        }
        s.notes().forEach(n -> sb.append(n).append(System.lineSeparator()));
        if (!thresholds.isEmpty()) {
            sb.append("thresholds:").append(System.lineSeparator());
            int w = thresholds.stream().mapToInt(t -> t.threshold().expression().length()).max().orElse(10);
            for (var t : thresholds) {
                if (t.notApplicable()) {
                    sb.append(String.format(Locale.ROOT, "  n/a   %-" + w + "s  not applicable: no step of this run records '%s' (its params switch it off)%n",
                            t.threshold().expression(), t.threshold().operation()));
                } else {
                    sb.append(String.format(Locale.ROOT, "  %s  %-" + w + "s  actual %s%n", t.passed() ? "pass" : "FAIL",
                            t.threshold().expression(), actual(t)));
                }
            }
        }
        if (s.abandoned() > 0) {
            sb.append(String.format(Locale.ROOT, "warning: %d worker(s) did not stop within the shutdown bound%n",
                    s.abandoned()));
        }
        return sb.toString();
    }
}
