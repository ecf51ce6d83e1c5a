package dev.stampede.engine.output;

import dev.stampede.engine.plan.ArrivalRate;
import dev.stampede.engine.plan.ClosedLoop;
import dev.stampede.engine.plan.Connect;
import dev.stampede.engine.plan.Copy;
import dev.stampede.engine.plan.Group;
import dev.stampede.engine.plan.Hold;
import dev.stampede.engine.plan.InsertBatch;
import dev.stampede.engine.plan.LoadModel;
import dev.stampede.engine.plan.Mix;
import dev.stampede.engine.plan.Pause;
import dev.stampede.engine.plan.Routed;
import dev.stampede.engine.plan.Plan;
import dev.stampede.engine.plan.Pool;
import dev.stampede.engine.plan.Ramp;
import dev.stampede.engine.plan.Row;
import dev.stampede.engine.plan.Sql;
import dev.stampede.engine.plan.Stage;
import dev.stampede.engine.plan.Step;
import dev.stampede.engine.plan.Threshold;
import dev.stampede.engine.plan.Timed;
import dev.stampede.engine.plan.TimedEvent;
import dev.stampede.engine.plan.Transaction;
import dev.stampede.engine.plan.UpdateRandom;
import dev.stampede.engine.plan.Value;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A plan as a readable tree, for {@code stampede check}: params, safety, setup, stages with their
 * groups, load models and steps (nested for transactions and mixes), timed events, thresholds and
 * teardown. Passwords in a target URL are masked. Stateless.
 */
public final class PlanTree {

    private static final int MAX_SQL = 80;

    private PlanTree() {
    }

    /** One line of the tree and the lines under it. */
    private record Node(String text, List<Node> children) {
        Node(String text) {
            this(text, new ArrayList<>());
        }

        Node add(String line) {
            Node n = new Node(line);
            children.add(n);
            return n;
        }

        Node add(Node n) {
            children.add(n);
            return n;
        }
    }

    public static String render(Plan plan) {
        Node root = new Node("scenario '" + plan.name() + "'"
                + (plan.description().isEmpty() ? "" : " — " + plan.description()));
        root.add("source " + plan.source());
        if (plan.target().fibServer().isPresent()) root.add("target " + plan.target().describe() + " — started on 127.0.0.1 for the run, stopped after it");
        else if (plan.target().cluster().isPresent()) root.add("target " + plan.target().describe() + " — an embedded primary and replicas for the run (a multi-host --url replaces it)");
        else if (plan.target().url().isEmpty() && plan.targetPerStage()) root.add("target: each stage its own");
        else root.add("target " + plan.target().url().map(u -> dev.stampede.engine.plan.TargetSpec.isTcp(u) ? "tcp(" + u.substring(dev.stampede.engine.plan.TargetSpec.TCP_SCHEME.length()) + ")" : "postgres(" + mask(u) + ")")
                .orElse("postgres() — --url, DATABASE_URL, PG* variables, else embedded"));
        if (!plan.target().routing().isEmpty()) root.add("routing " + routing(plan.target().routing()));
        if (!plan.params().isEmpty()) {
            Node params = root.add("params");
            plan.params().forEach((k, v) -> params.add(k + " = " + constant(v)));
        }
        if (plan.safety().minFreeConnections() > 0) {
            root.add("safety: keep at least " + plan.safety().minFreeConnections() + " connection slot(s) free");
        }
        if (!plan.setup().isEmpty()) steps(root.add("setup, once before the first stage"), plan.setup());
        for (Stage st : plan.stages()) {
            Node stage = root.add("stage '" + st.name() + "' for " + span(st.duration())
                    + (st.settle().isZero() ? "" : " after " + span(st.settle()) + " with no load (sweep pause)")
                    + st.target().map(t -> " · target " + t.describe()).orElse(""));
            for (Group g : st.groups()) {
                Node group = stage.add("group '" + g.name() + "': " + load(g.load()) + pool(g.pool()));
                steps(group, g.steps());
            }
        }
        if (!plan.events().isEmpty()) {
            Node events = root.add("events");
            for (TimedEvent e : plan.events()) {
                events.add("at " + span(e.at()) + " '" + e.name() + "'" + (e.injectsFaults() ? ": " + String.join(", ", e.faults()) : "")
                        + " (" + e.action().where() + ")");
            }
        }
        if (!plan.thresholds().isEmpty()) {
            Node expect = root.add("expect");
            for (Threshold t : plan.thresholds()) expect.add(threshold(t));
        }
        if (!plan.teardown().isEmpty()) steps(root.add("teardown, once after the last stage"), plan.teardown());
        Duration settles = plan.stages().stream().map(Stage::settle).reduce(Duration.ZERO, Duration::plus);
        root.add("duration " + span(plan.duration()) + (plan.stages().size() > 1 ? " in " + plan.stages().size() + " stages" : "")
                + (settles.isZero() ? "" : ", plus " + span(settles) + " of sweep pauses"));
        StringBuilder sb = new StringBuilder(root.text()).append('\n');
        draw(sb, root.children(), "");
        return sb.toString();
    }

    private static void draw(StringBuilder sb, List<Node> nodes, String indent) {
        for (int i = 0; i < nodes.size(); i++) {
            boolean last = i == nodes.size() - 1;
            Node n = nodes.get(i);
            sb.append(indent).append(last ? "└─ " : "├─ ").append(n.text()).append('\n');
            draw(sb, n.children(), indent + (last ? "   " : "│  "));
        }
    }

    private static void steps(Node parent, List<Step> steps) {
        for (Step s : steps) parent.add(step(s));
    }

    private static String load(LoadModel m) {
        return switch (m) {
            case ClosedLoop c -> c.workers() + " worker(s), closed loop"
                    + (c.think().isZero() ? "" : ", think " + span(c.think()));
            case ArrivalRate r -> r.rampOver().isZero()
                    ? "open model, " + rate(r.perSecond()) + "/s, at most " + r.maxWorkers() + " in flight"
                    : "open model, " + rate(r.perSecond()) + "/s → " + rate(r.toPerSecond()) + "/s over "
                    + span(r.rampOver()) + ", at most " + r.maxWorkers() + " in flight";
            case Ramp r -> "ramp " + r.from() + " → " + r.to() + " worker(s) over " + span(r.over())
                    + (r.think().isZero() ? "" : ", think " + span(r.think()));
            case Hold h -> "hold " + h.connections() + " connection(s), batches of " + h.batch()
                    + (h.batchPause().isZero() ? "" : " every " + span(h.batchPause()))
                    + (h.keepalive().isZero() ? "" : ", keepalive every " + span(h.keepalive()))
                    + (h.findLimit() ? ", then on until the server refuses" : "");
        };
    }

    private static String pool(Pool p) {
        return switch (p) {
            case Pool.Raw r -> "";
            case Pool.Hikari h -> ", hikari pool of " + h.maxSize() + " (" + h.minIdle() + " kept open)";
        };
    }

    private static Node step(Step s) {
        return switch (s) {
            case Connect c -> new Node("connect() — open, SELECT 1, close" + as(c.operation()));
            case Sql q -> new Node("sql '" + sql(q.text()) + "'"
                    + (q.params().isEmpty() ? "" : " with " + q.params().stream().map(PlanTree::value)
                    .collect(Collectors.joining(", ")))
                    + as(q.operation()));
            case Transaction t -> {
                Node n = new Node("transaction" + as(t.operation()));
                steps(n, t.steps());
                yield n;
            }
            case Routed r -> {
                Node n = new Node(r.route() == Routed.Route.WRITE ? "write — on the primary" : "read — on a replica");
                steps(n, r.steps());
                yield n;
            }
            case Pause p -> new Node("pause " + value(p.duration()));
            case Timed t -> new Node("timed '" + t.operation() + "' { … } (" + t.code().where() + ")");
            case Mix m -> {
                Node n = new Node("mix, one branch per iteration");
                for (Mix.Branch b : m.branches()) {
                    Node branch = n.add(number(b.percent()) + "%" + (b.steps().isEmpty() ? ": nothing" : ""));
                    steps(branch, b.steps());
                }
                yield n;
            }
            case InsertBatch i -> new Node("insertBatch '" + i.table() + "', " + i.rows() + " row(s) of " + row(i.row())
                    + (i.verify() ? ", acknowledged ids verified after the run" : "") + as(i.operation()));
            case UpdateRandom u -> new Node("updateRandom '" + u.table() + "' set "
                    + u.set().entrySet().stream().map(e -> e.getKey() + " = " + value(e.getValue()))
                    .collect(Collectors.joining(", ")) + " where id is random" + as(u.operation()));
            case Copy c -> new Node("copy '" + c.table() + "', " + c.rows() + " row(s) of " + row(c.row())
                    + as(c.operation()));
            case dev.stampede.engine.plan.Request r -> new Node("request " + value(r.payload())
                    + r.expect().map(e -> ", expect '" + e + "'").orElse("") + as(r.operation()));
        };
    }

    /** {@code  as 'name'}: always shown, since thresholds and the dashboard use it. */
    private static String as(String operation) {
        return " as '" + operation + "'";
    }

    private static String row(Row r) {
        return "(" + String.join(", ", r.columns()) + ") = " + r.values();
    }

    /** {@code balancer greedy, fallbackToPrimary true, refresh 250ms}: the words the scenario wrote. */
    private static String routing(dev.stampede.engine.plan.TargetSpec.Routing r) {
        java.util.List<String> parts = new java.util.ArrayList<>();
        if (r.balancer() != null) parts.add("balancer " + r.balancer());
        if (r.fallbackToPrimary() != null) parts.add("fallbackToPrimary " + r.fallbackToPrimary());
        if (r.poolSize() != null) parts.add("hostPool " + r.poolSize());
        if (r.primaryAsReplicaWeight() != null) parts.add("primaryAsReplicaWeight " + number(r.primaryAsReplicaWeight()));
        if (r.acquireTimeout() != null) parts.add("acquireTimeout " + span(r.acquireTimeout()));
        if (r.refresh() != null) parts.add("refresh " + span(r.refresh()));
        return String.join(", ", parts) + " (multi-host targets)";
    }

    private static String threshold(Threshold t) {
        String unit = switch (t.metric()) {
            case RATE -> "/s";
            case ERROR_RATE -> "";
            case COUNT, ERRORS, LOST_WRITES -> "";
            default -> "ms";
        };
        String limit = t.metric() == Threshold.Metric.ERROR_RATE ? number(t.value() * 100) + "%" : number(t.value()) + unit;
        return t.expression() + " — " + t.metric().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ')
                + (t.metric().isFinding() ? "" : " of " + (t.operation() == null ? "all operations" : "'" + t.operation() + "'")) + " "
                + t.comparison().symbol() + " " + limit + (t.abortOnFail() ? ", abort on fail" : "")
                + " (" + t.where() + ")";
    }

    private static String value(Value v) {
        return v instanceof Value.Constant c ? constant(c.value()) : String.valueOf(v);
    }

    private static String constant(Object v) {
        if (v instanceof Duration d) return span(d);
        if (v instanceof CharSequence c) return "'" + c + "'";
        return String.valueOf(v);
    }

    private static String sql(String text) {
        String t = text.strip().replaceAll("\\s+", " ");
        return t.length() > MAX_SQL ? t.substring(0, MAX_SQL - 1) + "…" : t;
    }

    private static String number(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) return String.valueOf((long) v);
        return new BigDecimal(Double.toString(v)).stripTrailingZeros().toPlainString();
    }

    /**
     * An arrival rate with at most two decimals, trailing zeros dropped: {@code 500}, {@code 33.33},
     * {@code 166.67} — a shard's share of a rate is fractional and its full double is noise on screen.
     */
    private static String rate(double perSecond) {
        return number(new BigDecimal(Double.toString(perSecond)).setScale(2, java.math.RoundingMode.HALF_UP).doubleValue());
    }

    /** {@code 250ms}, {@code 30s}, {@code 2m}, {@code 1m30s}, {@code 1h}. */
    static String span(Duration d) {
        if (d.isZero()) return "0s";
        long ms = d.toMillis();
        if (d.toNanos() % 1_000_000 != 0) return number(d.toNanos() / 1000.0) + "us";
        if (ms % 1000 != 0) return ms < 1000 ? ms + "ms" : number(ms / 1000.0) + "s";
        long s = ms / 1000;
        if (s % 3600 == 0) return s / 3600 + "h";
        if (s < 60) return s + "s";
        if (s % 60 == 0) return s / 60 + "m";
        return s / 60 + "m" + s % 60 + "s";
    }

    private static String mask(String url) {
        return url.replaceAll("(//[^:/@]*:)[^@]*@", "$1***@").replaceAll("(?i)(password\\s*=\\s*)(\\S+)", "$1***");
    }
}
