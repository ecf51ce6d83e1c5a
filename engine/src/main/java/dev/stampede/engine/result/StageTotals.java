package dev.stampede.engine.result;

import dev.stampede.engine.metrics.LatencyStats;

import java.time.Duration;
import java.util.List;

/**
 * One stage's own figures (a sweep prints one row per stage: workers, conn/s, p50, p99).
 *
 * @param stage      stage name
 * @param elapsed    how long it ran
 * @param workers    the workers (or max workers / connections) its groups had
 * @param operations per operation: count, errors, rate and latency within this stage only
 */
public record StageTotals(String stage, Duration elapsed, int workers, List<Operation> operations) {

    public StageTotals {
        operations = List.copyOf(operations);
    }

    /** One operation within one stage. */
    public record Operation(String name, long count, long errors, double ratePerSecond, LatencyStats latency) {
    }
}
