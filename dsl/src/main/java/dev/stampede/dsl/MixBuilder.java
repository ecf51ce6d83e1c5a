package dev.stampede.dsl;

import dev.stampede.engine.plan.Mix;
import dev.stampede.engine.plan.SourceRef;
import dev.stampede.engine.plan.Step;
import groovy.lang.Closure;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * {@code mix { 70.percent { … } 30.percent { … } }}: branches by weight, adding up to 100%.
 *
 * <p>{@code 70.percent { }} is a method on a number (see {@link Units#percent}), not on this builder,
 * so the mix being filled is found through {@link #CURRENT}: set while the mix block runs, and
 * cleared while a branch body runs, so a {@code N.percent} directly inside a branch is not taken for
 * a branch of the outer mix. Lives only while the script runs, on the compiling thread. Not thread-safe.
 */
public final class MixBuilder extends Block {

    /** The mix whose block is running on this thread (compile time only). */
    private static final ThreadLocal<MixBuilder> CURRENT = new ThreadLocal<>();

    private final SourceRef where;
    private final Set<String> operations;
    private final List<Mix.Branch> branches = new ArrayList<>();
    private double total;
    private boolean broken;
    private int problemsBefore;

    MixBuilder(SourceRef where, Set<String> operations, ScenarioBuilder root, Diagnostics diag) {
        super(root, diag);
        this.where = where;
        this.operations = operations;
    }

    @Override
    String describe() {
        return "mix";
    }

    @Override
    String hint() {
        return ": a mix holds branches like 70.percent { … }";
    }

    void runMix(Closure<?> body) {
        problemsBefore = diag.count();
        MixBuilder outer = CURRENT.get();
        CURRENT.set(this);
        try {
            runBlock(body);
        } finally {
            CURRENT.set(outer);
        }
    }

    /** Called by {@code N.percent { … }}: a branch of the mix whose block is running. */
    static void branch(Number percent, Closure<?> body) {
        MixBuilder mix = CURRENT.get();
        if (mix == null) {
            Diagnostics diag = Diagnostics.ACTIVE.get();
            if (diag == null) throw new IllegalStateException("N.percent { } is only valid inside mix { } of a scenario");
            diag.report("percent", Numbers.text(percent.doubleValue()) + ".percent { … } belongs inside mix { … }");
            return;
        }
        mix.add(percent, body);
    }

    private void add(Number percent, Closure<?> body) {
        double p = percent.doubleValue();
        String label = Numbers.text(p) + "%";
        List<Step> steps = new ArrayList<>();
        CURRENT.remove();
        try {
            new StepsBuilder(label + " branch of mix", steps, operations, root, diag).runBlock(body);
        } finally {
            CURRENT.set(this);
        }
        if (!(p >= 0) || p > 100) {
            diag.report("percent", "a mix branch needs a weight from 0% to 100% (got " + label + ")");
            broken = true;
            return;
        }
        if (p == 0) return;  // never taken: lets a param set a branch to 0 (checked all the same)
        total += p;
        branches.add(new Mix.Branch(p, steps));
    }

    Optional<Step> build() {
        if (broken) return Optional.empty();
        if (branches.isEmpty()) {
            if (diag.count() > problemsBefore) return Optional.empty();
            diag.report(where, "mix needs branches like 70.percent { … } 30.percent { … } (got none)");
            return Optional.empty();
        }
        if (Math.abs(total - 100) > 1e-6) {
            diag.report(where, "mix must add up to 100% (got " + Numbers.text(Math.round(total * 1e6) / 1e6) + "%)");
            return Optional.empty();
        }
        return Optional.ofNullable(make(where, () -> new Mix(branches)));
    }
}
