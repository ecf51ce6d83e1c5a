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
 *
 * <p>Outputs that write result files are called before the others ({@link #writesFiles()}), so once a
 * console line or the dashboard shows an interval, that interval is already on disk (a run killed
 * with {@code kill -9} right after keeps what the user saw).
 */
public interface Output {

    /** True for outputs that write result files: the run calls them first, every time. */
    default boolean writesFiles() {
        return false;
    }

    default void start(RunHeader header) {
    }

    void interval(IntervalSnapshot snapshot);

    default void end(RunSummary summary) {
    }
}
