package dev.stampede.dsl;

import dev.stampede.engine.plan.Plan;
import dev.stampede.engine.plan.Safety;
import dev.stampede.engine.plan.SourceRef;
import dev.stampede.engine.plan.Stage;
import dev.stampede.engine.plan.Step;
import dev.stampede.engine.plan.StepContext;
import dev.stampede.engine.plan.TargetSpec;
import dev.stampede.engine.plan.Threshold;
import dev.stampede.engine.plan.TimedEvent;
import groovy.lang.Closure;
import groovy.lang.DelegatesTo;
import groovy.lang.Script;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code scenario('name') { … }}: params, target, duration, either groups or stages, setup and
 * teardown, safety, timed events and thresholds.
 *
 * <p>Lives only while the script runs, on the compiling thread. Not thread-safe.
 */
public final class ScenarioBuilder extends Block {

    /** Run time when a scenario (or a stage) names none. */
    public static final Duration DEFAULT_DURATION = Duration.ofSeconds(30);

    private final String name;
    private final SourceRef where;
    private final Script script;
    private final Map<String, String> overrides;
    private final Set<String> usedOverrides = new HashSet<>();
    private final Map<String, Object> params = new LinkedHashMap<>();
    private final GroupList groups;
    private final List<Step> setup = new ArrayList<>();
    private final List<Step> teardown = new ArrayList<>();
    private final List<Threshold> thresholds = new ArrayList<>();
    private final List<TimedEvent> events = new ArrayList<>();
    private final Set<String> declaredOperations = new LinkedHashSet<>();
    private StagesBuilder stages;
    private SourceRef stagesAt;
    private SourceRef durationAt;
    private String description = "";
    private TargetSpec target = TargetSpec.DEFAULT;
    private final RoutingWords routing = new RoutingWords(this);
    private SourceRef targetAt;
    private final List<Object[]> familySteps = new ArrayList<>();
    private Duration duration;
    private Safety safety = Safety.NONE;
    private boolean cleanup;
    private boolean forcedCleanup;
    private RandomWords random;
    private FakeWords fake;

    ScenarioBuilder(String name, SourceRef where, Script script, Map<String, String> overrides, Diagnostics diag) {
        super(null, diag);
        this.name = name;
        this.where = where;
        this.script = script;
        this.overrides = Map.copyOf(overrides);
        this.groups = new GroupList(this, diag);
    }

    @Override
    String describe() {
        return "scenario '" + name + "'";
    }

    Script script() {
        return script;
    }

    RandomWords randomWords() {
        if (random == null) random = new RandomWords(this, diag);
        return random;
    }

    /** Every operation name the groups' steps and load models record, as written (even in a broken step). */
    Set<String> declaredOperations() {
        return declaredOperations;
    }

    FakeWords fakeWords() {
        if (fake == null) fake = new FakeWords(this, diag);
        return fake;
    }

    /** One line shown by {@code stampede list}. */
    public void description(String text) {
        if (!once("description")) return;
        description = text;
    }

    /**
     * Declares a parameter with its default; {@code --set name=value} overrides it, converted to the
     * default's type. Returns the value in force.
     */
    public Object param(String paramName, Object defaultValue) {
        if (params.containsKey(paramName)) {
            diag.report("param", "param '" + paramName + "' is declared twice");
            return params.get(paramName);
        }
        Object value = defaultValue;
        String override = overrides.get(paramName);
        if (override != null) {
            usedOverrides.add(paramName);
            value = Params.convert(override, defaultValue);
            if (value == null) {
                diag.report("param", "--set " + paramName + "=" + override + ": param '" + paramName + "' is "
                        + Params.typeName(defaultValue) + " (got '" + override + "')");
                value = defaultValue;
            } else if (value instanceof Duration d && Units.problem(d, true) != null) {
                diag.report("param", "--set " + paramName + "=" + override + ": param '" + paramName + "' "
                        + Units.problem(d, true));
                value = defaultValue;
            }
        }
        params.put(paramName, value);
        return value;
    }

    @Override
    public Object param(String paramName) {
        return paramValue(paramName);
    }

    Object paramValue(String paramName) {
        if (!params.containsKey(paramName)) {
            diag.report("param", "unknown param '" + paramName + "'" + Words.suggestion(paramName, params.keySet())
                    + (params.isEmpty() ? ": declare it first with param '" + paramName + "', <default>" : ""));
            return null;
        }
        return params.get(paramName);
    }

    /** Where load goes: {@code target postgres()}, {@code target postgres('postgresql://…')}, {@code target tcp('127.0.0.1:25000')}. */
    public void target(Object spec) {
        if (!once("target")) return;
        if (spec != null) targetAt = diag.here("target"); // null: tcp(…) or postgres(…) already said what is wrong
        if (spec instanceof TargetSpec t) target = t;
        else if (spec instanceof CharSequence url) target = TargetSpec.isTcp(url.toString())
                ? TargetSpec.tcp(url.toString().substring(TargetSpec.TCP_SCHEME.length())) : checkedUrl("target", url.toString());
        else if (spec != null) diag.report("target", "target needs postgres(), postgres('url'), tcp('host:port'), fibServer('model'), cluster(…), pgbouncer(…) or container('image') (got " + valueText(spec) + ")");
    }

    /**
     * An embedded primary with streaming replicas, started for the run and stopped after it:
     * {@code target cluster(replicas: 2, synchronous: false)}; write { } steps go to the primary,
     * read { } steps to the replicas. A multi-host {@code --url} replaces it.
     */
    public TargetSpec cluster(Map<String, Object> options) {
        Map<String, Object> o = options("cluster", options, List.of("replicas", "synchronous"));
        Object r = o.getOrDefault("replicas", 2);
        Boolean sync = bool("cluster", "cluster synchronous:", o.getOrDefault("synchronous", false));
        if (!(r instanceof Integer n) || n < 1 || n > 8) {
            diag.report("cluster", "cluster replicas: must be a whole number from 1 to 8 (got " + valueText(r) + ")");
            return null;
        }
        return sync == null ? null : TargetSpec.cluster(n, sync);
    }

    /**
     * A PgBouncer started for the run in front of the resolved server (embedded or {@code --url}):
     * {@code target pgbouncer(mode: 'transaction', poolSize: 20)}; {@code probe: true} runs the pooler
     * checklist (direct against pooled) before the load.
     */
    public TargetSpec pgbouncer(Map<String, Object> options) {
        Map<String, Object> o = options("pgbouncer", options, List.of("mode", "poolSize", "probe"));
        Object m = o.getOrDefault("mode", "transaction");
        Object size = o.getOrDefault("poolSize", 20);
        Boolean probe = bool("pgbouncer", "pgbouncer probe:", o.getOrDefault("probe", false));
        String mode = m instanceof CharSequence cs ? cs.toString() : null;
        boolean ok = true;
        if (mode == null || !TargetSpec.Pooler.MODES.contains(mode)) {
            diag.report("pgbouncer", "pgbouncer mode: must be 'session', 'transaction' or 'statement' (got " + valueText(m) + ")");
            ok = false;
        }
        if (!(size instanceof Integer n) || n < 1 || n > 10_000) {
            diag.report("pgbouncer", "pgbouncer poolSize: must be a whole number from 1 to 10000 (got " + valueText(size) + ")");
            ok = false;
        }
        return ok && probe != null ? TargetSpec.pooler(new TargetSpec.Pooler(mode, (Integer) size, probe)) : null;
    }

    /** {@code target pgbouncer()}: transaction mode, pool size 20. */
    public TargetSpec pgbouncer() {
        return pgbouncer(Map.of());
    }

    /** A primary and two asynchronous replicas: {@code target cluster()}. */
    public TargetSpec cluster() {
        return cluster(Map.of());
    }

    /** A TCP request/response server: {@code target tcp('127.0.0.1:25000')}; its steps are {@code request} and {@code connect()}. */
    public TargetSpec tcp(Object hostPort) {
        String text = hostPort == null ? "" : hostPort.toString().strip();
        if (TargetSpec.isTcp(text)) text = text.substring(TargetSpec.TCP_SCHEME.length());
        int colon = text.lastIndexOf(':');
        boolean ok = colon > 0 && colon < text.length() - 1;
        if (ok) {
            try {
                int port = Integer.parseInt(text.substring(colon + 1));
                ok = port >= 1 && port <= 65535;
            } catch (NumberFormatException e) {
                ok = false;
            }
        }
        if (!ok) {
            diag.report("tcp", "tcp needs 'host:port' with a port 1..65535, e.g. tcp('127.0.0.1:25000') (got " + valueText(hostPort) + ")");
            return null;
        }
        return TargetSpec.tcp(text);
    }

    /**
     * A Fibonacci server the run starts in-process on 127.0.0.1 (a free port) and stops at its end:
     * {@code target fibServer('thread-pool')}; its steps are those of {@code tcp(…)}.
     */
    public TargetSpec fibServer(Object model) {
        return fibServer(java.util.Collections.singletonMap("model", model));
    }

    /** {@code fibServer(model: 'thread-pool', workers: 4, maxN: 40)}: workers 0 = one per core. */
    public TargetSpec fibServer(Map<String, Object> args) {
        int before = diag.count();
        Object model = null;
        int workers = 0;
        int maxN = dev.stampede.engine.fib.Fib.DEFAULT_MAX_N;
        for (var e : args.entrySet()) {
            String key = String.valueOf(e.getKey());
            switch (key) {
                case "model" -> model = e.getValue();
                case "workers" -> {
                    Integer w = wholeNumber("fibServer", "fibServer workers:", e.getValue(), 0, 4096);
                    if (w != null) workers = w;
                }
                case "maxN" -> {
                    Integer n = wholeNumber("fibServer", "fibServer maxN:", e.getValue(), 0, 92);
                    if (n != null) maxN = n;
                }
                default -> diag.report("fibServer", "fibServer takes model:, workers: and maxN: (got " + key + ":)"
                        + Words.suggestion(key, List.of("model", "workers", "maxN")));
            }
        }
        if (!(model instanceof CharSequence)) {
            diag.report("fibServer", "fibServer needs a model, e.g. fibServer('thread-pool') (got " + valueText(model)
                    + "; models: " + dev.stampede.engine.fib.FibModel.labels() + ")");
            return null;
        }
        String label = model.toString();
        if (dev.stampede.engine.fib.FibModel.named(label).isEmpty()) {
            List<String> labels = java.util.Arrays.stream(dev.stampede.engine.fib.FibModel.values()).map(m -> m.label()).toList();
            diag.report("fibServer", "unknown fibServer model '" + label + "'" + Words.suggestion(label, labels)
                    + " (models: " + dev.stampede.engine.fib.FibModel.labels() + ")");
            return null;
        }
        if (diag.count() > before) return null;
        return TargetSpec.fibServer(new dev.stampede.engine.plan.FibServerSpec(label, workers, maxN));
    }

    /** A step was added at {@code at}: remembered so steps of another protocol than the declared target's are refused. */
    void stepAt(Step step, SourceRef at, String word) {
        if (step.family() != Step.Family.ANY) familySteps.add(new Object[]{step, at});
    }

    /** A declared target runs only its own step family: sql against tcp(…), request against postgres(…) are mistakes. */
    private void checkFamilies() {
        if (targetAt == null) return; // undeclared: --url decides, and the run checks
        Step.Family family = target.family();
        String targetText = target.fibServer().isPresent() ? target.describe()
                : target.url().map(u -> TargetSpec.isTcp(u) ? "tcp('" + u.substring(TargetSpec.TCP_SCHEME.length()) + "')" : "postgres(…)").orElse("postgres()");
        for (Object[] fs : familySteps) {
            Step s = (Step) fs[0];
            if (s.family() == family) continue;
            String what = s instanceof dev.stampede.engine.plan.Request ? "request" : s.getClass().getSimpleName().substring(0, 1).toLowerCase(java.util.Locale.ROOT) + s.getClass().getSimpleName().substring(1);
            diag.report((SourceRef) fs[1], what + (s.family() == Step.Family.SQL ? " needs a PostgreSQL target" : " needs a TCP target")
                    + " (the scenario's target is " + targetText + ")");
        }
    }

    /** The resolved default: {@code --url}, then DATABASE_URL, PG* variables, then an embedded server. */
    /** Any PostgreSQL image, started for the run where Docker exists: {@code target container('postgres:16-alpine')}. */
    public TargetSpec container(Object image) {
        String text = image instanceof CharSequence cs ? cs.toString().strip() : null;
        if (text == null || text.isEmpty() || text.chars().anyMatch(Character::isWhitespace)) {
            diag.report("container", "container needs an image name, e.g. container('postgres:16-alpine') (got " + valueText(image) + ")");
            return null;
        }
        return TargetSpec.container(text);
    }

    public TargetSpec postgres() {
        return TargetSpec.DEFAULT;
    }

    public TargetSpec postgres(String url) {
        return checkedUrl("postgres", url);
    }

    /** The URL as a target, or a problem at {@code word} when it is not a PostgreSQL URL (never echoing a password). */
    private TargetSpec checkedUrl(String word, String url) {
        if (url == null || url.isBlank()) return TargetSpec.DEFAULT;
        try {
            dev.stampede.engine.postgres.ConnectionInfo.parse(url, "postgres");
        } catch (IllegalArgumentException e) {
            diag.report(word, "target: " + e.getMessage());
            return null;
        }
        return TargetSpec.postgres(url);
    }

    /** Where reads go among the replicas: {@code balancer roundRobin}, {@code greedy} or {@code randomWeighted} (multi-host targets). */
    public void balancer(Object policy) { if (once("balancer")) routing.balancer(policy); }
    /** {@code fallbackToPrimary true}: reads go to the primary while no replica is up. */
    public void fallbackToPrimary(Object on) { if (once("fallbackToPrimary")) routing.fallbackToPrimary(on); }
    /** {@code hostPool 10}: connections per host of a multi-host target (its monitoring connection apart). */
    public void hostPool(Object size) { if (once("hostPool")) routing.hostPool(size); }
    /** {@code primaryAsReplicaWeight 0.2}: the share of reads the primary takes while replicas are up. */
    public void primaryAsReplicaWeight(Object share) { if (once("primaryAsReplicaWeight")) routing.primaryAsReplicaWeight(share); }
    /** {@code acquireTimeout 2.seconds}: the longest a step waits for a host of its role with a free connection. */
    public void acquireTimeout(Object d) { if (once("acquireTimeout")) routing.acquireTimeout(d); }
    /** {@code refresh 500.ms}: how often each host's role and health are checked. */
    public void refresh(Object d) { if (once("refresh")) routing.refresh(d); }
    /** The balancer names as words: {@code balancer greedy}. */
    public String getRoundRobin() { return "roundRobin"; }
    public String getGreedy() { return "greedy"; }
    public String getRandomWeighted() { return "randomWeighted"; }
    @Override
    Set<String> valueWords() { return Set.copyOf(RoutingWords.BALANCERS); }

    /** Run time of a scenario without stages: {@code duration 30.seconds}. */
    public void duration(Object d) {
        if (!once("duration")) return;
        durationAt = diag.here("duration");
        Duration v = duration("duration", d, false);
        if (v != null) duration = v;
    }

    /** A group of workers with one load model: {@code group('name') { workers 10; loop { connect() } }}. */
    public void group(String groupName, @DelegatesTo(value = GroupBuilder.class, strategy = Closure.DELEGATE_FIRST) Closure<?> body) {
        groups.add(groupName, body);
    }

    public void group(@DelegatesTo(value = GroupBuilder.class, strategy = Closure.DELEGATE_FIRST) Closure<?> body) {
        groups.add(groups.nextName(), body);
    }

    /** Phases run one after another, each with its own duration and groups: {@code stages { stage('x') { … } }}. */
    public void stages(@DelegatesTo(value = StagesBuilder.class, strategy = Closure.DELEGATE_FIRST) Closure<?> body) {
        SourceRef at = diag.here("stages");
        if (stages != null) {
            diag.report(at, "stages is written twice: put every stage in one stages { } block");
            return;
        }
        stagesAt = at;
        stages = new StagesBuilder(this, diag);
        stages.runBlock(body);
    }

    /** Steps run once, on one connection, before the first stage: {@code setup { sql 'CREATE TABLE …' }}. */
    public void setup(@DelegatesTo(value = StepsBuilder.class, strategy = Closure.DELEGATE_FIRST) Closure<?> body) {
        new StepsBuilder("setup", setup, new HashSet<>(), this, diag).runBlock(body);
    }

    /**
     * Steps run once after the last stage, only when the scenario says {@code cleanup true} (usually
     * through a param, {@code cleanup param('cleanup')}, so {@code --set cleanup=true} turns it on).
     */
    public void teardown(@DelegatesTo(value = StepsBuilder.class, strategy = Closure.DELEGATE_FIRST) Closure<?> body) {
        new StepsBuilder("teardown", teardown, new HashSet<>(), this, diag).runBlock(body);
    }

    /** {@code --cleanup}: teardown runs whatever the scenario's {@code cleanup} says. */
    void forceCleanup() {
        forcedCleanup = true;
    }

    /** Whether {@code teardown} runs without {@code --cleanup}: {@code cleanup true}. */
    public void cleanup(Object on) {
        if (!once("cleanup")) return;
        Boolean v = bool("cleanup", on);
        if (v != null) cleanup = v;
    }

    /** Checks that keep the run from taking the target down: {@code safety { minFreeConnections 5 }}. */
    public void safety(@DelegatesTo(value = SafetyBuilder.class, strategy = Closure.DELEGATE_FIRST) Closure<?> body) {
        SafetyBuilder s = new SafetyBuilder(this, diag);
        s.runBlock(body);
        safety = s.build();
    }

    /**
     * Something that happens once, {@code time} after the run started: {@code at(30.seconds) { log 'halfway' }}.
     * The block gets a {@link StepContext} like {@code timed}.
     */
    public void at(Object time, @DelegatesTo(value = StepContext.class, strategy = Closure.DELEGATE_FIRST) Closure<?> body) {
        event(time, null, body);
    }

    /** The same, named: {@code at(30.seconds, 'failover') { … }}. */
    public void at(Object time, String eventName,
                   @DelegatesTo(value = StepContext.class, strategy = Closure.DELEGATE_FIRST) Closure<?> body) {
        event(time, eventName, body);
    }

    private void event(Object time, String eventName, Closure<?> body) {
        SourceRef at = diag.here("at");
        Duration t = duration("at", time, true);
        if (eventName != null && eventName.isBlank()) {
            diag.report(at, "at needs a non-empty name (got '')");
            return;
        }
        if (t == null) return;
        String n = eventName == null ? "at " + Units.text(t) : eventName;
        List<String> faults = diag.faultCalls().stream().filter(f -> f.atLine() == at.line()).map(CallPositions.FaultCall::text).toList();
        TimedEvent e = make(at, () -> new TimedEvent(t, n, new ClosureCode(body, script, at), faults));
        if (e != null) events.add(e);
    }

    /** Thresholds deciding the exit code: {@code expect { p99('insert') < 200.ms }}. */
    public void expect(@DelegatesTo(value = ExpectBuilder.class, strategy = Closure.DELEGATE_FIRST) Closure<?> body) {
        expect(Map.of(), body);
    }

    /** The same with options: {@code expect(abortOnFail: true) { … }} stops the run as soon as one fails. */
    public void expect(Map<String, Object> options,
                       @DelegatesTo(value = ExpectBuilder.class, strategy = Closure.DELEGATE_FIRST) Closure<?> body) {
        Map<String, Object> o = options("expect", options, List.of("abortOnFail"));
        Boolean abort = o.containsKey("abortOnFail") ? bool("expect", "expect abortOnFail:", o.get("abortOnFail")) : Boolean.FALSE;
        ExpectBuilder e = new ExpectBuilder(Boolean.TRUE.equals(abort), thresholds, this, diag);
        e.runBlock(body);
        e.finish();
    }

    private dev.stampede.engine.plan.Sweep sweep;
    private SourceRef sweepAt;

    /**
     * Runs the scenario once per level of one group's load, a stage per level with a pause between:
     * {@code sweep workers: 1..256, pause: 20.seconds} (or {@code rate: 100..3200}; {@code group: 'readers'}
     * when several groups could be swept). Inside a group, the group is implied.
     */
    public void sweep(Map<String, Object> options) {
        sweep(options, null);
    }

    void sweep(Map<String, Object> options, String groupName) {
        SourceRef at = diag.here("sweep");
        if (sweepAt != null) {
            diag.report(at, "scenario '" + name + "' has two sweeps (line " + sweepAt.line() + " and this one): keep one");
            return;
        }
        sweepAt = at;
        Map<String, Object> o = options("sweep", options, groupName == null
                ? List.of("workers", "rate", "pause", "group") : List.of("workers", "rate", "pause"));
        boolean w = o.containsKey("workers"), r = o.containsKey("rate");
        if (w == r) {
            diag.report(at, "sweep needs workers: or rate: (one of them), like sweep workers: 1..256 (got "
                    + valueText(options) + ")");
            return;
        }
        String knob = w ? dev.stampede.engine.plan.SweepLevel.WORKERS : dev.stampede.engine.plan.SweepLevel.RATE;
        List<Double> levels;
        try {
            levels = SweepLevels.of(knob, o.get(knob));
        } catch (IllegalArgumentException e) {
            diag.report(at, "sweep " + e.getMessage());
            return;
        }
        Duration pause = o.containsKey("pause") ? duration("sweep", "sweep pause:", o.get("pause"), true)
                : dev.stampede.engine.config.Settings.load().sweepPause();
        if (pause == null) return;
        String g = groupName != null ? groupName : o.containsKey("group") ? String.valueOf(o.get("group")) : null;
        sweep = new dev.stampede.engine.plan.Sweep(java.util.Optional.ofNullable(g), knob, levels, pause);
    }

    Plan build() {
        for (String key : overrides.keySet()) {
            if (!usedOverrides.contains(key)) {
                diag.report(SourceRef.file(diag.file()), "--set " + key + ": scenario '" + name + "' has no param '" + key + "'"
                        + Words.suggestion(key, params.keySet())
                        + (params.isEmpty() ? " (it declares none)" : " (params: " + String.join(", ", params.keySet()) + ")"));
            }
        }
        checkThresholds();
        checkFamilies();
        FaultWords.check(target, diag);
        List<Stage> stageList = List.of();
        if (stages != null) {
            if (!groups.isEmpty()) {
                SourceRef g = groups.first();
                diag.report(g.line() > stagesAt.line() ? g : stagesAt, "scenario '" + name + "' has both stages (line "
                        + stagesAt.line() + ") and groups outside them (line " + g.line() + "): put every group in a stage");
            }
            if (durationAt != null) {
                diag.report(durationAt, "duration belongs in each stage when a scenario has stages (got one for scenario '"
                        + name + "')");
            }
            if (stages.isEmpty()) diag.report(stagesAt, "stages has no stage: add stage('name') { duration 30.seconds; group { … } }");
            else stageList = stages.stages();
        } else if (groups.isEmpty() && diag.clean()) {
            diag.report(where, "scenario '" + name + "' has no groups: add group('name') { workers 10; loop { connect() } }");
        } else if (diag.clean()) {
            Duration d = duration == null ? DEFAULT_DURATION : duration;
            stageList = List.of(new Stage(name, d, groups.groups()));
        }
        if (targetAt != null && target.family() == Step.Family.TCP) {
            for (Stage st : stageList) {
                for (dev.stampede.engine.plan.Group g : st.groups()) {
                    if (g.load() instanceof dev.stampede.engine.plan.Hold) {
                        diag.report(g.where(), "group '" + g.name() + "' holds connections, which needs a PostgreSQL target (the scenario's target is "
                                + "tcp('" + target.url().orElse("").substring(TargetSpec.TCP_SCHEME.length()) + "'))");
                    }
                }
            }
        }
        if (!diag.clean()) return null;
        List<Stage> planStages = stageList;
        TargetSpec routedTarget = target.withRouting(routing.build());
        // the engine runs whatever teardown the plan holds; "only with cleanup" is decided here
        List<Step> planTeardown = cleanup || forcedCleanup ? teardown : List.of();
        Plan plan = make(where, () -> new Plan(name, description, SourceRef.file(diag.file()), params, routedTarget, planStages,
                setup, planTeardown, safety, thresholds, events));
        if (plan == null || sweep == null) return plan;
        try {
            return sweep.apply(plan);
        } catch (IllegalArgumentException e) {
            diag.report(sweepAt, e.getMessage());
            return null;
        }
    }

    /** Every threshold must read an operation some group records. */
    private void checkThresholds() {
        Set<String> operations = declaredOperations;
        for (Threshold t : thresholds) {
            if (t.operation() != null && !operations.contains(t.operation())) {
                diag.report(t.where(), "no operation '" + t.operation() + "' in scenario '" + name + "'"
                        + Words.suggestion(t.operation(), operations)
                        + (operations.isEmpty() ? " (it records none)" : " (operations: " + String.join(", ", operations) + ")"));
            }
        }
    }

    /** Whether the scenario asked for its teardown to run without {@code --cleanup}. */
    boolean cleanup() {
        return cleanup;
    }
}
