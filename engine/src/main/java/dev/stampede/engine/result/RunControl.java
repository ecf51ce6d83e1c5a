package dev.stampede.engine.result;


import dev.stampede.engine.live.LiveGroup;
import dev.stampede.engine.live.RunEvent;
import dev.stampede.engine.live.RunState;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The switches a run can be steered by while it runs, shared by signal handlers, the dashboard's keys
 * and safety checks: stop, pause/resume, and live changes of a group's workers or rate; plus what the
 * run reports back between intervals (its state and its events).
 *
 * <p>Guarantees:
 * <ol>
 *   <li>The first {@link #requestStop} wins and later ones are ignored; {@link #awaitStop} returns as soon
 *       as a stop is requested, and a stop also ends a pause.</li>
 *   <li>While paused, {@link #awaitRunning} holds every caller (the load drivers, before each new
 *       iteration); iterations already running finish. Paused time is summed in {@link #pausedTotal}.</li>
 *   <li>Every pause, resume and live change is recorded as a {@link RunEvent} (so a run's numbers stay
 *       explainable), timed from {@link #startClock}.</li>
 * </ol>
 * Thread-safe; no call but {@code awaitStop} and {@code awaitRunning} blocks.
 */
public final class RunControl {

    private final AtomicReference<StopRequest> request = new AtomicReference<>();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile RunState state = RunState.SETUP;
    private volatile long origin = System.nanoTime();
    private volatile long settleEnd;
    private final List<RunEvent> events = new CopyOnWriteArrayList<>();
    private final List<LiveGroup> groups = new CopyOnWriteArrayList<>();
    private final ReentrantLock pauseLock = new ReentrantLock();
    private final Condition resumed = pauseLock.newCondition();
    private volatile boolean paused;
    private long pausedSince;
    private long pausedNanos;

    /** A reason and a one-line message (e.g. "interrupted by SIGTERM"). */
    public record StopRequest(StopReason reason, String message) {
    }

    /** Asks the run to end; returns false if a stop was already requested. */
    public boolean requestStop(StopReason reason, String message) {
        if (request.compareAndSet(null, new StopRequest(reason, message))) {
            stopped.countDown();
            signalResumed();
            return true;
        }
        return false;
    }

    /** Sets where event times are counted from: the run's start. */
    public void startClock(long nanoTime) {
        origin = nanoTime;
    }

    public RunState state() {
        return state;
    }

    public void state(RunState s) {
        state = s;
    }

    /** A sweep's pause of {@code pause} starts now: the state is {@link RunState#SETTLING} until the next one is set. */
    public void settle(Duration pause) {
        settleEnd = System.nanoTime() + pause.toNanos();
        state = RunState.SETTLING;
    }

    /** What is left of the sweep's pause while settling, else zero. */
    public Duration settleLeft() {
        return state == RunState.SETTLING ? Duration.ofNanos(Math.max(0, settleEnd - System.nanoTime())) : Duration.ZERO;
    }

    /** Records {@code text} as an event of {@code kind} now. */
    public RunEvent event(String kind, String text) {
        RunEvent e = new RunEvent(Duration.ofNanos(Math.max(0, System.nanoTime() - origin)), kind, text);
        events.add(e);
        return e;
    }

    /** Every event so far, oldest first. */
    public List<RunEvent> events() {
        return List.copyOf(events);
    }

    /** Holds back new iterations; false when already paused or stopping. */
    public boolean pause() {
        pauseLock.lock();
        try {
            if (paused || stopRequested()) return false;
            paused = true;
            pausedSince = System.nanoTime();
        } finally {
            pauseLock.unlock();
        }
        event("pause", "load paused: no new iterations");
        return true;
    }

    /** Lets iterations start again; false when not paused. */
    public boolean resume() {
        long was;
        pauseLock.lock();
        try {
            if (!paused) return false;
            was = System.nanoTime() - pausedSince;
            pausedNanos += was;
            paused = false;
            resumed.signalAll();
        } finally {
            pauseLock.unlock();
        }
        event("resume", String.format(java.util.Locale.ROOT, "load resumed after %.1fs paused", was / 1e9));
        return true;
    }

    /** Pauses when running, resumes when paused; returns whether the load is paused now. */
    public boolean togglePause() {
        if (!resume()) pause();
        return paused;
    }

    public boolean paused() {
        return paused;
    }

    /** Time spent paused so far, the current pause included. */
    public Duration pausedTotal() {
        pauseLock.lock();
        try {
            return Duration.ofNanos(pausedNanos + (paused ? System.nanoTime() - pausedSince : 0));
        } finally {
            pauseLock.unlock();
        }
    }

    /**
     * Returns at once when not paused; otherwise waits until resumed or stopped.
     *
     * @return true when the caller may start an iteration (not stopped)
     */
    public boolean awaitRunning() throws InterruptedException {
        if (!paused) return !stopRequested();
        pauseLock.lockInterruptibly();
        try {
            while (paused && !stopRequested()) resumed.await(100, TimeUnit.MILLISECONDS);
        } finally {
            pauseLock.unlock();
        }
        return !stopRequested();
    }

    private void signalResumed() {
        pauseLock.lock();
        try {
            resumed.signalAll();
        } finally {
            pauseLock.unlock();
        }
    }

    /** A group that can be changed live joins (for its stage). */
    public void register(LiveGroup group) {
        groups.add(group);
    }

    public void unregister(LiveGroup group) {
        groups.remove(group);
    }

    /** The running groups that can be changed live, in plan order. */
    public List<LiveGroup> liveGroups() {
        return List.copyOf(groups);
    }

    /** Each running group's level now ({@code 10 workers}, {@code 500/s}). */
    public Map<String, String> levels() {
        Map<String, String> out = new LinkedHashMap<>();
        for (LiveGroup g : groups) out.put(g.name(), g.level());
        return out;
    }

    /**
     * Multiplies the workers or rate of the running group {@code name} by {@code factor} and records it.
     *
     * @return the event recorded, or empty when no running group of that name can change
     */
    public Optional<RunEvent> scale(String name, double factor) {
        if (stopRequested()) return Optional.empty();
        for (LiveGroup g : groups) {
            if (g.name().equals(name)) {
                return g.scale(factor).map(change -> event("control", "group '" + name + "': " + change));
            }
        }
        return Optional.empty();
    }

    public boolean stopRequested() {
        return request.get() != null;
    }

    public Optional<StopRequest> request() {
        return Optional.ofNullable(request.get());
    }

    /** Waits up to {@code timeout}; true if a stop was requested meanwhile. */
    public boolean awaitStop(Duration timeout) throws InterruptedException {
        if (timeout.isNegative() || timeout.isZero()) return stopRequested();
        return stopped.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }
}
