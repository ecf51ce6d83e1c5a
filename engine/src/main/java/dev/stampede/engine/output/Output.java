package dev.stampede.engine.output;

import dev.stampede.engine.metrics.IntervalSnapshot;
import dev.stampede.engine.result.RunHeader;
import dev.stampede.engine.result.RunSummary;

/**
 * Something that consumes a run's snapshots: the dashboard, the line printer, result files.
 *
 * <p>Contract: all three calls come from the run's single ticker thread, in order
 * {@code start}, {@code interval}*, {@code end}. An output must return quickly (no network, no
 * waiting on a user) so measurements keep their cadence; a failing output is logged and skipped,
 * never allowed to stop the run.
 */
public interface Output {

    default void start(RunHeader header) {
    }

    void interval(IntervalSnapshot snapshot);

    default void end(RunSummary summary) {
    }
}
