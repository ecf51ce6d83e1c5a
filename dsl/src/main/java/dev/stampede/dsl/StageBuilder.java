package dev.stampede.dsl;

import dev.stampede.engine.plan.SourceRef;
import dev.stampede.engine.plan.Stage;
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
        Duration v = duration("duration", d, false);
        if (v != null) duration = v;
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
        return Optional.ofNullable(make(where, () -> new Stage(name, d, groups.groups())));
    }
}
