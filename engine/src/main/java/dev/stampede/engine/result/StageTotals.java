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
 * @param level      the sweep level the stage was, if it was one
 */
public record StageTotals(String stage, Duration elapsed, int workers, List<Operation> operations,
                          java.util.Optional<dev.stampede.engine.plan.SweepLevel> level) {

    public StageTotals(String stage, Duration elapsed, int workers, List<Operation> operations) {
        this(stage, elapsed, workers, operations, java.util.Optional.empty());
    }

    public StageTotals {
        operations = List.copyOf(operations);
        level = level == null ? java.util.Optional.empty() : level;
    }

    /** One operation within one stage. */
    public record Operation(String name, long count, long errors, double ratePerSecond, LatencyStats latency) {
    }
}
