package dev.stampede.engine.session;

import dev.stampede.engine.config.Settings;
import dev.stampede.engine.metrics.ErrorKinds;
import dev.stampede.engine.metrics.OperationMeter;
import dev.stampede.engine.plan.StepContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.BooleanSupplier;
import java.util.random.RandomGenerator;

/**
 * One worker's generic state — random generator, params, stop flag, error back-off, the open model's
 * intended start — and its protocol {@link Session}, which holds whatever the target's steps need.
 *
 * <p>Confined to one thread at a time (a worker's, or in the open model the arrival that holds it),
 * except {@link #stopping()}, which reads a volatile flag.
 */
public final class WorkerContext implements StepContext {

    private static final Logger log = LoggerFactory.getLogger(WorkerContext.class);

    private final Session session;
    private final BooleanSupplier stopping;
    private final Duration backoffExhausted;
    private final Duration backoffOther;
    private final Map<String, Object> params;
    private final RandomGenerator random;
    private Throwable lastError;
    private Faults faults;
    /** Open model: when the current iteration should have started (System.nanoTime), or 0. */
    public long intendedStart;

    public WorkerContext(Session session, BooleanSupplier stopping, Settings settings) {
        this(session, stopping, settings, Map.of(), new SplittableRandom().split());
    }

    public WorkerContext(Session session, BooleanSupplier stopping, Settings settings,
                         Map<String, Object> params, RandomGenerator random) {
        this.session = session;
        this.stopping = stopping;
        this.backoffExhausted = settings.backoffExhausted();
        this.backoffOther = settings.backoffOther();
        this.params = params;
        this.random = random;
    }

    /** The protocol session; a step family's runners cast it to their own type. */
    public Session session() {
        return session;
    }

    public boolean stopping() {
        return stopping.getAsBoolean() || Thread.currentThread().isInterrupted();
    }

    @Override
    public Connection connection() throws SQLException {
        return session.connection();
    }

    @Override
    public RandomGenerator random() {
        return random;
    }

    @Override
    public Object param(String name) {
        return params.get(name);
    }

    @Override
    public void log(String message) {
        log.info("[{}] {}", Thread.currentThread().getName(), message);
    }

    /** The last failure this worker counted, for set-up messages. */
    public Throwable lastError() {
        return lastError;
    }

    /** End of an iteration: a pooled connection goes back to the pool; a kept one stays. */
    public void endIteration() {
        session.endIteration();
    }

    /**
     * Counts a failure against {@code meter} and pauses the worker (longer when a limit is exhausted),
     * unless the run is stopping: failures caused by the shutdown itself are not the target's fault.
     * A failure that broke the connection discards it; the next step opens a new one.
     */
    public void failed(OperationMeter meter, Throwable error) throws InterruptedException {
        if (stopping()) throw new InterruptedException("stopping");
        lastError = error;
        String kind = ErrorKinds.classify(error);
        meter.recordError(kind, error);
        session.failed(kind);
        Duration pause = ErrorKinds.isExhaustion(kind) ? backoffExhausted : backoffOther;
        if (!pause.isZero()) Thread.sleep(pause);
    }

    /** Gives a timed event's context the target's fault words ({@code failover()}, {@code kill(node)} …). */
    public WorkerContext faults(Faults faults) {
        this.faults = faults;
        return this;
    }

    @Override
    public void failover() throws Exception {
        if (faults == null) StepContext.super.failover();
        else faults.failover();
    }

    @Override
    public void kill(String node) throws Exception {
        if (faults == null) StepContext.super.kill(node);
        else faults.kill(node);
    }

    @Override
    public void restart(String node) throws Exception {
        if (faults == null) StepContext.super.restart(node);
        else faults.restart(node);
    }

    @Override
    public void promote(String node) throws Exception {
        if (faults == null) StepContext.super.promote(node);
        else faults.promote(node);
    }

    /** Closes (or returns to the pool) the worker's connection. */
    public void release() {
        session.release();
    }
}
