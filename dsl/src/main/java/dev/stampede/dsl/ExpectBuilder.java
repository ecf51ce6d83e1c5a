package dev.stampede.dsl;

import dev.stampede.engine.plan.SourceRef;
import dev.stampede.engine.plan.Threshold;
import dev.stampede.engine.plan.Threshold.Comparison;
import dev.stampede.engine.plan.Threshold.Metric;

import java.time.Duration;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code expect { p99('insert') < 200.ms; errorRate() < 0.1.percent }}: thresholds deciding the exit code.
 *
 * <p>Measures: {@code p50 p75 p90 p95 p99 p999 max mean} (latency, compared with a duration),
 * {@code rate} (per second), {@code count} and {@code errors} (whole numbers), {@code errorRate}
 * (a fraction, e.g. {@code 1.percent}); each of one operation, {@code p99('insert')}, or of all
 * together, {@code p99()}. Comparisons: {@code <}, {@code <=}, {@code >}, {@code >=}, the measure on
 * either side. {@code expect(abortOnFail: true) { … }} stops the run as soon as one of its
 * thresholds fails.
 *
 * <p>Groovy's {@code a < b} does not tell the operand which operator it is in, so
 * {@link ExpectTransform} rewrites every comparison statement inside an {@code expect} block into a
 * call of {@link #$compare} when the script compiles, with the expression's own text and position.
 * A measure that is never compared is reported. Lives only while the script runs. Not thread-safe.
 */
public final class ExpectBuilder extends Block {

    /** The measure words, and what each reads. */
    static final Map<String, Metric> METRICS = Map.ofEntries(
            Map.entry("p50", Metric.P50), Map.entry("p75", Metric.P75), Map.entry("p90", Metric.P90),
            Map.entry("p95", Metric.P95), Map.entry("p99", Metric.P99), Map.entry("p999", Metric.P999),
            Map.entry("max", Metric.MAX), Map.entry("mean", Metric.MEAN), Map.entry("rate", Metric.RATE),
            Map.entry("count", Metric.COUNT), Map.entry("errors", Metric.ERRORS), Map.entry("errorRate", Metric.ERROR_RATE),
            Map.entry("writeUnavailable", Metric.WRITE_UNAVAILABLE), Map.entry("readUnavailable", Metric.READ_UNAVAILABLE),
            Map.entry("detectTime", Metric.DETECT_TIME), Map.entry("lostWrites", Metric.LOST_WRITES));

    /**
     * What a measure word returned: the metric, the operation (null for all), as written. Compared
     * with a limit, it becomes a {@link Threshold}.
     */
    public record Measure(Metric metric, String operation, String word) implements Comparable<Object> {
        @Override
        public String toString() {
            return word + "(" + (operation == null ? "" : "'" + operation + "'") + ")";
        }

        /** Reached only when a measure is compared inside an expression, not as a threshold statement of its own. */
        @Override
        public int compareTo(Object other) {
            throw new IllegalArgumentException(this + " is compared only as a threshold on a line of its own in expect { }, like "
                    + this + " < 200.ms (got it inside an expression)");
        }
    }

    private final boolean abortOnFail;
    private final List<Threshold> thresholds;
    private final Map<Measure, SourceRef> uncompared = new IdentityHashMap<>();

    ExpectBuilder(boolean abortOnFail, List<Threshold> thresholds, ScenarioBuilder root, Diagnostics diag) {
        super(root, diag);
        this.abortOnFail = abortOnFail;
        this.thresholds = thresholds;
    }

    @Override
    String describe() {
        return "expect";
    }

    @Override
    String hint() {
        return ": expect holds comparisons like p99('insert') < 200.ms";
    }

    public Measure p50() { return measure("p50", null); }
    public Measure p50(String operation) { return measure("p50", operation); }
    public Measure p75() { return measure("p75", null); }
    public Measure p75(String operation) { return measure("p75", operation); }
    public Measure p90() { return measure("p90", null); }
    public Measure p90(String operation) { return measure("p90", operation); }
    public Measure p95() { return measure("p95", null); }
    public Measure p95(String operation) { return measure("p95", operation); }
    public Measure p99() { return measure("p99", null); }
    public Measure p99(String operation) { return measure("p99", operation); }
    public Measure p999() { return measure("p999", null); }
    public Measure p999(String operation) { return measure("p999", operation); }
    public Measure max() { return measure("max", null); }
    public Measure max(String operation) { return measure("max", operation); }
    public Measure mean() { return measure("mean", null); }
    public Measure mean(String operation) { return measure("mean", operation); }
    /** Operations per second over the run. */
    public Measure rate() { return measure("rate", null); }
    public Measure rate(String operation) { return measure("rate", operation); }
    /** Successful operations. */
    public Measure count() { return measure("count", null); }
    public Measure count(String operation) { return measure("count", operation); }
    /** Failed operations. */
    public Measure errors() { return measure("errors", null); }
    public Measure errors(String operation) { return measure("errors", operation); }
    /** Failed / all operations, a fraction: compare with {@code 0.1.percent}. */
    public Measure errorRate() { return measure("errorRate", null); }
    public Measure errorRate(String operation) { return measure("errorRate", operation); }

    /** A failover's write-unavailability window: {@code writeUnavailable() < 5.seconds} (not applicable without a fault). */
    public Measure writeUnavailable() { return measure("writeUnavailable", null); }
    /** A failover's read-unavailability window. */
    public Measure readUnavailable() { return measure("readUnavailable", null); }
    /** From the fault until the new primary was seen. */
    public Measure detectTime() { return measure("detectTime", null); }
    /** Acknowledged inserts missing after the run: {@code lostWrites() == 0}. */
    public Measure lostWrites() { return measure("lostWrites", null); }

    /** {@code p99 < 200.ms} without parentheses means all operations. */
    @Override
    public Object propertyMissing(String name) {
        if (METRICS.containsKey(name)) return measure(name, null);
        return super.propertyMissing(name);
    }

    private Measure measure(String word, String operation) {
        if (operation != null && operation.isBlank()) {
            diag.report(word, word + " needs an operation name, or none for all operations (got '')");
            return null;
        }
        Measure m = new Measure(METRICS.get(word), operation, word);
        uncompared.put(m, diag.here(word));
        return m;
    }

    /**
     * One comparison of an {@code expect} block, as rewritten by {@link ExpectTransform}: {@code left op right}
     * written as {@code text} at {@code line:column}. Not a word for scenario authors.
     */
    public void $compare(Object left, String op, Object right, String text, int line, int column) {
        SourceRef at = new SourceRef(diag.file(), line, column);
        uncompared.remove(left);
        uncompared.remove(right);
        Measure m;
        Object limit;
        String cmp = op;
        if (left instanceof Measure l && !(right instanceof Measure)) {
            m = l;
            limit = right;
        } else if (right instanceof Measure r && !(left instanceof Measure)) {
            m = r;
            limit = left;
            cmp = switch (op) {
                case "<" -> ">";
                case "<=" -> ">=";
                case ">" -> "<";
                case ">=" -> "<=";
                default -> op;
            };
        } else {
            if ((left == null || right == null) && !diag.clean()) return;  // the measure word was already reported
            diag.report(at, "a threshold compares one measure like p99('insert') with a limit (got " + text + ")");
            return;
        }
        Comparison c = switch (cmp) {
            case "<" -> Comparison.LT;
            case "<=" -> Comparison.LE;
            case ">" -> Comparison.GT;
            case ">=" -> Comparison.GE;
            case "==" -> m.metric() == Metric.LOST_WRITES ? Comparison.EQ : null;
            default -> null;
        };
        if (c == null) {
            diag.report(at, "a threshold compares with <, <=, > or >=" + (m.metric() == Metric.LOST_WRITES ? " or ==" : "")
                    + " (got " + op + " in " + text + ")");
            return;
        }
        Double value = limit(m, limit, at);
        if (value != null) {
            Comparison cc = c;
            Threshold t = make(at, () -> new Threshold(text, m.operation(), m.metric(), cc, value, abortOnFail, at));
            if (t != null) thresholds.add(t);
        }
    }

    /** The limit in the threshold's unit: ms for latency, per second for rate, a fraction for errorRate. */
    private Double limit(Measure m, Object v, SourceRef at) {
        switch (m.metric()) {
            case RATE -> {
                if (v instanceof Rate r) return r.perSecond();
                if (v instanceof Number n && n.doubleValue() >= 0) return n.doubleValue();
                diag.report(at, m + " is per second: compare it with a number or 900.perSecond (got " + valueText(v) + ")");
                return null;
            }
            case LOST_WRITES -> {
                if (isWhole(v) && ((Number) v).longValue() >= 0) return ((Number) v).doubleValue();
                diag.report(at, m + " counts rows: compare it with a whole number >= 0, like lostWrites() == 0 (got " + valueText(v) + ")");
                return null;
            }
            case COUNT, ERRORS -> {
                if (isWhole(v) && ((Number) v).longValue() >= 0) return ((Number) v).doubleValue();
                diag.report(at, m + " counts operations: compare it with a whole number >= 0 (got " + valueText(v) + ")");
                return null;
            }
            case ERROR_RATE -> {
                if (v instanceof Number n && n.doubleValue() >= 0 && n.doubleValue() <= 1) return n.doubleValue();
                diag.report(at, m + " is a fraction: compare it with 0.1.percent or a number from 0 to 1 (got "
                        + valueText(v) + ")");
                return null;
            }
            default -> {
                if (v instanceof Duration d && Units.problem(d, true) == null) return d.toNanos() / 1e6;
                diag.report(at, m + (m.metric().isLatency() ? " is a latency" : " is a time") + ": compare it with a duration like "
                        + (m.metric().isLatency() ? "200.ms" : "5.seconds") + " (got " + valueText(v) + ")");
                return null;
            }
        }
    }

    /** What {@link ExpectTransform} turns a comparison it cannot take into: a problem at its line. */
    public void $refuse(String message, String text, int line, int column) {
        diag.report(new SourceRef(diag.file(), line, column), message);
    }

    /** Reports measures that were written but never compared with a limit. */
    void finish() {
        uncompared.forEach((m, at) -> diag.report(at, m + " is not compared with a limit: write it like " + m
                + (m.metric().isLatency() ? " < 200.ms" : m.metric().isDuration() ? " < 5.seconds"
                : m.metric() == Metric.LOST_WRITES ? " == 0" : m.metric() == Metric.ERROR_RATE ? " < 1.percent" : " > 0")));
        uncompared.clear();
    }
}
