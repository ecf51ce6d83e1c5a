package dev.stampede.engine.run;

import dev.stampede.engine.metrics.Metrics;
import dev.stampede.engine.plan.Connect;
import dev.stampede.engine.plan.Step;

/**
 * The executable form of one {@link Step}, shared by all workers of a group (stateless; per-worker
 * state lives in {@link WorkerContext}).
 */
@FunctionalInterface
public interface StepRunner {

    /**
     * Runs the step once, recording its own measurements.
     *
     * @throws InterruptedException when the run is stopping; the worker ends
     */
    void run(WorkerContext ctx) throws InterruptedException;

    /** The runner for {@code step}, recording into {@code metrics}. */
    static StepRunner of(Step step, Metrics metrics) {
        return switch (step) {
            case Connect c -> new ConnectRunner(metrics.meter(c.operation()));
        };
    }
}
