package dev.stampede.engine.shard;

import dev.stampede.engine.plan.Plan;
import dev.stampede.engine.plan.SourceRef;
import dev.stampede.engine.plan.Threshold;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The {@code shard} block of a sharded run's {@code summary.json}: which shard it was, of how many, the
 * scenario, and the thresholds as data ({@code operation, metric, comparison, value}) so that
 * {@code stampede merge} can judge them again on the merged result without the scenario's source.
 * Stateless.
 */
public final class ShardRecord {

    private ShardRecord() {
    }

    public static Map<String, Object> of(Shard shard, Plan plan, java.time.Instant startLine) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("index", shard.index());
        out.put("count", shard.count());
        out.put("scenario", plan.name());
        out.put("source", plan.source().file());
        if (startLine != null) out.put("startLine", startLine.toString());
        List<Map<String, Object>> th = new ArrayList<>();
        for (Threshold t : plan.thresholds()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("expression", t.expression());
            m.put("operation", t.operation());
            m.put("metric", t.metric().name().toLowerCase(Locale.ROOT));
            m.put("comparison", t.comparison().name().toLowerCase(Locale.ROOT));
            m.put("value", t.value());
            m.put("where", t.where().toString());
            th.add(m);
        }
        out.put("thresholds", th);
        return out;
    }

    /** The thresholds back from a {@code shard.thresholds} array read as plain maps. */
    public static List<Threshold> thresholds(List<Map<String, Object>> rows) {
        List<Threshold> out = new ArrayList<>();
        for (Map<String, Object> m : rows) {
            out.add(new Threshold((String) m.get("expression"), (String) m.get("operation"),
                    Threshold.Metric.valueOf(((String) m.get("metric")).toUpperCase(Locale.ROOT)),
                    Threshold.Comparison.valueOf(((String) m.get("comparison")).toUpperCase(Locale.ROOT)),
                    ((Number) m.get("value")).doubleValue(), false, SourceRef.file(String.valueOf(m.get("where")))));
        }
        return out;
    }

    /** The plan without its set-up: shard 1 ran it before the start line, so the other shards find it done. */
    public static Plan withoutSetup(Plan p) {
        return new Plan(p.name(), p.description(), p.source(), p.params(), p.target(), p.stages(), List.of(), p.teardown(),
                p.safety(), p.thresholds(), p.events());
    }
}
