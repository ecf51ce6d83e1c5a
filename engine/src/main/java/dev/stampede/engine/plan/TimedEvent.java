package dev.stampede.engine.plan;

import java.time.Duration;
import java.util.Objects;

/** Something that happens once at a point of the run: {@code at(30.seconds) { log 'halfway' }}. */
public record TimedEvent(Duration at, String name, UserCode action) {

    public TimedEvent {
        Objects.requireNonNull(at, "at");
        if (at.isNegative()) throw new IllegalArgumentException("at needs a time >= 0 (got " + at + ")");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(action, "action");
    }
}
