package dev.stampede.engine.metrics;

import org.HdrHistogram.Histogram;

import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * The writer side of one operation's measurements: latencies into striped HdrHistogram recorders
 * ({@link StripedRecorder}), failures into counters by kind.
 *
 * <p>Concurrency contract:
 * <ol>
 *   <li>{@link #record(long)} and {@link #recordError(String)} may be called by any number of worker
 *       threads at once; {@code record} is wait-free (lock-free the first time a stripe is used),
 *       {@code recordError} lock-free; {@link #started()}/{@link #ended()} are LongAdder updates, so
 *       {@link #inFlight()} is a gauge, not an atomic snapshot.</li>
 *   <li>{@link #swapInterval(Histogram)} and {@link #errorCounts()} are for the single reader (the
 *       run's ticker); a latency recorded concurrently with a swap lands in exactly one interval.</li>
 *   <li>Memory is bounded at construction, whatever the run's length.</li>
 * </ol>
 */
public final class OperationMeter {

    private final String name;
    private final StripedRecorder recorder;
    /** Service time (from the actual start) in the open model, made at its first value; response time goes to {@link #recorder}. */
    private volatile StripedRecorder service;
    private final int digits;
    private final long highest;
    private final LongAdder clamped = new LongAdder();
    private final ConcurrentHashMap<String, LongAdder> errors = new ConcurrentHashMap<>();
    private final LongAdder rows = new LongAdder();
    /** Started less ended: a LongAdder, as every operation's start and end change it from every worker. */
    private final LongAdder inFlight = new LongAdder();
    private final LongAdder bytes = new LongAdder();

    private final java.util.concurrent.ConcurrentHashMap<String, String> samples = new java.util.concurrent.ConcurrentHashMap<>();

    public OperationMeter(String name, long highestNanos, int significantDigits) {
        this.name = Objects.requireNonNull(name);
        this.highest = highestNanos;
        this.digits = significantDigits;
        this.recorder = new StripedRecorder(highestNanos, significantDigits);
    }

    public String name() {
        return name;
    }

    /** Records one successful operation that took {@code nanos}; values above the range are clamped. */
    public void record(long nanos) {
        if (nanos > highest) {
            clamped.increment();
            nanos = highest;
        }
        recorder.record(Math.max(1, nanos));
    }

    /**
     * Records one successful operation of the open model: {@code responseNanos} from its intended start
     * (what a user waiting on the schedule sees) and {@code serviceNanos} from its actual start.
     */
    public void record(long responseNanos, long serviceNanos) {
        record(responseNanos);
        StripedRecorder s = service;
        if (s == null) s = serviceRecorder();
        s.record(Math.max(1, Math.min(serviceNanos, highest)));
    }

    private synchronized StripedRecorder serviceRecorder() {
        if (service == null) service = new StripedRecorder(highest, digits);
        return service;
    }

    /** An operation of this name started (pair with {@link #ended()}). */
    public void started() {
        inFlight.increment();
    }

    /** An operation of this name ended, successfully or not. */
    public void ended() {
        inFlight.decrement();
    }

    /** Operations of this name running now. */
    public long inFlight() {
        return inFlight.sum();
    }

    /** Counts rows written and payload bytes sent by one successful write operation. */
    public void recordWritten(long rowCount, long byteCount) {
        rows.add(rowCount);
        bytes.add(byteCount);
    }

    /** Rows written so far (cumulative). */
    long rows() {
        return rows.sum();
    }

    /** Payload bytes sent so far (cumulative). */
    long bytes() {
        return bytes.sum();
    }

    /** Reader only: service times since the last swap, or null when this operation never had any. */
    Histogram swapService(Histogram recycled) {
        StripedRecorder s = service;
        return s == null ? null : s.swap(recycled);
    }

    /** Records one failed operation of {@code kind} (a SQLSTATE or a kind from {@link ErrorKinds}). */
    public void recordError(String kind) {
        errors.computeIfAbsent(kind, k -> new LongAdder()).increment();
    }

    /**
     * Records one failed operation and keeps the first failure of each kind as an example (its message,
     * and for user code the scenario line), so the summary says what {@code NullPointerException 544} was.
     */
    public void recordError(String kind, Throwable cause) {
        recordError(kind);
        if (!samples.containsKey(kind)) samples.putIfAbsent(kind, ErrorKinds.sample(cause));
    }

    public boolean hasSample(String kind) {
        return samples.containsKey(kind);
    }

    /** Keeps {@code text} as the example of {@code kind} unless one is kept already. */
    public void sample(String kind, String text) {
        samples.putIfAbsent(kind, text);
    }

    /** The first failure of each kind, as one line. */
    public Map<String, String> samples() {
        return new java.util.TreeMap<>(samples);
    }

    /** Reader only: the latencies since the last swap; {@code recycled} is the histogram the previous call returned, or null. */
    Histogram swapInterval(Histogram recycled) {
        return recorder.swap(recycled);
    }

    /** Failures by kind so far (any thread; a consistent-enough view for progress lines). */
    public Map<String, Long> errorCountsNow() {
        return errorCounts();
    }

    /** Reader only: cumulative failures by kind so far. */
    Map<String, Long> errorCounts() {
        Map<String, Long> out = new java.util.TreeMap<>();
        errors.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }

    /** How many latencies were above the histogram's range and recorded as its highest value. */
    public long clampedCount() {
        return clamped.sum();
    }
}
