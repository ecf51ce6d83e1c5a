package dev.stampede.engine.metrics;

import org.HdrHistogram.Histogram;

import java.util.Map;
import java.util.TreeMap;

/**
 * One operation in one interval, plus its totals since the run started.
 *
 * @param name          operation name
 * @param count         successes in this interval
 * @param errors        failures in this interval
 * @param ratePerSecond successes per second in this interval
 * @param latency       this interval's latencies
 * @param totalCount    successes since the start
 * @param totalErrors   failures since the start
 * @param totalLatency  all latencies since the start
 * @param errorsByKind  failures since the start by SQLSTATE or kind
 * @param interval      this interval's histogram; shared read-only, never mutate it
 * @param service       open model only: this interval's service times (from the actual start), else EMPTY
 * @param totalService  open model only: all service times since the start, else EMPTY
 * @param rows          write operations: rows written in this interval
 * @param bytes         write operations: payload bytes sent in this interval
 * @param inFlight      operations of this name running at the end of the interval
 * @param cumulative    all latencies since the start; shared read-only, never mutate it (empty when not kept)
 */
public record OperationSnapshot(String name, long count, long errors, double ratePerSecond, LatencyStats latency,
                                long totalCount, long totalErrors, LatencyStats totalLatency,
                                Map<String, Long> errorsByKind, Histogram interval,
                                LatencyStats service, LatencyStats totalService, long rows, long bytes,
                                long inFlight, Histogram cumulative) {

    private static final Histogram NONE = new Histogram(1, 2, 0);

    /** Without the cumulative histogram. */
    public OperationSnapshot(String name, long count, long errors, double ratePerSecond, LatencyStats latency,
                             long totalCount, long totalErrors, LatencyStats totalLatency,
                             Map<String, Long> errorsByKind, Histogram interval,
                             LatencyStats service, LatencyStats totalService, long rows, long bytes, long inFlight) {
        this(name, count, errors, ratePerSecond, latency, totalCount, totalErrors, totalLatency, errorsByKind, interval,
                service, totalService, rows, bytes, inFlight, NONE);
    }

    /** A closed-model snapshot: no service times. */
    public OperationSnapshot(String name, long count, long errors, double ratePerSecond, LatencyStats latency,
                             long totalCount, long totalErrors, LatencyStats totalLatency,
                             Map<String, Long> errorsByKind, Histogram interval) {
        this(name, count, errors, ratePerSecond, latency, totalCount, totalErrors, totalLatency, errorsByKind, interval,
                LatencyStats.EMPTY, LatencyStats.EMPTY, 0, 0, 0);
    }

    public OperationSnapshot {
        errorsByKind = java.util.Collections.unmodifiableMap(new TreeMap<>(errorsByKind));
        if (cumulative == null) cumulative = NONE;
    }
}
