package dev.stampede.engine.live;

import dev.stampede.engine.plan.ThresholdResult;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The run-level part of an interval snapshot: where the run is (state, stage n of N and its clock), whether
 * it is paused, what happened so far, how the thresholds stand, and the first message of each error kind.
 * Immutable.
 *
 * @param state         the run's state when the snapshot was taken
 * @param stageNumber   1-based number of the current stage
 * @param stageCount    how many stages the plan has
 * @param stageElapsed  time into the current stage
 * @param stageDuration the current stage's planned length
 * @param paused        whether new iterations are held back right now
 * @param pausedTotal   time spent paused so far (left out of rates)
 * @param events        everything that happened so far, oldest first
 * @param thresholds    every {@code expect} line evaluated on the totals so far (NaN actual: no data yet)
 * @param errorSamples  the first message of each error kind (SQLSTATE or kind → one line)
 * @param levels        each running group's current level ({@code 10 workers}, {@code 500/s}), plan order
 * @param settleLeft    while {@link RunState#SETTLING}: what is left of the sweep's pause; else zero
 */
public record LiveStatus(RunState state, int stageNumber, int stageCount, Duration stageElapsed, Duration stageDuration,
                         boolean paused, Duration pausedTotal, List<RunEvent> events, List<ThresholdResult> thresholds,
                         Map<String, String> errorSamples, Map<String, String> levels, Duration settleLeft) {

    /** Nothing known: snapshots made outside a run (specs, benchmarks). */
    public static final LiveStatus NONE = new LiveStatus(RunState.RUNNING, 1, 1, Duration.ZERO, Duration.ZERO, false,
            Duration.ZERO, List.of(), List.of(), Map.of(), Map.of());

    /** Not settling. */
    public LiveStatus(RunState state, int stageNumber, int stageCount, Duration stageElapsed, Duration stageDuration,
                      boolean paused, Duration pausedTotal, List<RunEvent> events, List<ThresholdResult> thresholds,
                      Map<String, String> errorSamples, Map<String, String> levels) {
        this(state, stageNumber, stageCount, stageElapsed, stageDuration, paused, pausedTotal, events, thresholds,
                errorSamples, levels, Duration.ZERO);
    }

    public LiveStatus {
        Objects.requireNonNull(state, "state");
        settleLeft = settleLeft == null ? Duration.ZERO : settleLeft;
        events = List.copyOf(events);
        thresholds = List.copyOf(thresholds);
        errorSamples = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(errorSamples));
        levels = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(levels));
    }
}
