package dev.stampede.engine.load;

import dev.stampede.engine.session.WorkerContext;

import dev.stampede.engine.live.LiveGroup;
import dev.stampede.engine.plan.ClosedLoop;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Closed model: N workers, each looping over the steps (plus think time) until the stage ends.
 *
 * <p>Workers are virtual threads, or platform threads for a group that only churns connections
 * ({@link WorkerThreads}).
 *
 * <p>Live control: {@link #scale} changes N while the stage runs — new workers start at once, workers
 * above the new count retire after their current iteration. While the run is paused no worker starts a
 * new iteration.
 */
final class ClosedLoopDriver implements GroupDriver, LiveGroup {

    private final List<Thread> threads = new ArrayList<>();
    private final List<WorkerContext> contexts = new ArrayList<>();
    private final Resources resources;
    private final ClosedLoop model;
    /** The first this many workers run on platform threads ({@link WorkerThreads}); 0 when none do. */
    private final int platformWorkers;
    /** Workers with an index below this keep looping. */
    private volatile int active;
    private boolean started;

    ClosedLoopDriver(Resources r, ClosedLoop model) {
        this.resources = r;
        this.model = model;
        this.active = model.workers();
        platformWorkers = WorkerThreads.platformWorkers(r.group(), r.settings());
        for (int i = 0; i < model.workers(); i++) {
            WorkerContext ctx = r.newContext();
            contexts.add(ctx);
            threads.add(worker(ctx, i));
        }
    }

    private Thread worker(WorkerContext ctx, int index) {
        return WorkerThreads.builder(index < platformWorkers, resources.group().name() + "-" + (index + 1))
                .unstarted(() -> loop(ctx, resources, model.think(), () -> index < active));
    }

    @Override
    public void prepare() {
        GroupDriver.warmUp(contexts, resources);
    }

    /** The worker loop shared by the closed models; {@code keepGoing} lets a ramp retire workers. */
    static void loop(WorkerContext ctx, Resources r, java.time.Duration think, java.util.function.BooleanSupplier keepGoing) {
        try {
            while (!ctx.stopping() && keepGoing.getAsBoolean()) {
                if (r.control() != null && !r.control().awaitRunning()) break;
                if (ctx.stopping() || !keepGoing.getAsBoolean()) break;
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
    public synchronized void start() {
        started = true;
        threads.forEach(Thread::start);
    }

    @Override
    public String name() {
        return resources.group().name();
    }

    @Override
    public String level() {
        return active + " workers";
    }

    @Override
    public synchronized Optional<String> scale(double factor) {
        if (!started || resources.stopping().getAsBoolean()) return Optional.empty();
        int was = active;
        int want = Math.max(1, (int) Math.round(was * factor));
        if (want == was) want = factor > 1 ? was + 1 : Math.max(1, was - 1);
        if (want == was) return Optional.empty();
        if (want > was) {
            threads.removeIf(t -> !t.isAlive() && t.getState() == Thread.State.TERMINATED);
            active = want;
            for (int i = was; i < want; i++) {
                Thread t = worker(resources.newContext(), i);
                threads.add(t);
                t.start();
            }
        } else {
            active = want; // workers at index >= want retire after their current iteration
        }
        return Optional.of("workers " + was + " → " + want);
    }

    @Override
    public int stop(long deadline) {
        List<Thread> all;
        synchronized (this) {
            all = List.copyOf(threads);
        }
        return GroupDriver.joinAll(all, deadline);
    }
}
