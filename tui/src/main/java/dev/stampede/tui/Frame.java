package dev.stampede.tui;

import dev.stampede.engine.live.LiveStatus;
import dev.stampede.engine.metrics.IntervalSnapshot;
import dev.stampede.engine.result.RunHeader;

import java.util.Objects;
import java.util.Optional;

/**
 * Everything one drawing of the dashboard shows, gathered by the drawing thread and handed to the pure
 * {@link DashboardView}. Immutable.
 *
 * @param header   the run's plan, target and start
 * @param latest   the latest interval, or null before the first one
 * @param history  the recent intervals, for the charts
 * @param live     the run-level state now (the latest snapshot's, with state, pause and events as of now)
 * @param view     what the person chose to look at
 * @param stopping why the run is stopping, once a stop was asked for
 * @param color    false under {@code NO_COLOR}: meaning is kept by words and styles only
 */
record Frame(RunHeader header, IntervalSnapshot latest, History history, LiveStatus live, ViewState view,
             Optional<String> stopping, boolean color) {

    Frame {
        Objects.requireNonNull(header, "header");
        Objects.requireNonNull(history, "history");
        Objects.requireNonNull(live, "live");
        Objects.requireNonNull(view, "view");
        Objects.requireNonNull(stopping, "stopping");
    }
}
