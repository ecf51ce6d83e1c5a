package dev.stampede.engine.output;

import dev.stampede.engine.plan.ClosedLoop;
import dev.stampede.engine.plan.Connect;
import dev.stampede.engine.plan.Group;
import dev.stampede.engine.plan.LoadModel;
import dev.stampede.engine.plan.Plan;
import dev.stampede.engine.plan.Stage;
import dev.stampede.engine.plan.Step;

/**
 * A plan as a readable tree, for {@code stampede check}: stages, groups, load model, steps, params.
 * Stateless.
 */
public final class PlanTree {

    private PlanTree() {
    }

    public static String render(Plan plan) {
        StringBuilder sb = new StringBuilder();
        sb.append("scenario '").append(plan.name()).append("'");
        if (!plan.description().isEmpty()) sb.append(" — ").append(plan.description());
        sb.append('\n');
        sb.append("├─ source ").append(plan.source()).append('\n');
        sb.append("├─ target ").append(plan.target().url().map(u -> "postgres(" + mask(u) + ")")
                .orElse("postgres() — --url, DATABASE_URL, PG* variables, else embedded")).append('\n');
        if (!plan.params().isEmpty()) {
            sb.append("├─ params\n");
            plan.params().forEach((k, v) -> sb.append("│  ├─ ").append(k).append(" = ").append(value(v)).append('\n'));
        }
        sb.append("└─ duration ").append(Format.clock(plan.duration())).append('\n');
        for (Stage st : plan.stages()) {
            sb.append("   stage '").append(st.name()).append("' for ").append(Format.clock(st.duration())).append('\n');
            for (Group g : st.groups()) {
                sb.append("   └─ group '").append(g.name()).append("': ").append(load(g.load())).append('\n');
                for (Step s : g.steps()) sb.append("      └─ ").append(step(s)).append('\n');
            }
        }
        return sb.toString();
    }

    private static String load(LoadModel m) {
        return switch (m) {
            case ClosedLoop c -> c.workers() + " worker(s), closed loop"
                    + (c.think().isZero() ? "" : ", think " + c.think().toMillis() + "ms");
            case dev.stampede.engine.plan.ArrivalRate r -> r.rampOver().isZero()
                    ? "open model, " + r.perSecond() + "/s, at most " + r.maxWorkers() + " in flight"
                    : "open model, " + r.perSecond() + "/s → " + r.toPerSecond() + "/s over " + Format.clock(r.rampOver())
                    + ", at most " + r.maxWorkers() + " in flight";
            case dev.stampede.engine.plan.Ramp r -> "ramp " + r.from() + " → " + r.to() + " workers over " + Format.clock(r.over());
            case dev.stampede.engine.plan.Hold h -> "hold " + h.connections() + " connection(s), batches of " + h.batch()
                    + (h.keepalive().isZero() ? "" : ", keepalive every " + Format.clock(h.keepalive()))
                    + (h.findLimit() ? ", find the limit" : "");
        };
    }

    private static String step(Step s) {
        return switch (s) {
            case Connect c -> "connect() — open, SELECT 1, close; timed as '" + c.operation() + "'";
            case dev.stampede.engine.plan.Sql q -> "sql '" + q.text() + "' " + q.params() + " as '" + q.operation() + "'";
            case dev.stampede.engine.plan.Transaction t -> "transaction as '" + t.operation() + "' of " + t.steps().size() + " step(s)";
            case dev.stampede.engine.plan.Pause p -> "pause " + p.duration();
            case dev.stampede.engine.plan.Timed t -> "timed '" + t.operation() + "' (" + t.code().where() + ")";
            case dev.stampede.engine.plan.Mix m -> "mix of " + m.branches().size() + " branch(es)";
            case dev.stampede.engine.plan.InsertBatch i -> "insertBatch " + i.table() + ", " + i.rows() + " row(s) as '" + i.operation() + "'";
            case dev.stampede.engine.plan.UpdateRandom u -> "updateRandom " + u.table() + " set " + u.set().keySet() + " as '" + u.operation() + "'";
            case dev.stampede.engine.plan.Copy c -> "copy " + c.table() + ", " + c.rows() + " row(s) as '" + c.operation() + "'";
        };
    }

    private static String value(Object v) {
        if (v instanceof java.time.Duration d) return Format.clock(d);
        if (v instanceof CharSequence c) return "'" + c + "'";
        return String.valueOf(v);
    }

    private static String mask(String url) {
        return url.replaceAll("(//[^:/@]*:)[^@]*@", "$1***@").replaceAll("(?i)(password\\s*=\\s*)(\\S+)", "$1***");
    }
}
