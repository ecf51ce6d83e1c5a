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
 */
public record OperationSnapshot(String name, long count, long errors, double ratePerSecond, LatencyStats latency,
                                long totalCount, long totalErrors, LatencyStats totalLatency,
                                Map<String, Long> errorsByKind, Histogram interval) {

    public OperationSnapshot {
        errorsByKind = java.util.Collections.unmodifiableMap(new TreeMap<>(errorsByKind));
    }
}
