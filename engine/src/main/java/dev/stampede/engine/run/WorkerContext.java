package dev.stampede.engine.run;

import dev.stampede.engine.config.Settings;
import dev.stampede.engine.metrics.ErrorKinds;
import dev.stampede.engine.metrics.OperationMeter;
import dev.stampede.engine.target.PostgresTarget;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * What one worker's steps share: the target, the stop flag and the error policy.
 *
 * <p>Confined to its worker's thread, except {@link #stopping()}, which reads a volatile flag.
 */
public final class WorkerContext {

    private final PostgresTarget target;
    private final BooleanSupplier stopping;
    private final Duration backoffExhausted;
    private final Duration backoffOther;

    public WorkerContext(PostgresTarget target, BooleanSupplier stopping, Settings settings) {
        this.target = target;
        this.stopping = stopping;
        this.backoffExhausted = settings.backoffExhausted();
        this.backoffOther = settings.backoffOther();
    }

    public PostgresTarget target() {
        return target;
    }

    public boolean stopping() {
        return stopping.getAsBoolean() || Thread.currentThread().isInterrupted();
    }

    /**
     * Counts a failure against {@code meter} and pauses the worker (longer when a limit is exhausted),
     * unless the run is stopping: failures caused by the shutdown itself are not the target's fault.
     */
    public void failed(OperationMeter meter, Throwable error) throws InterruptedException {
        if (stopping()) throw new InterruptedException("stopping");
        String kind = ErrorKinds.classify(error);
        meter.recordError(kind);
        Duration pause = ErrorKinds.isExhaustion(kind) ? backoffExhausted : backoffOther;
        if (!pause.isZero()) Thread.sleep(pause);
    }
}
