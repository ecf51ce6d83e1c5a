package dev.stampede.engine.plan;

import java.time.Duration;
import java.util.Objects;

/**
 * Open model: iterations start on a schedule, whatever the target's speed. Each iteration has an
 * intended start time; latency is measured from it (no coordinated omission). When all
 * {@code maxWorkers} are busy an arrival is counted as dropped, never silently delayed.
 *
 * @param perSecond   arrivals per second at the start (> 0)
 * @param toPerSecond arrivals per second after {@code rampOver} (equal to {@code perSecond} for a constant rate)
 * @param rampOver    how long the rate ramps linearly from one to the other (zero for constant)
 * @param maxWorkers  how many iterations may be in flight at once
 * @param phase       where the first arrival falls, as a fraction (0 ≤ phase < 1) of the first inter-arrival
 *                    time: a shard's offset ({@code --shard}), so N shards' arrivals interleave instead of firing together
 */
public record ArrivalRate(double perSecond, double toPerSecond, Duration rampOver, int maxWorkers, double phase) implements LoadModel {

    public static final double MAX_RATE = 1_000_000;

    public ArrivalRate {
        if (!(perSecond > 0) || perSecond > MAX_RATE) {
            throw new IllegalArgumentException("rate must be > 0 and <= " + (long) MAX_RATE + " per second (got " + perSecond + ")");
        }
        if (!(toPerSecond > 0) || toPerSecond > MAX_RATE) {
            throw new IllegalArgumentException("rate must be > 0 and <= " + (long) MAX_RATE + " per second (got " + toPerSecond + ")");
        }
        Objects.requireNonNull(rampOver, "rampOver");
        if (rampOver.isNegative()) throw new IllegalArgumentException("ramp duration must be >= 0 (got " + rampOver + ")");
        if (maxWorkers < 1 || maxWorkers > ClosedLoop.MAX_WORKERS) {
            throw new IllegalArgumentException("maxWorkers must be between 1 and " + ClosedLoop.MAX_WORKERS + " (got " + maxWorkers + ")");
        }
        if (!(phase >= 0 && phase < 1)) throw new IllegalArgumentException("phase must be >= 0 and < 1 (got " + phase + ")");
    }

    /** Starting at once (phase 0). */
    public ArrivalRate(double perSecond, double toPerSecond, Duration rampOver, int maxWorkers) {
        this(perSecond, toPerSecond, rampOver, maxWorkers, 0);
    }

    /** A constant rate. */
    public ArrivalRate(double perSecond, int maxWorkers) {
        this(perSecond, perSecond, Duration.ZERO, maxWorkers);
    }

    /** The arrival rate {@code elapsed} after the stage started. */
    public double rateAt(Duration elapsed) {
        if (rampOver.isZero() || elapsed.compareTo(rampOver) >= 0) return toPerSecond;
        double f = (double) elapsed.toNanos() / rampOver.toNanos();
        return perSecond + (toPerSecond - perSecond) * f;
    }

    @Override
    public int peakWorkers() {
        return maxWorkers;
    }
}
