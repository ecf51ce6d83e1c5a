package dev.stampede.dsl;

import dev.stampede.engine.plan.ClosedLoop;
import dev.stampede.engine.plan.Group;
import dev.stampede.engine.plan.SourceRef;
import dev.stampede.engine.plan.Step;
import groovy.lang.Closure;
import groovy.lang.DelegatesTo;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code group('name') { workers 10; loop { … } }}: a load model and the steps of one iteration.
 *
 * <p>Lives only while the script runs. Not thread-safe.
 */
public final class GroupBuilder extends StepsBuilder {

    private final String name;
    private final SourceRef where;
    private int workers = 1;
    private Duration think = Duration.ZERO;

    GroupBuilder(String name, SourceRef where, ScenarioBuilder root, Diagnostics diag) {
        super("group '" + name + "'", new ArrayList<>(), root, diag);
        this.name = name;
        this.where = where;
    }

    /** Closed model: {@code n} workers, each starting its next iteration as soon as the last is done. */
    public void workers(Object n) {
        Integer v = wholeNumber("workers", n, 1, ClosedLoop.MAX_WORKERS);
        if (v != null) workers = v;
    }

    /** A pause after every iteration: {@code think 100.ms}. */
    public void think(Object d) {
        Duration v = duration("think", d, true);
        if (v != null) think = v;
    }

    /** The steps of one iteration, repeated until the stage ends. */
    public void loop(@DelegatesTo(value = StepsBuilder.class, strategy = Closure.DELEGATE_FIRST) Closure<?> body) {
        new StepsBuilder("loop of group '" + name + "'", steps, root, diag).runBlock(body);
    }

    Optional<Group> build() {
        List<Step> s = List.copyOf(steps);
        if (s.isEmpty()) {
            diag.report(where, "group '" + name + "' has no steps: add loop { connect() } or another action");
            return Optional.empty();
        }
        return Optional.of(new Group(name, new ClosedLoop(workers, think), s, where));
    }
}
