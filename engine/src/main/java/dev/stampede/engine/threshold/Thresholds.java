package dev.stampede.engine.threshold;

import dev.stampede.engine.metrics.IntervalSnapshot;
import dev.stampede.engine.metrics.LatencyStats;
import dev.stampede.engine.metrics.OperationSnapshot;
import dev.stampede.engine.plan.Threshold;
import dev.stampede.engine.plan.ThresholdResult;
import dev.stampede.engine.result.OperationTotals;
import dev.stampede.engine.result.RunSummary;
import org.HdrHistogram.Histogram;

import java.util.List;
import java.util.Optional;

/**
 * Evaluates {@code expect { }} thresholds: at the end against the full-run histograms (exact, also
 * for "all operations" thresholds, whose histograms are merged), and during the run against the
 * cumulative snapshot (for {@code abortOnFail}). Stateless.
 *
 * <p>A threshold on an operation the run does not have — the scenario declares it, but its params
 * switched every step that records it off (a 0% mix branch) — is not applicable: reported, never failed.
 *
 * <p>"All operations" means the scenario's own operations: the {@code <group> lag} rows of the open
 * model describe the schedule, not the target, and are left out.
 */
public final class Thresholds {

    /** Suffix of the schedule-lag operation the open model adds per group. */
    public static final String LAG_SUFFIX = dev.stampede.engine.plan.Plan.LAG_SUFFIX;

    private Thresholds() {
    }

    public static List<ThresholdResult> evaluate(List<Threshold> thresholds, RunSummary summary) {
        double seconds = Math.max(1e-9, summary.elapsed().toNanos() / 1e9);
        java.util.Set<String> present = new java.util.HashSet<>();
        summary.operations().forEach(o -> present.add(o.name()));
        return thresholds.stream().map(t -> {
            if (t.metric().isFinding()) return FailoverThresholds.result(t, summary.findings());
            // the scenario names it (the compiler checked), but no step of this run records it
            if (t.operation() != null && !present.contains(t.operation())) return ThresholdResult.notApplicable(t);
            Optional<View> v = t.operation() == null ? all(summary.operations(), seconds)
                    : summary.operations().stream().filter(o -> o.name().equals(t.operation())).findFirst()
                    .map(o -> new View(o.count(), o.errors(), o.ratePerSecond(), o.latency()));
            return result(t, v);
        }).toList();
    }

    /** During the run: thresholds marked abortOnFail that fail on the totals so far. */
    public static List<ThresholdResult> failingAbortOnFail(List<Threshold> thresholds, IntervalSnapshot s) {
        return during(thresholds.stream().filter(Threshold::abortOnFail).toList(), s).stream()
                .filter(r -> !r.passed() && !Double.isNaN(r.actual())).toList();
    }

    /**
     * During the run: every threshold on the totals so far (the dashboard's live view); "all operations"
     * latency thresholds read the worst operation's figures. NaN actual: nothing measured yet.
     */
    public static List<ThresholdResult> during(List<Threshold> thresholds, IntervalSnapshot s) {
        double seconds = Math.max(1e-9, s.elapsed().toNanos() / 1e9);
        return thresholds.stream().map(t -> {
            if (t.metric().isFinding()) return new ThresholdResult(t, Double.NaN, false); // known after the run
            Optional<View> v;
            if (t.operation() == null) {
                List<OperationSnapshot> ops = s.operations().stream().filter(o -> !o.name().endsWith(LAG_SUFFIX)).toList();
                long count = ops.stream().mapToLong(OperationSnapshot::totalCount).sum();
                long errors = ops.stream().mapToLong(OperationSnapshot::totalErrors).sum();
                // without merged histograms, the worst operation stands for all of them
                LatencyStats worst = ops.stream().map(OperationSnapshot::totalLatency)
                        .max(java.util.Comparator.comparingLong(LatencyStats::p99)).orElse(LatencyStats.EMPTY);
                v = ops.isEmpty() ? Optional.empty() : Optional.of(new View(count, errors, count / seconds, worst));
            } else {
                v = s.operation(t.operation()).map(o -> new View(o.totalCount(), o.totalErrors(), o.totalCount() / seconds, o.totalLatency()));
            }
            return result(t, v);
        }).toList();
    }

    private record View(long count, long errors, double rate, LatencyStats latency) {
    }

    private static Optional<View> all(List<OperationTotals> ops, double seconds) {
        List<OperationTotals> own = ops.stream().filter(o -> !o.name().endsWith(LAG_SUFFIX)).toList();
        if (own.isEmpty()) return Optional.empty();
        Histogram merged = null;
        for (OperationTotals o : own) {
            if (merged == null) merged = o.histogram().copy();
            else merged.add(o.histogram());
        }
        long count = own.stream().mapToLong(OperationTotals::count).sum();
        long errors = own.stream().mapToLong(OperationTotals::errors).sum();
        return Optional.of(new View(count, errors, count / seconds, LatencyStats.of(merged)));
    }

    private static ThresholdResult result(Threshold t, Optional<View> view) {
        if (view.isEmpty()) return new ThresholdResult(t, Double.NaN, false);
        View v = view.get();
        double actual = switch (t.metric()) {
            case P50 -> ms(v.latency().p50(), v);
            case P75 -> ms(v.latency().p75(), v);
            case P90 -> ms(v.latency().p90(), v);
            case P95 -> ms(v.latency().p95(), v);
            case P99 -> ms(v.latency().p99(), v);
            case P999 -> ms(v.latency().p999(), v);
            case MAX -> ms(v.latency().max(), v);
            case MEAN -> v.latency().count() == 0 ? Double.NaN : v.latency().mean() / 1e6;
            case RATE -> v.rate();
            case COUNT -> v.count();
            case ERRORS -> v.errors();
            case ERROR_RATE -> v.count() + v.errors() == 0 ? 0 : (double) v.errors() / (v.count() + v.errors());
            case WRITE_UNAVAILABLE, READ_UNAVAILABLE, DETECT_TIME, LOST_WRITES -> Double.NaN; // FailoverThresholds
        };
        boolean passed = !Double.isNaN(actual) && t.comparison().test(actual, t.value());
        return new ThresholdResult(t, actual, passed);
    }

    private static double ms(long nanos, View v) {
        return v.latency().count() == 0 ? Double.NaN : nanos / 1e6;
    }
}
