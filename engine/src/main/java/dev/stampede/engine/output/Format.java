package dev.stampede.engine.output;

import java.time.Duration;
import java.util.Locale;

/**
 * Number formats shared by every human-facing output, so the dashboard, the line printer and the
 * summary table print the same value the same way. Stateless.
 */
public final class Format {

    private Format() {
    }

    /** A latency in nanoseconds as {@code 41.2us}, {@code 0.412ms}, {@code 3.20ms}, {@code 12.3ms}, {@code 123ms}, {@code 1.23s}. */
    public static String latency(long nanos) {
        double ms = nanos / 1e6;
        if (ms < 0.1) return String.format(Locale.ROOT, "%.1fus", nanos / 1e3);
        if (ms < 1) return String.format(Locale.ROOT, "%.3fms", ms);
        if (ms < 10) return String.format(Locale.ROOT, "%.2fms", ms);
        if (ms < 100) return String.format(Locale.ROOT, "%.1fms", ms);
        if (ms < 1000) return String.format(Locale.ROOT, "%.0fms", ms);
        return String.format(Locale.ROOT, "%.2fs", ms / 1000);
    }

    /** Same as {@link #latency(long)} for a mean. */
    public static String latency(double nanos) {
        return latency(Math.round(nanos));
    }

    /** A rate as {@code 812.4}, {@code 12.0k} past ten thousand. */
    public static String rate(double perSecond) {
        if (perSecond >= 10_000) return String.format(Locale.ROOT, "%.1fk", perSecond / 1000);
        return String.format(Locale.ROOT, "%.1f", perSecond);
    }

    /** Elapsed time as {@code 5s}, {@code 1:05}, {@code 1:01:05}. */
    public static String clock(Duration d) {
        long s = Math.max(0, d.toSeconds());
        if (s < 60) return s + "s";
        if (s < 3600) return String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
        return String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, (s / 60) % 60, s % 60);
    }

    /** Seconds with one decimal: {@code 5.0s}. */
    public static String seconds(Duration d) {
        return String.format(Locale.ROOT, "%.1fs", d.toNanos() / 1e9);
    }
}
