package dev.stampede.engine.session;

import dev.stampede.engine.metrics.Metrics;
import dev.stampede.engine.plan.Mix;
import dev.stampede.engine.plan.Pause;
import dev.stampede.engine.plan.Routed;
import dev.stampede.engine.plan.Step;
import dev.stampede.engine.plan.Timed;

import java.util.List;

/**
 * The executable form of one {@link Step}, shared by all workers of a group (stateless; per-worker
 * state lives in {@link WorkerContext} and its {@link Session}). The generic steps (pause, mix, timed
 * code) are built here; every other step comes from the target's own family.
 */
@FunctionalInterface
public interface StepRunner {

    /**
     * Runs the step once, recording its own measurements.
     *
     * @return false when it failed (already counted), so an enclosing transaction rolls back
     * @throws InterruptedException when the run is stopping; the worker ends
     */
    boolean run(WorkerContext ctx) throws InterruptedException;

    /** The runner for {@code step} against {@code target}, recording into {@code metrics}, its operations counted while in flight. */
    static StepRunner of(Step step, Metrics metrics, Target target) {
        StepRunner runner = bare(step, metrics, target);
        return switch (step) {
            case Pause p -> runner;
            case Mix m -> runner;
            case Routed r -> runner; // not an operation: its steps are
            default -> {
                var meter = metrics.meter(step.operationNames().findFirst().orElseThrow());
                yield ctx -> {
                    meter.started();
                    try {
                        return runner.run(ctx);
                    } catch (Error e) {
                        // the user's own code inside a step (a value generator): an error of its kind, not the worker's end
                        if (!meter.hasSample(ErrorSamples.kind(e))) meter.sample(ErrorSamples.kind(e), ErrorSamples.text(e));
                        ctx.failed(meter, e);
                        return false;
                    } finally {
                        meter.ended();
                    }
                };
            }
        };
    }

    private static StepRunner bare(Step step, Metrics metrics, Target target) {
        return switch (step) {
            case Pause p -> ctx -> {
                Object d = p.duration().next(ctx.random());
                Thread.sleep(d instanceof java.time.Duration dd ? dd : java.time.Duration.ofMillis(((Number) d).longValue()));
                return true;
            };
            case Timed t -> new TimedRunner(t, metrics.meter(t.operation()));
            case Mix m -> new MixRunner(m, metrics, target);
            default -> target.runner(step, metrics).orElseThrow(() -> new IllegalArgumentException(
                    "step " + step.getClass().getSimpleName() + " cannot run against this target (" + step.family() + " step)"));
        };
    }

    static List<StepRunner> all(List<Step> steps, Metrics metrics, Target target) {
        return steps.stream().map(s -> of(s, metrics, target)).toList();
    }

    /** Runs {@code steps} in order; false as soon as one fails. */
    static boolean runAll(List<StepRunner> steps, WorkerContext ctx) throws InterruptedException {
        for (StepRunner s : steps) {
            if (!s.run(ctx)) return false;
            if (ctx.stopping()) throw new InterruptedException("stopping");
        }
        return true;
    }
}
