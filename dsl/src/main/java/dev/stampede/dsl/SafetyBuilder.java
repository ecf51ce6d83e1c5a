package dev.stampede.dsl;

import dev.stampede.engine.plan.Safety;

/**
 * {@code safety { minFreeConnections 5 }}: checks that keep a run from taking the target down.
 *
 * <p>Lives only while the script runs. Not thread-safe.
 */
public final class SafetyBuilder extends Block {

    private int minFreeConnections;

    SafetyBuilder(ScenarioBuilder root, Diagnostics diag) {
        super(root, diag);
    }

    @Override
    String describe() {
        return "safety";
    }

    /** Refuse to start (and stop) when the run would leave fewer free connection slots than {@code n}. */
    public void minFreeConnections(Object n) {
        if (!once("minFreeConnections")) return;
        Integer v = wholeNumber("minFreeConnections", n, 0, 100_000);
        if (v != null) minFreeConnections = v;
    }

    Safety build() {
        return new Safety(minFreeConnections);
    }
}
