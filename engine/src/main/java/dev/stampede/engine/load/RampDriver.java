package dev.stampede.engine.load;

import dev.stampede.engine.session.WorkerContext;

import dev.stampede.engine.plan.Ramp;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Closed model with a changing worker count: a controller sets the target count every 100 ms;
 * workers above it retire after their current iteration, new ones start when it grows.
 */
final class RampDriver implements GroupDriver {

    private static final Duration STEP = Duration.ofMillis(100);

    private final Resources r;
    private final Ramp model;
    private final List<Thread> workers = new ArrayList<>();
    private volatile int active;
    private Thread controller;

    RampDriver(Resources r, Ramp model) {
        this.r = r;
        this.model = model;
    }

    @Override
    public void start() {
        long t0 = System.nanoTime();
        controller = Thread.ofVirtual().name(r.group().name() + "-ramp").start(() -> {
            try {
                while (!r.stopping().getAsBoolean()) {
                    int want = model.workersAt(Duration.ofNanos(System.nanoTime() - t0));
                    active = want;
                    synchronized (workers) {
                        workers.removeIf(t -> !t.isAlive());
                        for (int i = workers.size(); i < want; i++) {
                            int index = i;
                            WorkerContext ctx = r.newContext();
                            workers.add(Thread.ofVirtual().name(r.group().name() + "-" + (index + 1))
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
