package dev.stampede.engine.metrics;

import org.HdrHistogram.AtomicHistogram;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.WriterReaderPhaser;

import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * What an HdrHistogram {@code Recorder} does, split into a few stripes, a writer picking its stripe by
 * thread id, so that workers running at once on different cores do not all increment the same
 * counters, and with fewer atomic updates per value: a {@code Recorder} costs six (its phaser, its
 * auto-resizing {@code ConcurrentHistogram}'s own phaser, the bucket and the total) on cache lines
 * shared by every worker, and on a 2-core machine that sharing doubled the engine's CPU per operation.
 * A stripe is a {@link WriterReaderPhaser} over two fixed-range {@link AtomicHistogram}s (active and
 * inactive): four atomic updates per value, on the stripe's own lines.
 *
 * <p>Concurrency contract:
 * <ol>
 *   <li>{@link #record(long)} may be called by any number of threads at once and is wait-free once its
 *       stripe exists (the first value of a stripe creates it, lock-free).</li>
 *   <li>{@link #swap(Histogram)} is for the single reader; it flips each stripe's phaser (the Recorder's
 *       own scheme), so a value recorded concurrently with a swap lands in exactly one interval.</li>
 *   <li>Memory is bounded at construction: at most {@link #STRIPES} stripes of two histograms, made on
 *       first use, whatever the run's length; a stripe no thread wrote to costs nothing.</li>
 * </ol>
 */
final class StripedRecorder {

    /** Stripes: the processors rounded up to a power of two, at most 4 (each stripe is two full-range histograms). */
    static final int STRIPES = Math.min(4, Integer.highestOneBit(Math.max(1, Runtime.getRuntime().availableProcessors() * 2 - 1)));

    private final long highest;
    private final int digits;
    private final AtomicReferenceArray<Stripe> stripes = new AtomicReferenceArray<>(STRIPES);
    /** Reader only: when the current interval started (epoch ms): construction, then each swap. */
    private long since = System.currentTimeMillis();

    StripedRecorder(long highest, int digits) {
        this.highest = highest;
        this.digits = digits;
    }

    /** Records {@code value} (already within 1..highest). */
    void record(long value) {
        int i = (int) Thread.currentThread().threadId() & (STRIPES - 1);
        Stripe s = stripes.getAcquire(i);
        if (s == null) s = stripe(i);
        long c = s.phaser.writerCriticalSectionEnter();
        try {
            s.active.recordValue(value);
        } finally {
            s.phaser.writerCriticalSectionExit(c);
        }
    }

    private Stripe stripe(int i) {
        Stripe s = stripes.get(i);
        if (s != null) return s;
        Stripe made = new Stripe(highest, digits);
        return stripes.compareAndSet(i, null, made) ? made : stripes.get(i);
    }

    private static final class Stripe {
        final WriterReaderPhaser phaser = new WriterReaderPhaser();
        /** Written by writers inside the phaser's critical section; swapped by the reader. */
        volatile AtomicHistogram active;
        /** Reader only: the histogram of the interval last closed, recycled at the next swap. */
        AtomicHistogram inactive;

        Stripe(long highest, int digits) {
            active = new AtomicHistogram(1, highest, digits);
            inactive = new AtomicHistogram(1, highest, digits);
        }

        /** Reader only: closes this stripe's interval; its values are then in {@link #inactive}. */
        void flip() {
            phaser.readerLock();
            try {
                AtomicHistogram closed = active;
                inactive.reset();
                active = inactive;
                phaser.flipPhase();
                inactive = closed;
            } finally {
                phaser.readerUnlock();
            }
        }
    }

    /**
     * Reader only: the values recorded since the last swap, summed over the stripes into {@code into}
     * (reset first; a new histogram when null), timed from the previous swap (or construction) to now.
     */
    Histogram swap(Histogram into) {
        Histogram out = into != null ? into : new Histogram(1, highest, digits);
        out.reset();
        for (int i = 0; i < STRIPES; i++) {
            Stripe s = stripes.get(i);
            if (s == null) continue;
            s.flip();
            out.add(s.inactive);
        }
        long now = System.currentTimeMillis();
        out.setStartTimeStamp(since);
        out.setEndTimeStamp(now);
        since = now;
        return out;
    }
}
