package dev.stampede.engine.metrics;

import org.HdrHistogram.Histogram;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * All of a run's {@link OperationMeter}s and the single reader that turns them into snapshots.
 *
 * <p>Concurrency contract:
 * <ol>
 *   <li>{@link #meter(String)} may be called from any thread; the same name always gives the same meter.</li>
 *   <li>{@link #snapshot} is called by one thread at a time (the run's ticker); it owns the cumulative
 *       histograms, so their memory is fixed: two interval and one cumulative histogram per operation.</li>
 * </ol>
 */
public final class Metrics {

    private final long highestNanos;
    private final int digits;
    private final ConcurrentHashMap<String, OperationMeter> meters = new ConcurrentHashMap<>();
    private final List<String> order = new java.util.concurrent.CopyOnWriteArrayList<>();
    /** Reader-owned state per operation. */
    private final Map<String, ReaderState> reader = new LinkedHashMap<>();
    private int index;

    public Metrics(Duration highest, int significantDigits, List<String> operations) {
        this.highestNanos = highest.toNanos();
        this.digits = significantDigits;
        operations.forEach(this::meter);
    }

    public OperationMeter meter(String name) {
        return meters.computeIfAbsent(name, n -> {
            order.add(n);
            return new OperationMeter(n, highestNanos, digits);
        });
    }

    /** The first failure of each kind of operation {@code name} (empty when it never failed). */
    public Map<String, String> errorSamples(String name) {
        OperationMeter m = meters.get(name);
        return m == null ? Map.of() : m.samples();
    }

    /** The first failure of each kind, over every operation (the first operation to see a kind wins). */
    public Map<String, String> errorSamples() {
        Map<String, String> all = new java.util.TreeMap<>();
        for (String name : order) meters.get(name).samples().forEach(all::putIfAbsent);
        return all;
    }

    /**
     * The HdrHistogram log tag of an operation (see {@code LatencyLogOutput}): its name with every
     * character other than an ASCII letter, a digit, {@code _}, {@code -} or {@code .} replaced by {@code _}.
     */
    public static String logTag(String operation) {
        StringBuilder sb = new StringBuilder(operation.length());
        for (int i = 0; i < operation.length(); i++) {
            char c = operation.charAt(i);
            boolean ok = c < 128 && (Character.isLetterOrDigit(c) || c == '_' || c == '-' || c == '.');
            sb.append(ok ? c : '_');
        }
        return sb.isEmpty() ? "_" : sb.toString();
    }

    public List<String> operationNames() {
        return List.copyOf(order);
    }

    /**
     * Reader only: closes the current interval and returns it.
     *
     * @param elapsed run time now
     * @param length  time under load in the interval being closed (its real length less any paused time):
     *                rates are counts divided by it
     */
    public IntervalSnapshot snapshot(Duration elapsed, Duration length, Duration planned, String stage,
                                     Optional<ServerStatus> server) {
        index++;
        double seconds = Math.max(1e-9, length.toNanos() / 1e9);
        List<OperationSnapshot> ops = new ArrayList<>();
        for (String name : order) {
            OperationMeter m = meters.get(name);
            ReaderState s = reader.computeIfAbsent(name, n -> new ReaderState(highestNanos, digits));
            Histogram interval = m.swapInterval(s.recycled);
            s.recycled = interval;
            s.cumulative.add(interval);
            Map<String, Long> errs = m.errorCounts();
            long totalErrors = errs.values().stream().mapToLong(Long::longValue).sum();
            long intervalErrors = totalErrors - s.lastErrors;
            s.lastErrors = totalErrors;
            Histogram published = interval.copy();
            published.setStartTimeStamp(interval.getStartTimeStamp());
            published.setEndTimeStamp(interval.getEndTimeStamp());
            published.setTag(logTag(name));
            Histogram service = m.swapService(s.recycledService);
            LatencyStats serviceStats = LatencyStats.EMPTY, totalService = LatencyStats.EMPTY;
            if (service != null) {
                s.recycledService = service;
                if (s.cumulativeService == null) s.cumulativeService = new Histogram(1, highestNanos, digits);
                s.cumulativeService.add(service);
                serviceStats = LatencyStats.of(service);
                totalService = LatencyStats.of(s.cumulativeService);
            }
            ops.add(new OperationSnapshot(name, interval.getTotalCount(), intervalErrors,
                    interval.getTotalCount() / seconds, LatencyStats.of(interval),
                    s.cumulative.getTotalCount(), totalErrors, LatencyStats.of(s.cumulative), errs, published,
                    serviceStats, totalService, m.rows() - s.lastRows, m.bytes() - s.lastBytes, m.inFlight(),
                    s.cumulative.copy()));
            s.lastRows = m.rows();
            s.lastBytes = m.bytes();
        }
        return new IntervalSnapshot(index, Instant.now(), elapsed, length, planned, stage, ops, server);
    }

    /** Reader only: a copy of the cumulative histogram of {@code name} (empty if never recorded). */
    public Histogram cumulative(String name) {
        ReaderState s = reader.get(name);
        return s == null ? new Histogram(highestNanos, digits) : s.cumulative.copy();
    }

    /** Reader only: a copy of the cumulative service-time histogram of {@code name}, or null when it has none. */
    public Histogram cumulativeService(String name) {
        ReaderState s = reader.get(name);
        return s == null || s.cumulativeService == null ? null : s.cumulativeService.copy();
    }

    /** Rows and payload bytes written by {@code name} so far: {rows, bytes}. */
    public long[] written(String name) {
        OperationMeter m = meters.get(name);
        return m == null ? new long[2] : new long[]{m.rows(), m.bytes()};
    }

    /** Cumulative failures of {@code name} by kind. */
    public Map<String, Long> errorCounts(String name) {
        OperationMeter m = meters.get(name);
        return m == null ? Map.of() : m.errorCounts();
    }

    private static final class ReaderState {
        final Histogram cumulative;
        Histogram recycled;
        Histogram recycledService;
        Histogram cumulativeService;
        long lastErrors;
        long lastRows;
        long lastBytes;

        ReaderState(long highest, int digits) {
            cumulative = new Histogram(1, highest, digits);
        }
    }
}
