package dev.stampede.engine.metrics;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * An HdrHistogram {@link Recorder} split into a few stripes, a writer picking its stripe by thread id,
 * so that workers running at once on different cores do not all increment the same counters: with one
 * recorder, every recorded value is six atomic updates of cache lines shared by every worker (the
 * recorder's phaser, the histogram's phaser, its bucket and its total), and on a 2-core machine that
 * sharing doubled the engine's CPU per operation.
 *
 * <p>Concurrency contract:
 * <ol>
 *   <li>{@link #record(long)} may be called by any number of threads at once and is wait-free once its
 *       stripe exists (the first value of a stripe creates it, lock-free).</li>
 *   <li>{@link #swap(Histogram)} is for the single reader; each stripe's swap is the recorder's own, so a
 *       value recorded concurrently with a swap lands in exactly one interval.</li>
 *   <li>Memory is bounded at construction: at most {@link #STRIPES} recorders, made on first use, whatever
 *       the run's length; a stripe no thread wrote to costs nothing.</li>
 * </ol>
 */
final class StripedRecorder {

    /** Stripes: the processors rounded up to a power of two, at most 4 (each stripe is a full-range recorder). */
    static final int STRIPES = Math.min(4, Integer.highestOneBit(Math.max(1, Runtime.getRuntime().availableProcessors() * 2 - 1)));

    private final long highest;
    private final int digits;
    private final AtomicReferenceArray<Recorder> stripes = new AtomicReferenceArray<>(STRIPES);
    /** Reader only: each stripe's last interval histogram, recycled at its next swap. */
    private final Histogram[] recycled = new Histogram[STRIPES];
    /** Reader only: when the current interval started (epoch ms): construction, then each swap. */
    private long since = System.currentTimeMillis();

    StripedRecorder(long highest, int digits) {
        this.highest = highest;
        this.digits = digits;
    }

    /** Records {@code value} (already within 1..highest). */
    void record(long value) {
        int i = (int) Thread.currentThread().threadId() & (STRIPES - 1);
        Recorder r = stripes.getPlain(i);
        if (r == null) r = stripe(i);
        r.recordValue(value);
    }

    private Recorder stripe(int i) {
        Recorder r = stripes.get(i);
        if (r != null) return r;
        Recorder made = new Recorder(1, highest, digits);
        return stripes.compareAndSet(i, null, made) ? made : stripes.get(i);
    }

    /**
     * Reader only: the values recorded since the last swap, summed over the stripes into {@code into}
     * (reset first; a new histogram when null), timed from the previous swap (or construction) to now.
     */
    Histogram swap(Histogram into) {
        Histogram out = into != null ? into : new Histogram(1, highest, digits);
        out.reset();
        for (int i = 0; i < STRIPES; i++) {
            Recorder r = stripes.get(i);
            if (r == null) continue;
            Histogram h = r.getIntervalHistogram(recycled[i]);
            recycled[i] = h;
            out.add(h);
        }
        long now = System.currentTimeMillis();
        out.setStartTimeStamp(since);
        out.setEndTimeStamp(now);
        since = now;
        return out;
    }
}
