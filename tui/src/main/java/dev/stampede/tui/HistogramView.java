package dev.stampede.tui;

import com.googlecode.lanterna.SGR;
import dev.stampede.engine.metrics.LatencyStats;
import dev.stampede.engine.metrics.OperationSnapshot;
import dev.stampede.engine.output.Format;
import dev.stampede.engine.output.LogHistogram;
import dev.stampede.tui.Canvas.Ink;
import org.HdrHistogram.Histogram;

import java.util.List;
import java.util.Locale;

/**
 * The selected operation's latency histogram: doubling (log) buckets as horizontal bars, every sample
 * counted, the buckets holding p50, p99 and p99.9 marked — the live counterpart of the end summary's
 * histogram. Cumulative since the start, or the last interval's ({@code h}). When there are more buckets
 * than rows, the window keeps the p50 bucket and as much of the tail as fits. Stateless.
 */
final class HistogramView {

    private HistogramView() {
    }

    static void render(Frame f, OperationSnapshot op, Canvas c) {
        if (c.height <= 0 || op == null) return;
        boolean total = f.view().histogramTotal();
        Histogram h = total && op.cumulative().getTotalCount() > 0 ? op.cumulative() : op.interval();
        boolean isTotal = total && op.cumulative().getTotalCount() > 0;
        LatencyStats stats = isTotal ? op.totalLatency() : op.latency();
        String title = String.format(Locale.ROOT, "latency · %s · %s · %d samples", op.name(),
                isTotal ? "cumulative" : "last interval", h.getTotalCount());
        c.put(0, 0, title, Ink.PLAIN, SGR.BOLD);
        List<LogHistogram.Bucket> buckets = LogHistogram.buckets(h);
        if (buckets.isEmpty()) {
            if (c.height > 1) c.put(0, 1, "no samples yet", Ink.DIM);
            return;
        }
        int rows = c.height - 1;
        if (buckets.size() > rows) buckets = buckets.stream().filter(b -> b.count() > 0).toList(); // room for the tail
        int p50 = index(buckets, stats.p50()), p99 = index(buckets, stats.p99()), p999 = index(buckets, stats.p999());
        int first = Math.max(0, Math.min(p50, buckets.size() - rows));
        long peak = buckets.stream().mapToLong(LogHistogram.Bucket::count).max().orElse(1);
        int barWidth = Math.max(1, c.width - 18 - 10 - 24);
        for (int i = 0; i < rows && first + i < buckets.size(); i++) {
            int b = first + i;
            LogHistogram.Bucket x = buckets.get(b);
            String range = String.format(Locale.ROOT, "%8s–%-8s ", Format.latency(x.fromNanos()), Format.latency(x.toNanos()));
            int len = (int) Math.round((double) barWidth * x.count() / peak);
            if (len == 0 && x.count() > 0) len = 1;
            String bar = "█".repeat(len) + " ".repeat(barWidth - len);
            String marks = (b == p50 ? " p50 " + Format.latency(stats.p50()) : "")
                    + (b == p99 ? " p99 " + Format.latency(stats.p99()) : "")
                    + (b == p999 ? " p99.9 " + Format.latency(stats.p999()) : "");
            c.put(0, 1 + i, range);
            c.put(range.length(), 1 + i, bar, b >= p99 ? Ink.WARNING : Ink.ACCENT);
            c.put(range.length() + barWidth, 1 + i, String.format(Locale.ROOT, "%10d", x.count()) + marks,
                    Ink.PLAIN, marks.isEmpty() ? new SGR[0] : new SGR[]{SGR.BOLD});
        }
    }

    /** The bucket holding {@code nanos}. */
    private static int index(List<LogHistogram.Bucket> buckets, long nanos) {
        for (int i = 0; i < buckets.size(); i++) {
            if (nanos < buckets.get(i).toNanos()) return i;
        }
        return buckets.size() - 1;
    }
}
