package dev.stampede.engine.run;

import dev.stampede.engine.config.Settings;
import dev.stampede.engine.metrics.Metrics;
import dev.stampede.engine.plan.ClosedLoop;
import dev.stampede.engine.plan.Group;
import dev.stampede.engine.plan.Stage;
import dev.stampede.engine.target.PostgresTarget;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The workers of one running stage: started together, stopped together.
 *
 * <p>Guarantees: after {@link #stop(Duration)} returns, every worker has ended or is counted as
 * abandoned; a worker's own connections are closed by the worker as it ends. Workers are virtual
 * threads, so thousands cost little. Not thread-safe: owned by the run's ticker thread.
 */
final class StageRun {

    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean stopping;

    StageRun(Stage stage, Metrics metrics, PostgresTarget target, Settings settings) {
        for (Group group : stage.groups()) {
            List<StepRunner> steps = group.steps().stream().map(s -> StepRunner.of(s, metrics)).toList();
            switch (group.load()) {
                case ClosedLoop closed -> {
                    Thread.Builder builder = Thread.ofVirtual().name(group.name() + "-", 1);
                    for (int i = 0; i < closed.workers(); i++) {
                        WorkerContext ctx = new WorkerContext(target, () -> stopping, settings);
                        threads.add(builder.unstarted(() -> loop(ctx, steps, closed.think())));
                    }
                }
            }
        }
    }

    void start() {
        threads.forEach(Thread::start);
    }

    private void loop(WorkerContext ctx, List<StepRunner> steps, Duration think) {
        try {
            while (!ctx.stopping()) {
                for (StepRunner step : steps) {
                    step.run(ctx);
                    if (ctx.stopping()) return;
                }
                if (!think.isZero()) Thread.sleep(think);
            }
        } catch (InterruptedException e) {
            // the stage is stopping: end quietly
        }
    }

    /**
     * Stops every worker: raise the flag, interrupt (which also closes a socket a virtual thread is
     * blocked on), then wait up to {@code grace} in total.
     *
     * @return how many workers were still running when the bound ran out
     */
    int stop(Duration grace) {
        stopping = true;
        threads.forEach(Thread::interrupt);
        long deadline = System.nanoTime() + grace.toNanos();
        int abandoned = 0;
        for (Thread t : threads) {
            long left = deadline - System.nanoTime();
            try {
                if (left <= 0 || !t.join(Duration.ofNanos(left))) abandoned++;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                abandoned++;
            }
        }
        return abandoned;
    }
}
