package dev.stampede.engine.session;

import dev.stampede.engine.metrics.OperationMeter;

/**
 * Records a successful operation, from the iteration's intended start when the open model set one
 * (response time, and service time beside it) — the first operation of an iteration carries the
 * schedule's delay, so a stalled target shows in the percentiles (no coordinated omission).
 */
public final class Timing {

    private Timing() {
    }

    public static void success(WorkerContext ctx, OperationMeter meter, long start) {
        long end = System.nanoTime();
        if (ctx.intendedStart != 0) {
            long intended = ctx.intendedStart;
            ctx.intendedStart = 0; // later operations of the iteration start when they start
            meter.record(end - Math.min(intended, start), end - start);
        } else {
            meter.record(end - start);
        }
    }
}
