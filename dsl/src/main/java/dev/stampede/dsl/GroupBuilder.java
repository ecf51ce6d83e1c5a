package dev.stampede.dsl;

import dev.stampede.engine.plan.ArrivalRate;
import dev.stampede.engine.plan.ClosedLoop;
import dev.stampede.engine.plan.Group;
import dev.stampede.engine.plan.Hold;
import dev.stampede.engine.plan.LoadModel;
import dev.stampede.engine.plan.Pool;
import dev.stampede.engine.plan.Ramp;
import dev.stampede.engine.plan.SourceRef;
import dev.stampede.engine.plan.Step;
import groovy.lang.Closure;
import groovy.lang.DelegatesTo;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code group('name') { … }}: one load model and the steps of one iteration.
 *
 * <p>Load models, exactly one per group (none means one closed worker):
 * <ul>
 *   <li>closed: {@code workers 10}, optionally {@code think 100.ms};</li>
 *   <li>open: {@code rate 500.perSecond} or {@code rate from: 100.perSecond, to: 1000.perSecond, over: 30.seconds},
 *       optionally {@code maxWorkers 200};</li>
 *   <li>ramp: {@code ramp from: 0, to: 100, over: 30.seconds}, optionally {@code think};</li>
 *   <li>hold: {@code hold 500, batch: 50, batchPause: 100.ms (or rampUp: 10.seconds), keepalive: 30.seconds,
 *       findLimit: false} — no steps.</li>
 * </ul>
 * Connections for SQL steps: {@code pool raw()} (default, one per worker) or {@code pool hikari(maxSize: 20)}.
 *
 * <p>Lives only while the script runs. Not thread-safe.
 */
public final class GroupBuilder extends StepsBuilder {

    /** In-flight iterations an open group may have when it names no {@code maxWorkers}. */
    public static final int DEFAULT_MAX_WORKERS = 100;
    /** Connections a hold group opens at once when it names no {@code batch:}. */
    public static final int DEFAULT_HOLD_BATCH = 50;
    /** Size of {@code hikari()} when it names no {@code maxSize:}. */
    public static final int DEFAULT_POOL_SIZE = 10;

    private static final List<String> RATE_OPTIONS = List.of("from", "to", "over", "maxWorkers");
    private static final List<String> RAMP_OPTIONS = List.of("from", "to", "over");
    private static final List<String> HOLD_OPTIONS = List.of("batch", "batchPause", "rampUp", "keepalive", "findLimit");
    private static final List<String> HIKARI_OPTIONS = List.of("maxSize", "minIdle");

    private final String name;
    private final SourceRef where;

    private String model;
    private SourceRef modelAt;
    private boolean modelBroken;
    private int workers = 1;
    private double rateFrom, rateTo;
    private Duration rateOver = Duration.ZERO;
    private int rampFrom, rampTo;
    private Duration rampOver;
    private Hold hold;

    private Duration think = Duration.ZERO;
    private SourceRef thinkAt;
    private Integer maxWorkers;
    private SourceRef maxWorkersAt;
    private Pool pool = Pool.RAW;
    private SourceRef poolAt;

    GroupBuilder(String name, SourceRef where, ScenarioBuilder root, Diagnostics diag) {
        super("group '" + name + "'", new ArrayList<>(), root.declaredOperations(), root, diag);
        this.name = name;
        this.where = where;
    }

    /** Closed model: {@code n} workers, each starting its next iteration as soon as the last is done. */
    public void workers(Object n) {
        if (!choose("workers")) return;
        Integer v = wholeNumber("workers", n, 1, ClosedLoop.MAX_WORKERS);
        if (v != null) workers = v;
        else modelBroken = true;
    }

    /** This group's load run once per level: {@code sweep workers: 1..256, pause: 20.seconds} (or {@code rate: 100..3200}). */
    public void sweep(Map<String, Object> options) {
        root.sweep(options, name);
    }

    /** A pause after every iteration of a closed or ramp group: {@code think 100.ms}. */
    public void think(Object d) {
        if (!once("think")) return;
        thinkAt = diag.here("think");
        Duration v = duration("think", d, true);
        if (v != null) think = v;
    }

    /** Open model at a constant rate: {@code rate 500.perSecond} (a plain number is per second). */
    public void rate(Object perSecond) {
        if (!choose("rate")) return;
        operations.add(name + dev.stampede.engine.plan.Plan.LAG_SUFFIX);
        Double r = perSecond("rate", "rate", perSecond);
        if (r == null) {
            modelBroken = true;
            return;
        }
        rateFrom = rateTo = r;
        rateOver = Duration.ZERO;
    }

    /** The same with options: {@code rate 500.perSecond, maxWorkers: 200}. */
    public void rate(Map<String, Object> options, Object perSecond) {
        Map<String, Object> o = options("rate", options, List.of("maxWorkers"));
        rate(perSecond);
        if (o.containsKey("maxWorkers")) maxWorkers(o.get("maxWorkers"));
    }

    /** Open model whose rate ramps linearly: {@code rate from: 100.perSecond, to: 1000.perSecond, over: 30.seconds}. */
    public void rate(Map<String, Object> options) {
        if (!choose("rate")) return;
        operations.add(name + dev.stampede.engine.plan.Plan.LAG_SUFFIX);
        Map<String, Object> o = options("rate", options, RATE_OPTIONS);
        if (!o.containsKey("to") || !o.containsKey("over")) {
            diag.report("rate", "rate needs from:, to: and over: to ramp, or a single rate like rate 500.perSecond (got "
                    + valueText(options) + ")");
            modelBroken = true;
            return;
        }
        Double from = o.containsKey("from") ? perSecond("rate", "rate from:", o.get("from")) : null;
        Double to = perSecond("rate", "rate to:", o.get("to"));
        Duration over = duration("rate", "rate over:", o.get("over"), false);
        if (!o.containsKey("from")) diag.report("rate", "rate needs from: to ramp (got " + valueText(options) + ")");
        if (o.containsKey("maxWorkers")) maxWorkers(o.get("maxWorkers"));
        if (from == null || to == null || over == null) {
            modelBroken = true;
            return;
        }
        rateFrom = from;
        rateTo = to;
        rateOver = over;
    }

    /** How many iterations an open group may have in flight; arrivals beyond are counted as dropped. */
    public void maxWorkers(Object n) {
        if (!once("maxWorkers")) return;
        maxWorkersAt = diag.here("maxWorkers");
        Integer v = wholeNumber("maxWorkers", n, 1, ClosedLoop.MAX_WORKERS);
        if (v != null) maxWorkers = v;
    }

    /** Closed model whose worker count changes linearly: {@code ramp from: 0, to: 100, over: 30.seconds}. */
    public void ramp(Map<String, Object> options) {
        if (!choose("ramp")) return;
        Map<String, Object> o = options("ramp", options, RAMP_OPTIONS);
        Integer from = o.containsKey("from") ? wholeNumber("ramp", "ramp from:", o.get("from"), 0, ClosedLoop.MAX_WORKERS) : Integer.valueOf(0);
        Integer to = null;
        Duration over = null;
        if (!o.containsKey("to")) diag.report("ramp", "ramp needs to: (got " + valueText(options) + ")");
        else to = wholeNumber("ramp", "ramp to:", o.get("to"), 1, ClosedLoop.MAX_WORKERS);
        if (!o.containsKey("over")) diag.report("ramp", "ramp needs over: (got " + valueText(options) + ")");
        else over = duration("ramp", "ramp", o.get("over"), false);
        if (from == null || to == null || over == null) {
            modelBroken = true;
            return;
        }
        rampFrom = from;
        rampTo = to;
        rampOver = over;
    }

    /** Hold {@code connections} idle connections, opened in batches: {@code hold 500}. */
    public void hold(Object connections) {
        hold(Map.of(), connections);
    }

    /**
     * The same with options: {@code hold 500, batch: 50, batchPause: 100.ms, keepalive: 30.seconds,
     * findLimit: false}; {@code rampUp: 10.seconds} instead of {@code batchPause:} spreads the batches over that time.
     */
    public void hold(Map<String, Object> options, Object connections) {
        if (!choose("hold")) return;
        operations.add(dev.stampede.engine.plan.Plan.HOLD_OPEN);
        operations.add(dev.stampede.engine.plan.Plan.HOLD_KEEPALIVE);
        modelBroken = true;
        Map<String, Object> o = options("hold", options, HOLD_OPTIONS);
        Integer n = wholeNumber("hold", connections, 1, 100_000);
        if (n == null) return;
        Integer batch = o.containsKey("batch") ? wholeNumber("hold", "hold batch:", o.get("batch"), 1, 100_000)
                : Integer.valueOf(Math.min(n, DEFAULT_HOLD_BATCH));
        Duration pause = o.containsKey("batchPause") ? duration("hold", "hold batchPause:", o.get("batchPause"), true) : Duration.ZERO;
        Duration rampUp = o.containsKey("rampUp") ? duration("hold", "hold rampUp:", o.get("rampUp"), true) : null;
        Duration keepalive = o.containsKey("keepalive") ? duration("hold", "hold keepalive:", o.get("keepalive"), true) : Duration.ZERO;
        Boolean findLimit = o.containsKey("findLimit") ? bool("hold", "hold findLimit:", o.get("findLimit")) : Boolean.FALSE;
        if (o.containsKey("rampUp") && o.containsKey("batchPause")) {
            diag.report("hold", "hold takes batchPause: or rampUp:, not both (got " + valueText(options) + ")");
            return;
        }
        if (batch == null || pause == null || keepalive == null || findLimit == null || (o.containsKey("rampUp") && rampUp == null)) return;
        if (rampUp != null) {
            long batches = (n + batch - 1) / batch;
            pause = rampUp.dividedBy(Math.max(1, batches));
        }
        Duration p = pause;
        hold = make("hold", () -> new Hold(n, batch, p, keepalive, findLimit));
        modelBroken = hold == null;
    }

    /** How workers get connections: {@code pool hikari(maxSize: 20, minIdle: 20)} or {@code pool raw()}. */
    public void pool(Object p) {
        if (!once("pool")) return;
        poolAt = diag.here("pool");
        if (p instanceof Pool x) pool = x;
        else if (p != null) diag.report("pool", "pool needs hikari(maxSize: 20) or raw() (got " + valueText(p) + ")");
    }

    /** A HikariCP pool shared by the group's workers, filled before the run: {@code hikari(maxSize: 20, minIdle: 20)}. */
    public Pool hikari(Map<String, Object> options) {
        Map<String, Object> o = options("hikari", options, HIKARI_OPTIONS);
        Integer max = o.containsKey("maxSize") ? wholeNumber("hikari", "hikari maxSize:", o.get("maxSize"), 1, 100_000)
                : Integer.valueOf(DEFAULT_POOL_SIZE);
        Integer min = o.containsKey("minIdle") ? wholeNumber("hikari", "hikari minIdle:", o.get("minIdle"), 0, 100_000) : max;
        if (max == null || min == null) return null;
        return make("hikari", () -> new Pool.Hikari(max, min));
    }

    /** {@code hikari()}: a pool of {@link #DEFAULT_POOL_SIZE}, all kept open. */
    public Pool hikari() {
        return hikari(Map.of());
    }

    /** One connection per worker, opened on first use and kept (the default). */
    public Pool raw() {
        return Pool.RAW;
    }

    /** The steps of one iteration, repeated until the stage ends. */
    public void loop(@DelegatesTo(value = StepsBuilder.class, strategy = Closure.DELEGATE_FIRST) Closure<?> body) {
        new StepsBuilder("loop of group '" + name + "'", steps, operations, root, diag).runBlock(body);
    }

    /** Takes {@code word} as the group's load model; false (and a problem) when it already has another. */
    private boolean choose(String word) {
        SourceRef at = diag.here(word);
        if (model != null && !model.equals(word)) {
            diag.report(at, "group '" + name + "' has two load models, `" + model + "` (line " + modelAt.line()
                    + ") and `" + word + "`: keep one");
            return false;
        }
        if (!once(word)) return false;
        model = word;
        modelAt = at;
        modelBroken = false;
        return true;
    }

    private Double perSecond(String word, String label, Object v) {
        double r;
        if (v instanceof Rate x) r = x.perSecond();
        else if (v instanceof Number x) r = x.doubleValue();
        else {
            diag.report(word, label + " needs arrivals per second like 500.perSecond (got " + valueText(v) + ")");
            return null;
        }
        if (!(r > 0) || r > ArrivalRate.MAX_RATE) {
            diag.report(word, label + " must be > 0 and <= " + (long) ArrivalRate.MAX_RATE + " per second (got "
                    + new Rate(r) + ")");
            return null;
        }
        return r;
    }

    SourceRef where() {
        return where;
    }

    String name() {
        return name;
    }

    /** The group, or empty when it has problems ({@code problemsBefore}: how many there were before its block ran). */
    Optional<Group> build(int problemsBefore) {
        List<Step> s = List.copyOf(steps);
        String kind = model == null ? "workers" : model;
        if (thinkAt != null && (kind.equals("rate") || kind.equals("hold"))) {
            diag.report(thinkAt, "think belongs with workers or ramp, not `" + kind + "`: add pause to the steps instead");
        }
        if (maxWorkersAt != null && !kind.equals("rate")) {
            diag.report(maxWorkersAt, "maxWorkers belongs with rate (group '" + name + "' has "
                    + (model == null ? "no rate" : "`" + model + "`") + ")");
        }
        if (kind.equals("hold")) {
            if (!s.isEmpty()) {
                diag.report(modelAt, "group '" + name + "' holds its connections idle: it takes no steps (got "
                        + s.size() + " step(s))");
            }
            if (poolAt != null) diag.report(poolAt, "pool does not apply to hold: a hold group opens its own connections");
        } else if (s.isEmpty()) {
            if (diag.count() > problemsBefore) return Optional.empty();
            diag.report(where, "group '" + name + "' has no steps: add loop { connect() } or another action");
            return Optional.empty();
        }
        if (modelBroken) return Optional.empty();
        LoadModel load = make(modelAt == null ? where : modelAt, () -> switch (kind) {
            case "rate" -> new ArrivalRate(rateFrom, rateTo, rateOver, maxWorkers == null ? DEFAULT_MAX_WORKERS : maxWorkers);
            case "ramp" -> new Ramp(rampFrom, rampTo, rampOver, think);
            case "hold" -> hold;
            default -> new ClosedLoop(workers, think);
        });
        if (load == null) return Optional.empty();
        return Optional.ofNullable(make(where, () -> new Group(name, load, s, where, pool)));
    }
}
