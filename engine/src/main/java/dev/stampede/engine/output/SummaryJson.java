package dev.stampede.engine.output;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stampede.engine.metrics.LatencyStats;
import dev.stampede.engine.result.OperationTotals;
import dev.stampede.engine.result.RunSummary;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * {@code summary.json}: the stable, documented result of a run (see README "Result files").
 *
 * <p>Schema (version 1): {@code scenario, startedAt, elapsedSeconds, target (masked), exitCode,
 * stopReason, params, operations{NAME: count, errors, ratePerSecond, errorRate,
 * latencyMs{mean,min,p50,p75,p90,p95,p99,p999,max}, errorsByKind}, errors{KIND: count}, thresholds[]}}.
 * Written to a temporary file and renamed, so readers never see half a file. Stateless.
 */
public final class SummaryJson {

    public static final int SCHEMA_VERSION = 1;
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** One evaluated threshold, as {@code summary.json} stores it. */
    public record ThresholdRow(String expression, Double actual, boolean passed, String status) {

        public ThresholdRow(String expression, Double actual, boolean passed) {
            this(expression, actual, passed, passed ? "passed" : "failed");
        }

        public static ThresholdRow of(dev.stampede.engine.plan.ThresholdResult t) {
            return new ThresholdRow(t.threshold().expression(), t.actual(), t.passed(), t.status());
        }
    }

    private SummaryJson() {
    }

    public static ObjectNode toJson(RunSummary s, int exitCode, List<ThresholdRow> thresholds) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("schemaVersion", SCHEMA_VERSION);
        root.put("scenario", s.scenario());
        root.put("startedAt", s.startedAt().toString());
        root.put("elapsedSeconds", round(s.elapsed().toNanos() / 1e9, 3));
        root.put("target", s.target());
        root.put("exitCode", exitCode);
        root.put("stopReason", s.stop().reason().name().toLowerCase(java.util.Locale.ROOT));
        root.put("stopMessage", s.stop().message());
        ObjectNode params = root.putObject("params");
        s.params().forEach((k, v) -> params.putPOJO(k, v instanceof java.time.Duration d ? d.toString() : v));
        ObjectNode ops = root.putObject("operations");
        for (OperationTotals o : s.operations()) {
            ObjectNode op = operation(ops.putObject(o.name()), o.count(), o.errors(), o.ratePerSecond(), o.latency());
            op.put("errorRate", round(o.errorRate(), 6));
            if (o.service().count() > 0) latency(op.putObject("serviceTimeMs"), o.service());
            if (o.rows() > 0) {
                double secs = SummaryTable.measuredSeconds(o, s);
                op.put("rows", o.rows());
                op.put("rowsPerSecond", round(o.rows() / secs, 3));
                op.put("bytes", o.bytes());
                op.put("megabytesPerSecond", round(o.bytes() / secs / 1_000_000.0, 3));
            }
            ArrayNode hist = op.putArray("histogram");
            for (LogHistogram.Bucket b : LogHistogram.buckets(o.histogram())) {
                hist.addObject().put("fromMs", ms(b.fromNanos())).put("toMs", ms(b.toNanos())).put("count", b.count());
            }
            ObjectNode byKind = op.putObject("errorsByKind");
            o.errorsByKind().forEach(byKind::put);
        }
        ArrayNode stages = root.putArray("stages");
        for (var st : s.stages()) {
            ObjectNode n = stages.addObject();
            n.put("stage", st.stage());
            n.put("elapsedSeconds", round(st.elapsed().toNanos() / 1e9, 3));
            n.put("workers", st.workers());
            st.level().ifPresent(l -> {
                ObjectNode sw = n.putObject("sweep"); // which group's load this level set, to what
                sw.put("group", l.group()).put("knob", l.knob()).put("level", l.value())
                        .put("pauseBeforeSeconds", round(l.settle().toNanos() / 1e9, 3));
            });
            ObjectNode ops2 = n.putObject("operations");
            for (var o : st.operations()) {
                operation(ops2.putObject(o.name()), o.count(), o.errors(), o.ratePerSecond(), o.latency());
            }
        }
        ObjectNode errors = root.putObject("errors");
        s.errors().forEach(errors::put);
        root.set("findings", MAPPER.valueToTree(s.findings()));
        ArrayNode th = root.putArray("thresholds");
        for (ThresholdRow t : thresholds) {
            ObjectNode n = th.addObject();
            n.put("expression", t.expression());
            if (t.actual() == null || t.actual().isNaN() || t.actual().isInfinite()) n.putNull("actual");
            else n.put("actual", t.actual());
            n.put("passed", t.passed());
            n.put("status", t.status());
        }
        return root;
    }

    /** Writes {@code summary.json} into {@code dir} atomically. */
    public static Path write(Path dir, RunSummary s, int exitCode, List<ThresholdRow> thresholds) {
        return write(dir, s, exitCode, thresholds, java.util.Map.of());
    }

    /**
     * Writes {@code summary.json} with {@code extra} top-level fields after the run's own (the run's
     * {@code environment} and {@code events}: what the report's header and markers show).
     */
    public static Path write(Path dir, RunSummary s, int exitCode, List<ThresholdRow> thresholds, java.util.Map<String, ?> extra) {
        Path file = dir.resolve("summary.json");
        Path tmp = dir.resolve("summary.json.tmp");
        try {
            ObjectNode root = toJson(s, exitCode, thresholds);
            extra.forEach((k, v) -> root.set(k, MAPPER.valueToTree(v)));
            MAPPER.writeValue(tmp.toFile(), root);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /** The fields a run's and a stage's operation share: count, errors, ratePerSecond, latencyMs. */
    private static ObjectNode operation(ObjectNode op, long count, long errors, double rate, LatencyStats latency) {
        op.put("count", count);
        op.put("errors", errors);
        op.put("ratePerSecond", round(rate, 3));
        latency(op.putObject("latencyMs"), latency);
        return op;
    }

    private static void latency(ObjectNode lat, LatencyStats l) {
        lat.put("mean", ms(l.mean()));
        lat.put("min", ms(l.min()));
        lat.put("p50", ms(l.p50()));
        lat.put("p75", ms(l.p75()));
        lat.put("p90", ms(l.p90()));
        lat.put("p95", ms(l.p95()));
        lat.put("p99", ms(l.p99()));
        lat.put("p999", ms(l.p999()));
        lat.put("max", ms(l.max()));
    }

    private static double ms(double nanos) {
        return round(nanos / 1e6, 4);
    }

    private static double round(double v, int digits) {
        double f = Math.pow(10, digits);
        return Math.round(v * f) / f;
    }
}
