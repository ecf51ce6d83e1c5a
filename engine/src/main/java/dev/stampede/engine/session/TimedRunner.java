package dev.stampede.engine.session;

import dev.stampede.engine.metrics.ErrorKinds;
import dev.stampede.engine.metrics.OperationMeter;
import dev.stampede.engine.plan.Timed;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code timed('name') { … }}: user code timed under a name; what it throws (any {@link Throwable}, an
 * {@link Error} such as {@link StackOverflowError} too) is counted by kind and logged (first occurrence
 * of each kind, with its trace, to stampede.log only) with the scenario line; the worker goes on. Thread-safe.
 */
final class TimedRunner implements StepRunner {

    private static final Logger log = LoggerFactory.getLogger(TimedRunner.class);

    private final Timed timed;
    private final OperationMeter meter;
    private final ConcurrentHashMap<String, Boolean> logged = new ConcurrentHashMap<>();

    TimedRunner(Timed timed, OperationMeter meter) {
        this.timed = timed;
        this.meter = meter;
    }

    @Override
    public boolean run(WorkerContext ctx) throws InterruptedException {
        long start = System.nanoTime();
        try {
            timed.code().run(ctx);
        } catch (InterruptedException e) {
            throw e;
        } catch (Exception | Error e) { // StackOverflowError, OutOfMemoryError, AssertionError: the user's code, counted
            if (Thread.currentThread().isInterrupted() && ctx.stopping()) throw new InterruptedException("stopping");
            String kind = ErrorKinds.classify(e);
            if (!meter.hasSample(kind)) meter.sample(kind, ErrorKinds.sample(e) + " (at " + scenarioLine(e) + ")");
            if (logged.putIfAbsent(e.getClass().getName(), Boolean.TRUE) == null && !ctx.stopping()) {
                log.warn("{}: timed('{}') failed: {}", timed.code().where(), timed.operation(), e.toString(), e);
            }
            ctx.failed(meter, e);
            return false;
        }
        Timing.success(ctx, meter, start);
        return true;
    }

    /** The scenario line the failure came from: the deepest frame in the scenario file, else the block's own place. */
    private String scenarioLine(Throwable e) {
        var where = timed.code().where();
        String file = java.nio.file.Path.of(where.file()).getFileName().toString();
        for (StackTraceElement f : e.getStackTrace()) {
            if (file.equals(f.getFileName()) && f.getLineNumber() > 0) return where.file() + ":" + f.getLineNumber();
        }
        return where.toString();
    }
}
