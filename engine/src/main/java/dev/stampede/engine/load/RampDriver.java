package dev.stampede.engine.load;

import dev.stampede.engine.session.WorkerContext;

import dev.stampede.engine.plan.Ramp;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Closed model with a changing worker count: a controller sets the target count every 100 ms;
 * workers above it retire after their current iteration, new ones start when it grows. Live control
 * multiplies the planned count ({@link #scale}); a pause holds every worker before its next iteration.
 */
final class RampDriver implements GroupDriver, dev.stampede.engine.live.LiveGroup {

    private static final Duration STEP = Duration.ofMillis(100);

    private final Resources r;
    private final Ramp model;
    private final List<Thread> workers = new ArrayList<>();
    private volatile int active;
    private volatile double factor = 1;
    private Thread controller;

    RampDriver(Resources r, Ramp model) {
        this.r = r;
        this.model = model;
    }

    @Override
    public void start() {
        long t0 = System.nanoTime();
        int platformWorkers = WorkerThreads.platformWorkers(r.group(), r.settings());
        controller = Thread.ofVirtual().name(r.group().name() + "-ramp").start(() -> {
            try {
                while (!r.stopping().getAsBoolean()) {
                    int want = (int) Math.round(model.workersAt(Duration.ofNanos(System.nanoTime() - t0)) * factor);
                    active = want;
                    synchronized (workers) {
                        workers.removeIf(t -> !t.isAlive());
                        for (int i = workers.size(); i < want; i++) {
                            int index = i;
                            WorkerContext ctx = r.newContext();
                            workers.add(WorkerThreads.builder(index < platformWorkers, r.group().name() + "-" + (index + 1))
                                    .start(() -> ClosedLoopDriver.loop(ctx, r, model.think(), () -> index < active)));
                        }
                    }
                    Thread.sleep(STEP);
                }
            } catch (InterruptedException e) {
                // stopping
            }
        });
    }

    @Override
    public String name() {
        return r.group().name();
    }

    @Override
    public String level() {
        return active + " workers";
    }

    @Override
    public java.util.Optional<String> scale(double by) {
        if (r.stopping().getAsBoolean()) return java.util.Optional.empty();
        double was = factor;
        factor = was * by;
        return java.util.Optional.of(String.format(java.util.Locale.ROOT, "ramp ×%.2f → ×%.2f (now %d workers)",
                was, factor, active));
    }

    @Override
    public int stop(long deadline) {
        controller.interrupt();
        try {
            controller.join(Duration.ofSeconds(1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        List<Thread> all;
        synchronized (workers) {
            all = List.copyOf(workers);
        }
        return GroupDriver.joinAll(all, deadline);
    }
}
