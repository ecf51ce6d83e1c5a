package dev.stampede.engine.metrics;

import org.HdrHistogram.Histogram;

/**
 * Latency figures of one histogram, in nanoseconds. All zero when {@code count} is zero.
 */
public record LatencyStats(long count, long min, long max, double mean, long p50, long p75, long p90, long p95,
                           long p99, long p999) {

    public static final LatencyStats EMPTY = new LatencyStats(0, 0, 0, 0, 0, 0, 0, 0, 0, 0);

    public static LatencyStats of(Histogram h) {
        long n = h.getTotalCount();
        if (n == 0) return EMPTY;
        // HdrHistogram reports the highest value equivalent to a bucket; clamp to the true max seen
        long max = h.getMaxValue();
        return new LatencyStats(n, h.getMinValue(), max, h.getMean(),
                Math.min(max, h.getValueAtPercentile(50)), Math.min(max, h.getValueAtPercentile(75)),
                Math.min(max, h.getValueAtPercentile(90)), Math.min(max, h.getValueAtPercentile(95)),
                Math.min(max, h.getValueAtPercentile(99)), Math.min(max, h.getValueAtPercentile(99.9)));
    }

    /** The value at {@code percentile} (0..100) named by the usual labels: 50, 75, 90, 95, 99, 99.9. */
    public long at(double percentile) {
        if (percentile == 50) return p50;
        if (percentile == 75) return p75;
        if (percentile == 90) return p90;
        if (percentile == 95) return p95;
        if (percentile == 99) return p99;
        if (percentile == 99.9) return p999;
        throw new IllegalArgumentException("no stored percentile " + percentile + " (have 50, 75, 90, 95, 99, 99.9)");
    }
}
