package dev.stampede.engine.result;

import dev.stampede.engine.metrics.LatencyStats;
import org.HdrHistogram.Histogram;

import java.util.Map;
import java.util.TreeMap;

/**
 * One operation over the whole run.
 *
 * @param name          operation name
 * @param count         successes
 * @param errors        failures
 * @param ratePerSecond successes per second of run time
 * @param latency       figures from the full-run histogram (every sample, not a window)
 * @param errorsByKind  failures by SQLSTATE or kind
 * @param histogram     the full-run histogram (read-only)
 * @param service       open model only: service time (from the actual start), else EMPTY
 * @param rows          write operations: rows written
 * @param bytes         write operations: payload bytes sent
 */
public record OperationTotals(String name, long count, long errors, double ratePerSecond, LatencyStats latency,
                              Map<String, Long> errorsByKind, Histogram histogram, LatencyStats service,
                              long rows, long bytes) {

    public OperationTotals(String name, long count, long errors, double ratePerSecond, LatencyStats latency,
                           Map<String, Long> errorsByKind, Histogram histogram) {
        this(name, count, errors, ratePerSecond, latency, errorsByKind, histogram, LatencyStats.EMPTY, 0, 0);
    }


    public OperationTotals {
        errorsByKind = java.util.Collections.unmodifiableMap(new TreeMap<>(errorsByKind));
        service = service == null ? LatencyStats.EMPTY : service;
    }

    /** Without the histogram's bucket dump. */
    @Override
    public String toString() {
        return "OperationTotals[" + name + ", count=" + count + ", errors=" + errors + ", rate=" + ratePerSecond
                + ", latency=" + latency + ", errorsByKind=" + errorsByKind + ", rows=" + rows + "]";
    }

    /** Failures as a fraction of attempts (successes + failures); 0 when nothing was attempted. */
    public double errorRate() {
        long attempts = count + errors;
        return attempts == 0 ? 0 : (double) errors / attempts;
    }
}
