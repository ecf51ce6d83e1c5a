package dev.stampede.engine.load;

import dev.stampede.engine.session.WorkerContext;

import dev.stampede.engine.metrics.OperationMeter;
import dev.stampede.engine.plan.ArrivalRate;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;

/**
 * Open model: a scheduler starts iterations at intended times ({@code 1/rate} apart, the rate possibly
 * ramping), each on a fresh virtual thread holding one of {@code maxWorkers} worker contexts.
 *
 * <p>Guarantees (the coordinated-omission rules):
 * <ol>
 *   <li>Every iteration's first operation is timed from its intended start, so a stalled target shows
 *       up as latency for every arrival that was due during the stall; service time (from the actual
 *       start) is recorded beside it.</li>
 *   <li>When all {@code maxWorkers} are busy the arrival waits for one and starts late; it keeps its
 *       intended start, so the wait is part of its response time and of the group's lag — never
 *       silently forgotten. The schedule itself does not move.</li>
 *   <li>The {@code <group> lag} operation records, per started iteration, how late it started
 *       (actual − intended): its rate is the achieved arrival rate.</li>
 *   <li>Live control: {@link #scale} multiplies the planned rate from the next arrival on; a pause holds
 *       the scheduler and moves the whole schedule by the paused time, so resuming is not a burst of
 *       arrivals that were "due" while paused.</li>
 * </ol>
 */
final class ArrivalRateDriver implements GroupDriver, dev.stampede.engine.live.LiveGroup {

    private final Resources r;
    private final ArrivalRate model;
    private final OperationMeter lag;
    /** Most recently used first: arrivals reuse warm connections instead of opening one per context. */
    private final LinkedBlockingDeque<WorkerContext> idle;
    private final List<WorkerContext> contexts = new ArrayList<>();
    private final Set<Thread> inFlight = ConcurrentHashMap.newKeySet();
    private Thread scheduler;
    /** The live multiplier of the planned rate (1 until someone presses + or -). */
    private volatile double factor = 1;
    private volatile long startedNanos;

    ArrivalRateDriver(Resources r, ArrivalRate model) {
        this.r = r;
        this.model = model;
        this.lag = r.metrics().meter(lagName(r.group().name()));
        this.idle = new LinkedBlockingDeque<>(model.maxWorkers());
        for (int i = 0; i < model.maxWorkers(); i++) {
            WorkerContext ctx = r.newContext();
            contexts.add(ctx);
            idle.add(ctx);
        }
    }

    /** The operation that carries a group's schedule lag and dropped arrivals. */
    static String lagName(String group) {
        return group + dev.stampede.engine.threshold.Thresholds.LAG_SUFFIX;
    }

    @Override
    public void prepare() {
        GroupDriver.warmUp(contexts, r);
    }

    @Override
    public void start() {
        scheduler = Thread.ofPlatform().daemon().name(r.group().name() + "-schedule").start(this::schedule);
    }

    private void schedule() {
        long t0 = System.nanoTime();
        startedNanos = t0;
        double next = model.phase() / (model.rateAt(Duration.ZERO) * factor); // seconds since t0 of the next intended start (a shard's offset first)
        Thread.Builder builder = Thread.ofVirtual().name(r.group().name() + "-", 1);
        while (!r.stopping().getAsBoolean() && !Thread.currentThread().isInterrupted()) {
            if (r.control() != null && r.control().paused()) {
                long pausedAt = System.nanoTime();
                try {
                    if (!r.control().awaitRunning()) return;
                } catch (InterruptedException e) {
                    return;
                }
                t0 += System.nanoTime() - pausedAt; // the schedule moves by the pause
            }
            long intended = t0 + (long) (next * 1e9);
            long wait;
            while ((wait = intended - System.nanoTime()) > 0) {
                LockSupport.parkNanos(wait);
                if (r.stopping().getAsBoolean() || Thread.currentThread().isInterrupted()) return;
            }
            WorkerContext ctx = idle.pollFirst();
            if (ctx == null) {
                try {
                    ctx = idle.takeFirst(); // every worker busy: this arrival starts late, timed from its intended start
                } catch (InterruptedException e) {
                    return;
                }
            }
            WorkerContext mine = ctx;
            Thread t = builder.unstarted(() -> arrival(mine, intended));
            inFlight.add(t);
            t.start();
            next += 1.0 / (model.rateAt(Duration.ofNanos((long) (next * 1e9))) * factor);
        }
    }

    private void arrival(WorkerContext ctx, long intended) {
        try {
            long started = System.nanoTime();
            lag.record(Math.max(0, started - intended));
            ctx.intendedStart = intended;
            GroupDriver.iterate(ctx, r.steps());
        } catch (InterruptedException e) {
            // stopping
        } finally {
            Thread.interrupted();
            ctx.intendedStart = 0;
            inFlight.remove(Thread.currentThread());
            idle.offerFirst(ctx);
        }
    }

    @Override
    public String name() {
        return r.group().name();
    }

    /** The rate intended now, live factor included. */
    private double rateNow() {
        long t0 = startedNanos;
        Duration at = t0 == 0 ? Duration.ZERO : Duration.ofNanos(System.nanoTime() - t0);
        return model.rateAt(at) * factor;
    }

    @Override
    public String level() {
        return dev.stampede.engine.output.Format.rate(rateNow()) + "/s";
    }

    @Override
    public java.util.Optional<String> scale(double by) {
        if (r.stopping().getAsBoolean()) return java.util.Optional.empty();
        String was = level();
        factor = factor * by;
        return java.util.Optional.of("rate " + was + " → " + level());
    }

    @Override
    public int stop(long deadline) {
        if (scheduler != null) {
            scheduler.interrupt();
            try {
                scheduler.join(Duration.ofSeconds(1));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        int abandoned = GroupDriver.joinAll(List.copyOf(inFlight), deadline);
        contexts.forEach(WorkerContext::release);
        return abandoned;
    }
}
