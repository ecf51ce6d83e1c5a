package dev.stampede.tui;

import dev.stampede.engine.metrics.IntervalSnapshot;
import dev.stampede.engine.metrics.OperationSnapshot;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The last {@link #CAPACITY} intervals in the few numbers the charts draw (rate, p99 and errors per
 * operation, the stage and whether the load was paused), so the dashboard keeps minutes of history
 * without keeping the snapshots' histograms. Immutable: {@link #add} returns a new history.
 *
 * @param ticks oldest first
 */
record History(List<Tick> ticks) {

    static final int CAPACITY = 300;
    static final History EMPTY = new History(List.of());

    /** One interval: when it ended, its stage, and each operation's point. */
    record Tick(Duration elapsed, int stageNumber, boolean paused, Map<String, Point> points) {
    }

    /** One operation in one interval; {@code p99} in ns, -1 when nothing succeeded. */
    record Point(double rate, long p99, long errors) {
    }

    History {
        ticks = List.copyOf(ticks);
    }

    History add(IntervalSnapshot s) {
        Map<String, Point> points = new HashMap<>();
        for (OperationSnapshot o : s.operations()) {
            points.put(o.name(), new Point(o.ratePerSecond(), o.count() == 0 ? -1 : o.latency().p99(), o.errors()));
        }
        List<Tick> next = new ArrayList<>(ticks.size() + 1);
        next.addAll(ticks.size() >= CAPACITY ? ticks.subList(ticks.size() - CAPACITY + 1, ticks.size()) : ticks);
        next.add(new Tick(s.elapsed(), s.live().stageNumber(), s.live().paused(), points));
        return new History(next);
    }
}
