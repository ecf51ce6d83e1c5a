package dev.stampede.engine.fib;

import dev.stampede.engine.output.Format;
import dev.stampede.engine.plan.Plan;
import dev.stampede.engine.plan.Stage;
import dev.stampede.engine.result.StageTotals;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The comparison of Fibonacci server models ({@code scenarios/fib-models.groovy}), from the stages'
 * own figures: a stage whose target is {@code fibServer(model)} and which records operation
 * {@code short} alone, {@code long} alone, or both, is that model's "short alone", "long alone" or
 * "both together" phase (by what its groups record, so a probe starved to nothing still counts as 0). In {@code summary.json} as {@code findings.fibModels}; printed as a table
 * with the machine's core count and load average, since the results depend on both. Immutable.
 *
 * @param cores       processors this JVM sees
 * @param loadAverage the system load average (1 min) at the end of the run, -1 when the platform has none
 * @param rows        one per model, in the order the stages ran them
 */
public record FibModelsTable(int cores, double loadAverage, List<Row> rows) {

    /** The operation names of the two probes. */
    public static final String SHORT = "short", LONG = "long";

    public FibModelsTable {
        rows = List.copyOf(rows);
    }

    /**
     * One model; a figure of a phase that did not run is 0.
     *
     * @param shortPerSecond         short requests per second, alone
     * @param shortWithLongPerSecond short requests per second while long requests run
     * @param longAloneP50Ms         long request latency alone, p50 (ms)
     * @param longWithShortP50Ms     long request latency under the short load, p50 (ms)
     * @param errors                 failed requests over all its phases
     */
    public record Row(String model, double shortPerSecond, double shortWithLongPerSecond,
                      double longAloneP50Ms, double longAloneP99Ms, double longWithShortP50Ms, double longWithShortP99Ms,
                      long errors) {
    }

    /** The table, when the plan's stages run fibServer targets with the two probes; else empty. */
    public static Optional<FibModelsTable> of(Plan plan, List<StageTotals> stages) {
        Map<String, Stage> byName = new LinkedHashMap<>();
        plan.stages().forEach(s -> byName.put(s.name(), s));
        Map<String, double[]> figures = new LinkedHashMap<>(); // model → the six figures
        Map<String, Long> errors = new LinkedHashMap<>();
        for (StageTotals st : stages) {
            Stage stage = byName.get(st.stage());
            if (stage == null || stage.target().flatMap(t -> t.fibServer()).isEmpty()) continue;
            String model = stage.target().get().fibServer().get().model();
            // the phase is what the stage's groups record, not what they managed to (a starved probe records nothing)
            var names = stage.groups().stream().flatMap(g -> g.steps().stream()).flatMap(dev.stampede.engine.plan.Step::operationNames).toList();
            boolean hasShort = names.contains(SHORT), hasLong = names.contains(LONG);
            if (!hasShort && !hasLong) continue;
            StageTotals.Operation s = op(st, SHORT), l = op(st, LONG);
            double[] f = figures.computeIfAbsent(model, m -> new double[6]);
            errors.merge(model, st.operations().stream().filter(o -> o.name().equals(SHORT) || o.name().equals(LONG))
                    .mapToLong(StageTotals.Operation::errors).sum(), Long::sum);
            if (hasShort && !hasLong) f[0] = s == null ? 0 : s.ratePerSecond();
            if (hasLong && !hasShort && l != null) {
                f[2] = ms(l.latency().p50());
                f[3] = ms(l.latency().p99());
            }
            if (hasShort && hasLong) {
                f[1] = s == null ? 0 : s.ratePerSecond();
                if (l != null) {
                    f[4] = ms(l.latency().p50());
                    f[5] = ms(l.latency().p99());
                }
            }
        }
        if (figures.isEmpty()) return Optional.empty();
        List<Row> rows = new ArrayList<>();
        figures.forEach((m, f) -> rows.add(new Row(m, f[0], f[1], f[2], f[3], f[4], f[5], errors.get(m))));
        return Optional.of(new FibModelsTable(Runtime.getRuntime().availableProcessors(),
                java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(), rows));
    }

    private static StageTotals.Operation op(StageTotals st, String name) {
        return st.operations().stream().filter(o -> o.name().equals(name) && o.count() > 0).findFirst().orElse(null);
    }

    private static double ms(long nanos) {
        return Math.round(nanos / 1e3) / 1000.0;
    }

    /** The table as terminal lines, its header naming the cores and the load. */
    public List<String> lines() {
        List<String> out = new ArrayList<>();
        out.add(String.format(Locale.ROOT, "Fibonacci server models · %d core%s · load average %s (other processes share this machine)",
                cores, cores == 1 ? "" : "s", loadAverage < 0 ? "n/a" : String.format(Locale.ROOT, "%.1f", loadAverage)));
        String fmt = "%-24s %12s %12s %19s %19s %7s";
        out.add(String.format(Locale.ROOT, fmt, "", "short req/s", "short req/s", "long p50/p99", "long p50/p99", ""));
        out.add(String.format(Locale.ROOT, fmt, "model", "alone", "during long", "alone", "with short load", "errors"));
        for (Row r : rows) {
            out.add(String.format(Locale.ROOT, fmt, r.model(), Format.rate(r.shortPerSecond()), Format.rate(r.shortWithLongPerSecond()),
                    pair(r.longAloneP50Ms(), r.longAloneP99Ms()), pair(r.longWithShortP50Ms(), r.longWithShortP99Ms()), r.errors()));
        }
        return out;
    }

    private static String pair(double p50, double p99) {
        return p50 == 0 && p99 == 0 ? "—" : Format.latency((long) (p50 * 1e6)) + " / " + Format.latency((long) (p99 * 1e6));
    }
}
