package dev.stampede.dsl;

import dev.stampede.engine.plan.SourceRef;
import dev.stampede.engine.plan.Stage;
import dev.stampede.engine.plan.Step;
import dev.stampede.engine.plan.TargetSpec;
import groovy.lang.Closure;
import groovy.lang.DelegatesTo;

import java.time.Duration;
import java.util.Optional;

/**
 * {@code stage('name') { duration 1.minute; group('x') { … } }}: one phase, its groups running
 * concurrently for its duration ({@link ScenarioBuilder#DEFAULT_DURATION} when it names none).
 *
 * <p>Lives only while the script runs. Not thread-safe.
 */
public final class StageBuilder extends Block {

    private final String name;
    private final SourceRef where;
    private final GroupList groups;
    private Duration duration;
    private TargetSpec target;

    StageBuilder(String name, SourceRef where, ScenarioBuilder root, Diagnostics diag) {
        super(root, diag);
        this.name = name;
        this.where = where;
        this.groups = new GroupList(root, diag);
    }

    @Override
    String describe() {
        return "stage '" + name + "'";
    }

    /** How long this stage runs: {@code duration 30.seconds}. */
    public void duration(Object d) {
        if (!once("duration")) return;
        Duration v = duration("duration", d, false);
        if (v != null) duration = v;
    }

    /**
     * The stage's own target, opened before it and closed after it: {@code target fibServer('event-loop')}
     * or {@code target tcp('127.0.0.1:25000')} (a TCP target; PostgreSQL is the run's).
     */
    public void target(Object spec) {
        if (!once("target")) return;
        if (spec == null) return; // tcp(…) or fibServer(…) already said what is wrong
        if (spec instanceof TargetSpec t && t.family() == Step.Family.TCP) target = t;
        else diag.report("target", "a stage's own target is tcp('host:port') or fibServer('model') (got "
                + (spec instanceof TargetSpec t ? t.describe() : valueText(spec)) + ")");
    }

    /** {@code tcp('127.0.0.1:25000')}, as in the scenario. */
    public TargetSpec tcp(Object hostPort) {
        return root.tcp(hostPort);
    }

    /** Named here only to be refused by {@link #target} with a clear message. */
    public TargetSpec postgres() {
        return root.postgres();
    }

    public TargetSpec postgres(String url) {
        return root.postgres(url);
    }

    /** {@code fibServer('thread-pool')}, as in the scenario. */
    public TargetSpec fibServer(Object model) {
        return root.fibServer(model);
    }

    public TargetSpec fibServer(java.util.Map<String, Object> args) {
        return root.fibServer(args);
    }

    /** A group of workers with one load model, running for the whole stage. */
    public void group(String groupName, @DelegatesTo(value = GroupBuilder.class, strategy = Closure.DELEGATE_FIRST) Closure<?> body) {
        groups.add(groupName, body);
    }

    public void group(@DelegatesTo(value = GroupBuilder.class, strategy = Closure.DELEGATE_FIRST) Closure<?> body) {
        groups.add(groups.nextName(), body);
    }

    /** The stage, or empty when it has problems ({@code problemsBefore}: how many there were before its block ran). */
    Optional<Stage> build(int problemsBefore) {
        if (groups.isEmpty()) {
            // a misspelt group word was reported inside the block: "has no groups" would only follow from it
            if (diag.count() > problemsBefore) return Optional.empty();
            diag.report(where, "stage '" + name + "' has no groups: add group('name') { workers 10; loop { connect() } }");
            return Optional.empty();
        }
        if (!diag.clean()) return Optional.empty();
        Duration d = duration == null ? ScenarioBuilder.DEFAULT_DURATION : duration;
        return Optional.ofNullable(make(where, () -> new Stage(name, d, groups.groups(), Optional.ofNullable(target))));
    }
}
