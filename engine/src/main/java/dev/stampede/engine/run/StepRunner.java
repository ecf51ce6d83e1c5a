package dev.stampede.engine.run;

import dev.stampede.engine.metrics.Metrics;
import dev.stampede.engine.plan.Connect;
import dev.stampede.engine.plan.Copy;
import dev.stampede.engine.plan.InsertBatch;
import dev.stampede.engine.plan.Mix;
import dev.stampede.engine.plan.Pause;
import dev.stampede.engine.plan.Sql;
import dev.stampede.engine.plan.Step;
import dev.stampede.engine.plan.Timed;
import dev.stampede.engine.plan.Transaction;
import dev.stampede.engine.plan.UpdateRandom;

import java.util.List;

/**
 * The executable form of one {@link Step}, shared by all workers of a group (stateless; per-worker
 * state lives in {@link WorkerContext}).
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

    /** The runner for {@code step}, recording into {@code metrics}, its operations counted while in flight. */
    static StepRunner of(Step step, Metrics metrics) {
        StepRunner runner = bare(step, metrics);
        return switch (step) {
            case Pause p -> runner;
            case Mix m -> runner;
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

    private static StepRunner bare(Step step, Metrics metrics) {
        return switch (step) {
            case Connect c -> new ConnectRunner(metrics.meter(c.operation()));
            case Sql s -> new SqlRunner(s, metrics.meter(s.operation()));
            case Transaction t -> new TransactionRunner(metrics.meter(t.operation()), all(t.steps(), metrics));
            case Pause p -> ctx -> {
                Object d = p.duration().next(ctx.random());
                Thread.sleep(d instanceof java.time.Duration dd ? dd : java.time.Duration.ofMillis(((Number) d).longValue()));
                return true;
            };
            case Timed t -> new TimedRunner(t, metrics.meter(t.operation()));
            case Mix m -> new MixRunner(m, metrics);
            case InsertBatch i -> new WriteRunners.Insert(i, metrics.meter(i.operation()));
            case UpdateRandom u -> new WriteRunners.Update(u, metrics.meter(u.operation()));
            case Copy c -> new WriteRunners.CopyIn(c, metrics.meter(c.operation()));
        };
    }

    static List<StepRunner> all(List<Step> steps, Metrics metrics) {
        return steps.stream().map(s -> of(s, metrics)).toList();
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
