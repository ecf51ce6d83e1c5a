package dev.stampede.engine.plan;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Something that happens once at a point of the run: {@code at(30.seconds) { log 'halfway' }}.
 *
 * @param faults the fault words its block calls, as written ({@code failover()}, {@code kill('replica1')}):
 *               such an event needs a target stampede controls, and is dropped when {@code --url}
 *               replaces the scenario's cluster
 */
public record TimedEvent(Duration at, String name, UserCode action, List<String> faults) {

    public TimedEvent {
        Objects.requireNonNull(at, "at");
        if (at.isNegative()) throw new IllegalArgumentException("at needs a time >= 0 (got " + at + ")");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(action, "action");
        faults = faults == null ? List.of() : List.copyOf(faults);
    }

    public TimedEvent(Duration at, String name, UserCode action) {
        this(at, name, action, List.of());
    }

    /** Whether its block injects faults. */
    public boolean injectsFaults() {
        return !faults.isEmpty();
    }
}
