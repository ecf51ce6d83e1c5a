package dev.stampede.engine.load;

import dev.stampede.engine.session.WorkerContext;

import dev.stampede.engine.plan.ClosedLoop;

import java.util.ArrayList;
import java.util.List;

/** Closed model: N workers, each looping over the steps (plus think time) until the stage ends. */
final class ClosedLoopDriver implements GroupDriver {

    private final List<Thread> threads = new ArrayList<>();
    private final List<WorkerContext> contexts = new ArrayList<>();
    private final Resources resources;

    ClosedLoopDriver(Resources r, ClosedLoop model) {
        this.resources = r;
        Thread.Builder builder = Thread.ofVirtual().name(r.group().name() + "-", 1);
        for (int i = 0; i < model.workers(); i++) {
            WorkerContext ctx = r.newContext();
            contexts.add(ctx);
            threads.add(builder.unstarted(() -> loop(ctx, r, model.think(), () -> true)));
        }
    }

    @Override
    public void prepare() {
        GroupDriver.warmUp(contexts, resources);
    }

    /** The worker loop shared by the closed models; {@code keepGoing} lets a ramp retire workers. */
    static void loop(WorkerContext ctx, Resources r, java.time.Duration think, java.util.function.BooleanSupplier keepGoing) {
        try {
            while (!ctx.stopping() && keepGoing.getAsBoolean()) {
                GroupDriver.iterate(ctx, r.steps());
                if (!think.isZero()) Thread.sleep(think);
            }
        } catch (InterruptedException e) {
            // the stage is stopping
        } finally {
            Thread.interrupted(); // close politely (Terminate message) rather than on an interrupted socket
            ctx.release();
        }
    }

    @Override
    public void start() {
        threads.forEach(Thread::start);
    }

    @Override
    public int stop(long deadline) {
        return GroupDriver.joinAll(threads, deadline);
    }
}
