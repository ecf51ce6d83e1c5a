package dev.stampede.engine.plan;

import java.time.Duration;
import java.util.Objects;

/**
 * Closed model whose worker count changes linearly from {@code from} to {@code to} over {@code over},
 * then stays at {@code to}: {@code ramp from: 0, to: 100, over: 30.seconds}.
 */
public record Ramp(int from, int to, Duration over, Duration think) implements LoadModel {

    public Ramp {
        if (from < 0 || from > ClosedLoop.MAX_WORKERS) throw new IllegalArgumentException("ramp from must be 0.." + ClosedLoop.MAX_WORKERS + " (got " + from + ")");
        // to 0 only as a shard's share of a ramp down (--shard): the DSL asks for to >= 1
        if (to < 0 || to > ClosedLoop.MAX_WORKERS || from + to == 0) throw new IllegalArgumentException("ramp to must be 1.." + ClosedLoop.MAX_WORKERS + " (got " + to + ")");
        Objects.requireNonNull(over, "over");
        if (over.isNegative() || over.isZero()) throw new IllegalArgumentException("ramp needs a duration > 0 (got " + over + ")");
        Objects.requireNonNull(think, "think");
    }

    /** Workers that should be running {@code elapsed} after the stage started. */
    public int workersAt(Duration elapsed) {
        if (elapsed.compareTo(over) >= 0) return to;
        double f = (double) elapsed.toNanos() / over.toNanos();
        return (int) Math.round(from + (to - from) * f);
    }

    @Override
    public int peakWorkers() {
        return Math.max(from, to);
    }
}
