package dev.stampede.engine.merge;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stampede.engine.metrics.LatencyStats;
import dev.stampede.engine.metrics.Metrics;
import dev.stampede.engine.output.SummaryJson;
import dev.stampede.engine.plan.Threshold;
import dev.stampede.engine.plan.ThresholdResult;
import dev.stampede.engine.result.ExitCode;
import dev.stampede.engine.result.OperationTotals;
import dev.stampede.engine.result.RunControl;
import dev.stampede.engine.result.RunSummary;
import dev.stampede.engine.result.StageTotals;
import dev.stampede.engine.result.StopReason;
import dev.stampede.engine.result.Verdicts;
import dev.stampede.engine.shard.ShardRecord;
import dev.stampede.engine.threshold.Thresholds;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogWriter;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * {@code stampede merge}: the shards of one run added up into one result — never averaged.
 * <ol>
 *   <li>Latency: each tag's interval histograms from the shards' {@code latency.hlog} are added interval
 *       by interval (the k-th interval of every shard: their start lines made them the same span); the
 *       merged totals, percentiles and thresholds read the sum of all of them, HdrHistogram {@code add}.</li>
 *   <li>Counts, errors by kind, rows and bytes are summed; a rate is the sum of the shards' rates (they ran
 *       over the same span).</li>
 *   <li>Findings: numbers summed (held connections, opened, lost writes), nested objects merged key by key,
 *       lists concatenated; what every shard read from the same server ({@code tables}) is taken once.</li>
 *   <li>Complete means shards 1..N all present and finished. A missing or failed shard is named, the
 *       others are still merged, and the exit code is 3: the result is a lower bound, not the run's.</li>
 * </ol>
 * Thresholds are the scenario's, read back from the shards' {@code shard.thresholds}. Open-model service
 * time ({@code serviceTimeMs}) is not merged — the hlog holds response time only — and {@code merge.notMerged}
 * says so. Stateless.
 */
public final class ShardMerge {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    /** Findings each shard measured on the one shared server: summing them would count the same thing N times. */
    private static final java.util.Set<String> SHARED = java.util.Set.of("tables", "serverLimit", "limit");

    private ShardMerge() {
    }

    /** A user's mistake: folders of different runs, not shard folders at all (exit 2). */
    public static final class Refused extends Exception {
        public Refused(String message) {
            super(message);
        }
    }

    /**
     * The merged run.
     *
     * @param summary    the merged totals
     * @param thresholds the scenario's thresholds judged on them
     * @param exitCode   0 held, 1 a threshold (or a shard's verdict) failed, 3 incomplete
     * @param complete   every shard 1..N present and finished
     * @param count      N
     * @param merged     the shards that were added, by index
     * @param problems   one line per missing, failed or unreadable shard
     */
    public record Result(RunSummary summary, List<ThresholdResult> thresholds, int exitCode, boolean complete, int count,
                         List<Integer> merged, List<String> problems) {
    }

    /**
     * The user's mistakes in the folders named, refused before anything is read: a path that is not there
     * (a typo is not a missing shard), a file given as a shard, and an {@code --out} that is a file or one
     * of the shards' own folders (the merge would overwrite that shard's results with the sum).
     */
    private static void refuseFolders(List<Path> dirs, Path out) throws Refused {
        for (Path dir : dirs) {
            if (!Files.exists(dir)) throw new Refused(dir + ": no such folder");
            if (!Files.isDirectory(dir)) throw new Refused(dir + ": is a file, not a shard's result folder");
        }
        if (Files.exists(out) && !Files.isDirectory(out)) throw new Refused("--out " + out + ": is a file, not a folder");
        Path o = out.toAbsolutePath().normalize();
        for (Path dir : dirs) {
            if (dir.toAbsolutePath().normalize().equals(o) || sameFolder(dir, out)) {
                throw new Refused("--out " + out + ": is a shard's result folder: the merge would overwrite it; merge into another folder");
            }
        }
    }

    /** Both there and one folder (a link to a shard's folder is that folder). */
    private static boolean sameFolder(Path dir, Path out) {
        try {
            return Files.exists(out) && Files.isSameFile(dir, out);
        } catch (java.io.IOException e) {
            return false;
        }
    }

    public static Result merge(List<Path> dirs, Path out) throws Refused {
        List<String> problems = new ArrayList<>();
        Map<Integer, ShardResult> shards = new TreeMap<>();
        Integer count = null;
        String scenario = null;
        refuseFolders(dirs, out);
        Map<Integer, Path> seen = new TreeMap<>();
        for (Path dir : dirs) {
            JsonNode s;
            try {
                s = ShardResult.summaryOf(dir);
            } catch (ShardResult.Unreadable e) {
                problems.add(e.getMessage());
                continue;
            }
            int n = s.path("shard").path("count").asInt();
            int i = s.path("shard").path("index").asInt();
            String name = s.path("scenario").asText();
            if (count == null) {
                count = n;
                scenario = name;
            } else if (count != n || !scenario.equals(name)) {
                throw new Refused(dir + ": shard " + i + "/" + n + " of '" + name + "' is not of the same run as the others ("
                        + "'" + scenario + "', " + count + " shards)");
            }
            Path before = seen.putIfAbsent(i, dir); // by the summary: a shard given twice is refused whether or not it can be read
            if (before != null) throw new Refused(dir + ": shard " + i + "/" + n + " is given twice (also " + before + ")");
            ShardResult r;
            try {
                r = ShardResult.read(dir, s);
            } catch (ShardResult.Unreadable e) {
                problems.add("shard " + i + "/" + n + ": " + e.getMessage());
                continue;
            }
            if (!r.finished()) {
                problems.add("shard " + i + "/" + n + " failed (" + dir + "): exit " + r.exitCode() + ", " + r.stopReason()
                        + (s.path("stopMessage").asText("").isEmpty() ? "" : ": " + s.path("stopMessage").asText()) + " — left out");
                continue;
            }
            shards.put(i, r);
        }
        if (count == null) throw new Refused("no shard result among " + dirs + (problems.isEmpty() ? "" : ": " + problems.get(0)));
        for (int i = 1; i <= count; i++) {
            final int k = i;
            boolean named = problems.stream().anyMatch(p -> p.startsWith("shard " + k + "/"));
            if (!shards.containsKey(i) && !named) problems.add("shard " + i + "/" + count + " is missing");
        }
        if (shards.isEmpty()) throw new Refused("none of the " + count + " shards finished: " + String.join("; ", problems));
        boolean complete = shards.size() == count && problems.isEmpty();

        List<ShardResult> all = List.copyOf(shards.values());
        ShardResult first = all.get(0);
        List<String> operations = new ArrayList<>();
        all.forEach(r -> r.summary().path("operations").fieldNames().forEachRemaining(n -> { if (!operations.contains(n)) operations.add(n); }));

        // interval by interval, per operation
        Map<String, List<Histogram>> intervals = new LinkedHashMap<>();
        for (String op : operations) {
            String tag = Metrics.logTag(op);
            List<Histogram> sum = new ArrayList<>();
            for (ShardResult r : all) {
                List<Histogram> mine = r.intervals().getOrDefault(tag, List.of());
                for (int k = 0; k < mine.size(); k++) {
                    Histogram h = mine.get(k);
                    if (k == sum.size()) {
                        Histogram acc = new Histogram(h.getNumberOfSignificantValueDigits());
                        acc.setStartTimeStamp(h.getStartTimeStamp());
                        acc.setEndTimeStamp(h.getEndTimeStamp());
                        acc.setTag(tag);
                        sum.add(acc);
                    }
                    Histogram acc = sum.get(k);
                    acc.add(h);
                    acc.setStartTimeStamp(Math.min(acc.getStartTimeStamp(), h.getStartTimeStamp()));
                    acc.setEndTimeStamp(Math.max(acc.getEndTimeStamp(), h.getEndTimeStamp()));
                }
            }
            intervals.put(op, sum);
        }

        double elapsed = all.stream().mapToDouble(r -> r.summary().path("elapsedSeconds").asDouble()).max().orElse(0);
        List<OperationTotals> totals = new ArrayList<>();
        for (String op : operations) {
            Histogram h = new Histogram(3);
            intervals.get(op).forEach(h::add);
            long count2 = 0, errors = 0, rows = 0, bytes = 0;
            double rate = 0;
            Map<String, Long> byKind = new TreeMap<>();
            for (ShardResult r : all) {
                JsonNode o = r.summary().path("operations").path(op);
                if (o.isMissingNode()) continue;
                count2 += o.path("count").asLong();
                errors += o.path("errors").asLong();
                rate += o.path("ratePerSecond").asDouble();
                rows += o.path("rows").asLong();
                bytes += o.path("bytes").asLong();
                o.path("errorsByKind").fields().forEachRemaining(e -> byKind.merge(e.getKey(), e.getValue().asLong(), Long::sum));
            }
            totals.add(new OperationTotals(op, count2, errors, rate, LatencyStats.of(h), byKind, h, LatencyStats.EMPTY, rows, bytes));
        }

        Map<String, Object> findings = new LinkedHashMap<>();
        for (ShardResult r : all) {
            @SuppressWarnings("unchecked")
            Map<String, Object> f = MAPPER.convertValue(r.summary().path("findings"), Map.class);
            if (f != null) f.forEach((k, v) -> findings.merge(k, v, (a, b) -> SHARED.contains(k) ? a : add(a, b)));
        }
        List<String> notes = new ArrayList<>();
        notes.add((complete ? "complete: " : "INCOMPLETE: ") + shards.size() + " of " + count + " shards merged ("
                + shards.keySet().stream().map(String::valueOf).collect(java.util.stream.Collectors.joining(", ")) + ")");
        notes.addAll(problems);

        List<StageTotals> stages = stages(all, intervals);
        Instant startedAt = all.stream().map(r -> Instant.parse(r.summary().path("startedAt").asText()))
                .min(Instant::compareTo).orElseThrow();
        boolean writesLost = all.stream().anyMatch(r -> r.summary().path("findings").path("ledger").path("lost").asLong(0) > 0);
        RunSummary summary = new RunSummary(first.summary().path("scenario").asText(), startedAt,
                Duration.ofNanos((long) (elapsed * 1e9)), first.summary().path("target").asText(),
                new RunControl.StopRequest(complete ? StopReason.COMPLETED : StopReason.ABORTED,
                        complete ? "merged " + count + " shards" : "incomplete: " + String.join("; ", problems)),
                MAPPER.convertValue(first.summary().path("params"), Map.class), totals, Duration.ZERO, 0, findings, notes, stages,
                new Verdicts(false, writesLost));

        @SuppressWarnings("unchecked")
        List<Map<String, Object>> rows = MAPPER.convertValue(first.summary().path("shard").path("thresholds"), List.class);
        List<Threshold> thresholds = ShardRecord.thresholds(rows == null ? List.of() : rows);
        List<ThresholdResult> judged = Thresholds.evaluate(thresholds, summary);
        // a shard that failed on a verdict of its own (nothing held, writes lost) with every threshold passing
        boolean verdictFailed = writesLost || all.stream().anyMatch(r -> r.exitCode() == 1
                && java.util.stream.StreamSupport.stream(r.summary().path("thresholds").spliterator(), false)
                .allMatch(t -> t.path("passed").asBoolean() || "not applicable".equals(t.path("status").asText())));
        int exit = !complete ? ExitCode.CANNOT_RUN
                : judged.stream().anyMatch(t -> !t.passed() && !"not applicable".equals(t.status())) || verdictFailed ? ExitCode.THRESHOLD_FAILED
                : ExitCode.OK;

        try {
            Files.createDirectories(out);
            writeLog(out, all, intervals, operations, summary.scenario());
            writeTimeline(out, all, intervals, operations);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + out + ": " + e.getMessage(), e);
        }
        Map<String, Object> merge = new LinkedHashMap<>();
        merge.put("complete", complete);
        merge.put("count", count);
        merge.put("merged", List.copyOf(shards.keySet()));
        merge.put("problems", problems);
        // latency.hlog carries response time only, so the shards' open-model service times cannot be added:
        // say so rather than leave the field silently out
        merge.put("notMerged", List.of("serviceTimeMs"));
        List<Map<String, Object>> each = new ArrayList<>();
        all.forEach(r -> each.add(Map.of("index", r.index(), "dir", r.dir().toString(), "exitCode", r.exitCode())));
        merge.put("shards", each);
        Map<String, Object> extra = new LinkedHashMap<>();
        extra.put("merge", merge);
        extra.put("shard", MAPPER.convertValue(first.summary().path("shard"), Map.class));
        if (first.summary().has("environment")) extra.put("environment", MAPPER.convertValue(first.summary().path("environment"), Map.class));
        if (first.summary().has("events")) extra.put("events", MAPPER.convertValue(first.summary().path("events"), List.class));
        SummaryJson.write(out, summary, exit, judged.stream().map(SummaryJson.ThresholdRow::of).toList(), extra);
        return new Result(summary, judged, exit, complete, count, List.copyOf(shards.keySet()), List.copyOf(problems));
    }

    /** Findings added: numbers summed, objects key by key, lists concatenated, other values kept when equal. */
    @SuppressWarnings("unchecked")
    static Object add(Object a, Object b) {
        if (a instanceof Number x && b instanceof Number y) {
            return x instanceof Double || y instanceof Double || x instanceof Float || y instanceof Float
                    ? (Object) (x.doubleValue() + y.doubleValue()) : (Object) (x.longValue() + y.longValue());
        }
        if (a instanceof Map<?, ?> x && b instanceof Map<?, ?> y) {
            Map<String, Object> m = new LinkedHashMap<>((Map<String, Object>) x);
            ((Map<String, Object>) y).forEach((k, v) -> m.merge(k, v, ShardMerge::add));
            return m;
        }
        if (a instanceof List<?> x && b instanceof List<?> y) {
            List<Object> l = new ArrayList<>(x);
            l.addAll(y);
            return l;
        }
        if (a instanceof Boolean x && b instanceof Boolean y) return x || y;
        return java.util.Objects.equals(a, b) ? a : List.of(a, b);
    }

    /** Per stage (the timeline's stage column of each interval): counts summed, latency from the added intervals. */
    private static List<StageTotals> stages(List<ShardResult> all, Map<String, List<Histogram>> intervals) {
        Map<String, Map<String, long[]>> counts = new LinkedHashMap<>();
        Map<String, Map<String, Histogram>> hists = new LinkedHashMap<>();
        Map<String, Double> lengths = new LinkedHashMap<>();
        all.get(0).summary().path("stages").forEach(st -> lengths.put(st.path("stage").asText(), st.path("elapsedSeconds").asDouble()));
        for (ShardResult r : all) {
            r.summary().path("stages").forEach(st -> lengths.merge(st.path("stage").asText(), st.path("elapsedSeconds").asDouble(), Math::max));
            for (var e : r.rows().entrySet()) {
                for (Map<String, String> row : e.getValue()) {
                    long[] c = counts.computeIfAbsent(row.get("stage"), k -> new LinkedHashMap<>()).computeIfAbsent(e.getKey(), k -> new long[2]);
                    c[0] += Long.parseLong(row.get("count"));
                    c[1] += Long.parseLong(row.get("errors"));
                }
            }
        }
        for (var e : intervals.entrySet()) {
            List<Map<String, String>> rows = longest(all, e.getKey());
            for (int k = 0; k < e.getValue().size() && k < rows.size(); k++) {
                hists.computeIfAbsent(rows.get(k).get("stage"), s -> new LinkedHashMap<>())
                        .computeIfAbsent(e.getKey(), s -> new Histogram(3)).add(e.getValue().get(k));
            }
        }
        List<StageTotals> out = new ArrayList<>();
        for (var st : counts.entrySet()) {
            double secs = Math.max(1e-9, lengths.getOrDefault(st.getKey(), 0.0));
            List<StageTotals.Operation> ops = new ArrayList<>();
            for (var op : st.getValue().entrySet()) {
                if (op.getValue()[0] == 0 && op.getValue()[1] == 0) continue;
                Histogram h = hists.getOrDefault(st.getKey(), Map.of()).get(op.getKey());
                ops.add(new StageTotals.Operation(op.getKey(), op.getValue()[0], op.getValue()[1], op.getValue()[0] / secs,
                        h == null ? LatencyStats.EMPTY : LatencyStats.of(h)));
            }
            int workers = all.stream().mapToInt(r -> java.util.stream.StreamSupport.stream(r.summary().path("stages").spliterator(), false)
                    .filter(s -> s.path("stage").asText().equals(st.getKey())).mapToInt(s -> s.path("workers").asInt()).sum()).sum();
            out.add(new StageTotals(st.getKey(), Duration.ofNanos((long) (secs * 1e9)), workers, ops));
        }
        return out;
    }

    /** The timeline rows of the shard that has the most for an operation (which intervals belong to which stage). */
    private static List<Map<String, String>> longest(List<ShardResult> all, String op) {
        return all.stream().map(r -> r.rows().getOrDefault(op, List.of())).max(java.util.Comparator.comparingInt(List::size)).orElse(List.of());
    }

    private static void writeLog(Path out, List<ShardResult> all, Map<String, List<Histogram>> intervals, List<String> ops,
                                 String scenario) throws IOException {
        long startMs = all.stream().mapToLong(ShardResult::startMs).min().orElse(0);
        try (PrintStream ps = new PrintStream(Files.newOutputStream(out.resolve("latency.hlog")), false, StandardCharsets.US_ASCII)) {
            HistogramLogWriter w = new HistogramLogWriter(ps);
            w.outputComment("stampede scenario '" + scenario + "', " + all.size() + " shard(s) merged, latencies in nanoseconds, one tag per operation");
            w.outputLogFormatVersion();
            w.outputStartTime(startMs);
            w.outputBaseTime(startMs);
            w.setBaseTime(startMs);
            w.outputLegend();
            int most = intervals.values().stream().mapToInt(List::size).max().orElse(0);
            for (int k = 0; k < most; k++) {
                for (String op : ops) {
                    List<Histogram> list = intervals.get(op);
                    if (k >= list.size()) continue;
                    Histogram h = list.get(k);
                    double start = Math.max(0, (h.getStartTimeStamp() - startMs) / 1000.0);
                    double end = Math.max(start, (h.getEndTimeStamp() - startMs) / 1000.0);
                    w.outputIntervalHistogram(start, end, h);
                }
            }
        }
    }

    private static void writeTimeline(Path out, List<ShardResult> all, Map<String, List<Histogram>> intervals, List<String> ops) throws IOException {
        StringBuilder sb = new StringBuilder(dev.stampede.engine.output.TimelineCsvOutput.HEADER).append('\n');
        int most = all.stream().flatMap(r -> r.rows().values().stream()).mapToInt(List::size).max().orElse(0);
        for (int k = 0; k < most; k++) {
            for (String op : ops) {
                List<Map<String, String>> rows = new ArrayList<>();
                List<String> events = new ArrayList<>();
                for (ShardResult r : all) {
                    List<Map<String, String>> mine = r.rows().getOrDefault(op, List.of());
                    if (k >= mine.size()) continue;
                    rows.add(mine.get(k));
                    String ev = mine.get(k).getOrDefault("events", "");
                    if (!ev.isEmpty()) events.add(all.size() > 1 ? "shard " + r.index() + ": " + ev : ev);
                }
                if (rows.isEmpty()) continue;
                List<Histogram> list = intervals.get(op);
                LatencyStats l = list != null && k < list.size() ? LatencyStats.of(list.get(k)) : LatencyStats.EMPTY;
                sb.append(String.format(Locale.ROOT, "%.3f,%s,%s,%d,%d,%.3f,%.4f,%.4f,%.4f,%.4f,%.4f,%.4f,%.4f,%d,%d,%s,%s,%d,%s",
                        rows.stream().mapToDouble(x -> Double.parseDouble(x.get("elapsed_s"))).max().orElse(0),
                        csv(rows.get(0).get("stage")), csv(op), sum(rows, "count"), sum(rows, "errors"),
                        rows.stream().mapToDouble(x -> Double.parseDouble(x.get("rate_per_s"))).sum(),
                        l.mean() / 1e6, l.p50() / 1e6, l.p90() / 1e6, l.p95() / 1e6, l.p99() / 1e6, l.p999() / 1e6, l.max() / 1e6,
                        sum(rows, "total_count"), sum(rows, "total_errors"), max(rows, "server_connections"), max(rows, "server_max_connections"),
                        sum(rows, "in_flight"), csv(String.join("; ", events))));
                sb.append('\n');
            }
        }
        Files.writeString(out.resolve("timeline.csv"), sb, StandardCharsets.UTF_8);
    }

    private static long sum(List<Map<String, String>> rows, String col) {
        return rows.stream().mapToLong(r -> { String v = r.getOrDefault(col, ""); return v.isEmpty() ? 0 : Long.parseLong(v); }).sum();
    }

    /** The one server every shard read: its highest reading, empty when none could read it. */
    private static String max(List<Map<String, String>> rows, String col) {
        return rows.stream().map(r -> r.getOrDefault(col, "")).filter(v -> !v.isEmpty()).mapToLong(Long::parseLong).boxed()
                .max(Long::compare).map(String::valueOf).orElse("");
    }

    private static String csv(String v) {
        return v.contains(",") || v.contains("\"") || v.contains("\n") ? "\"" + v.replace("\"", "\"\"") + "\"" : v;
    }
}
