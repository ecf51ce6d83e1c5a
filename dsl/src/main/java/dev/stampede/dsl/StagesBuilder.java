package dev.stampede.dsl;

import dev.stampede.engine.plan.SourceRef;
import dev.stampede.engine.plan.Stage;
import groovy.lang.Closure;
import groovy.lang.DelegatesTo;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code stages { stage('warm-up') { … } stage('peak') { … } }}: phases run one after another.
 *
 * <p>Lives only while the script runs. Not thread-safe.
 */
public final class StagesBuilder extends Block {

    private final List<Stage> stages = new ArrayList<>();
    private final List<String> names = new ArrayList<>();

    StagesBuilder(ScenarioBuilder root, Diagnostics diag) {
        super(root, diag);
    }

    @Override
    String describe() {
        return "stages";
    }

    @Override
    String hint() {
        return ": stages holds stage('name') { … } blocks";
    }

    /** One phase with its own duration and groups: {@code stage('peak') { duration 1.minute; group('x') { … } }}. */
    public void stage(String name, @DelegatesTo(value = StageBuilder.class, strategy = Closure.DELEGATE_FIRST) Closure<?> body) {
        SourceRef at = diag.here("stage");
        String n = name;
        if (n == null || n.isBlank()) {
            diag.report(at, "stage needs a name: stage('warm-up') { … } (got " + valueText(name) + ")");
            n = "stage" + (names.size() + 1);
        } else if (names.contains(n)) {
            diag.report(at, "stage '" + n + "' is declared twice: give each stage its own name");
        }
        names.add(n);
        StageBuilder s = new StageBuilder(n, at, root, diag);
        int before = diag.count();
        s.runBlock(body);
        s.build(before).ifPresent(stages::add);
    }

    public void stage(@DelegatesTo(value = StageBuilder.class, strategy = Closure.DELEGATE_FIRST) Closure<?> body) {
        stage("stage" + (names.size() + 1), body);
    }

    boolean isEmpty() {
        return names.isEmpty();
    }

    List<Stage> stages() {
        return List.copyOf(stages);
    }
}
