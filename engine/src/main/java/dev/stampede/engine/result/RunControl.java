package dev.stampede.engine.result;


import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The one switch that ends a run early, shared by signal handlers, the dashboard's {@code q} key and
 * safety checks.
 *
 * <p>Guarantees: the first {@link #requestStop} wins and later ones are ignored; {@link #awaitStop}
 * returns as soon as a stop is requested. Thread-safe and never blocks the caller of {@code requestStop}.
 */
public final class RunControl {

    private final AtomicReference<StopRequest> request = new AtomicReference<>();
    private final CountDownLatch stopped = new CountDownLatch(1);

    /** A reason and a one-line message (e.g. "interrupted by SIGTERM"). */
    public record StopRequest(StopReason reason, String message) {
    }

    /** Asks the run to end; returns false if a stop was already requested. */
    public boolean requestStop(StopReason reason, String message) {
        if (request.compareAndSet(null, new StopRequest(reason, message))) {
            stopped.countDown();
            return true;
        }
        return false;
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
