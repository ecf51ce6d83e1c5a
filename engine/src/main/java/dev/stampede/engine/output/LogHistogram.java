package dev.stampede.engine.output;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A latency histogram with logarithmic (doubling) buckets, in which every recorded sample, the
 * largest included, is counted in exactly one bucket. Stateless.
 */
public final class LogHistogram {

    /** One bucket: samples with {@code fromNanos <= value < toNanos}. */
    public record Bucket(long fromNanos, long toNanos, long count) {
    }

    private LogHistogram() {
    }

    /** Buckets [0, 0.1ms), [0.1ms, 0.2ms), … doubling until the one that holds the maximum. */
    public static List<Bucket> buckets(Histogram h) {
        List<Bucket> out = new ArrayList<>();
        if (h.getTotalCount() == 0) return out;
        long max = h.getMaxValue();
        List<long[]> bounds = new ArrayList<>();
        long lo = 0, hi = 100_000; // 0.1 ms
        while (true) {
            bounds.add(new long[]{lo, hi});
            if (max < hi) break;
            lo = hi;
            hi *= 2;
        }
        long[] counts = new long[bounds.size()];
        for (HistogramIterationValue v : h.recordedValues()) {
            long value = v.getValueIteratedTo();
            for (int i = 0; i < bounds.size(); i++) {
                if (value < bounds.get(i)[1] || i == bounds.size() - 1) {
                    counts[i] += v.getCountAtValueIteratedTo();
                    break;
                }
            }
        }
        int first = 0;
        while (first < counts.length - 1 && counts[first] == 0) first++;
        for (int i = first; i < bounds.size(); i++) out.add(new Bucket(bounds.get(i)[0], bounds.get(i)[1], counts[i]));
        return out;
    }

    /** The buckets as text bars, one line each. */
    public static String render(String title, Histogram h) {
        List<Bucket> b = buckets(h);
        if (b.isEmpty()) return "";
        long peak = b.stream().mapToLong(Bucket::count).max().orElse(1);
        StringBuilder sb = new StringBuilder(title).append(System.lineSeparator());
        for (Bucket x : b) {
            int bar = (int) Math.round(40.0 * x.count() / peak);
            sb.append(String.format(Locale.ROOT, "  %9s – %-9s %9d  %s%n", Format.latency(x.fromNanos()),
                    Format.latency(x.toNanos()), x.count(), "#".repeat(bar)));
        }
        return sb.toString();
    }
}
