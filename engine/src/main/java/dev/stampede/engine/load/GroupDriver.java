package dev.stampede.engine.load;

import dev.stampede.engine.result.Findings;
import dev.stampede.engine.result.RunControl;
import dev.stampede.engine.session.ErrorSamples;
import dev.stampede.engine.session.Sessions;
import dev.stampede.engine.session.StepRunner;
import dev.stampede.engine.session.Target;
import dev.stampede.engine.session.WorkerContext;

import dev.stampede.engine.config.Settings;
import dev.stampede.engine.metrics.Metrics;
import dev.stampede.engine.plan.ArrivalRate;
import dev.stampede.engine.plan.ClosedLoop;
import dev.stampede.engine.plan.Group;
import dev.stampede.engine.plan.Hold;
import dev.stampede.engine.plan.Ramp;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.BooleanSupplier;

/**
 * Runs one group's load model for one stage: starts its workers, and stops them when asked.
 * One implementation per load model. Owned by the stage's thread; workers are virtual threads (platform
 * threads for a group that only churns connections: {@link WorkerThreads}).
 */
public interface GroupDriver {

    /** Work done before the stage's clock starts (opening connections), so it is not measured as load. */
    default void prepare() {
    }

    void start();

    /**
     * Stops every worker of the group and closes their connections.
     *
     * @param deadline System.nanoTime by which everything should have ended
     * @return workers still running at the deadline
     */
    int stop(long deadline);

    /** Kinds of uncounted failures already logged (with their trace), so a failing loop logs each once. */
    java.util.Set<String> LOGGED = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /**
     * What every driver needs to build workers: the group, its runners, and its target's sessions;
     * {@code control} (null in some specs) carries pause and live control.
     */
    record Resources(Group group, List<StepRunner> steps, Metrics metrics, Target target, Sessions sessions,
                     Settings settings, Map<String, Object> params, BooleanSupplier stopping, SplittableRandom seeds,
                     Findings findings, RunControl control) {

        public WorkerContext newContext() {
            synchronized (seeds) {
                return new WorkerContext(sessions.open(), stopping, settings, params, seeds.split());
            }
        }
    }

    static GroupDriver of(Resources r) {
        return switch (r.group().load()) {
            case ClosedLoop c -> new ClosedLoopDriver(r, c);
            case Ramp ramp -> new RampDriver(r, ramp);
            case ArrivalRate rate -> new ArrivalRateDriver(r, rate);
            case Hold hold -> new HoldDriver(r, hold);
        };
    }

    /**
     * Lets each context's session connect ahead ({@link dev.stampede.engine.session.Session#warmUp()}),
     * 50 at a time, so the first iterations do not pay for it; not when the steps only open their own
     * connections (connect()) or pause.
     */
    static void warmUp(List<WorkerContext> contexts, Resources r) {
        if (r.group().steps().stream().allMatch(s -> s instanceof dev.stampede.engine.plan.Connect
                || s instanceof dev.stampede.engine.plan.Pause)) {
            return;
        }
        for (int from = 0; from < contexts.size(); from += 50) {
            List<Thread> batch = contexts.subList(from, Math.min(contexts.size(), from + 50)).stream()
                    .map(ctx -> Thread.ofVirtual().start(() -> ctx.session().warmUp())).toList();
            for (Thread t : batch) {
                try {
                    t.join();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /** One iteration of a worker: the steps, then the session ends the iteration (a pooled connection goes back). */
    static void iterate(WorkerContext ctx, List<StepRunner> steps) throws InterruptedException {
        try {
            StepRunner.runAll(steps, ctx);
        } catch (RuntimeException | Error e) {
            // a failure no step counted (the user's code in a pause's generator): the worker goes on, the trace goes
            // to stampede.log once per kind, never to the terminal (a dying virtual thread would print it there)
            if (LOGGED.add(e.getClass().getName())) {
                org.slf4j.LoggerFactory.getLogger(GroupDriver.class).warn("a step failed outside its own error count: {}",
                        ErrorSamples.text(e), e);
            }
            if (ctx.stopping()) throw new InterruptedException("stopping");
            Thread.sleep(10);
        } finally {
            ctx.endIteration();
        }
    }

    /** How long workers get to finish the operation in hand (they see the stop flag) before they are interrupted. */
    Duration DRAIN = Duration.ofSeconds(1);

    /**
     * Lets {@code threads} finish the operation in hand (up to {@link #DRAIN}, at most half the time to
     * {@code deadline}), then interrupts those still running and joins them, counting those still alive
     * at {@code deadline}. Interrupting first would close pgjdbc's sockets under in-flight queries: every
     * normal shutdown would log broken connections with stack traces.
     */
    static int joinAll(List<Thread> threads, long deadline) {
        long now = System.nanoTime();
        join(threads, now + Math.min(DRAIN.toNanos(), Math.max(0, (deadline - now) / 2)));
        threads.stream().filter(Thread::isAlive).forEach(Thread::interrupt);
        return join(threads, deadline);
    }

    /** Joins {@code threads} without interrupting them, counting those still alive at {@code deadline}. */
    static int join(List<Thread> threads, long deadline) {
        int abandoned = 0;
        for (Thread t : threads) {
            long left = deadline - System.nanoTime();
            try {
                if (left <= 0 ? t.isAlive() : !t.join(Duration.ofNanos(left))) abandoned++;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                abandoned++;
            }
        }
        return abandoned;
    }
}
