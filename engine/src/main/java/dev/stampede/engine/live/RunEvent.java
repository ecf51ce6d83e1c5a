package dev.stampede.engine.live;

import java.time.Duration;
import java.util.Objects;

/**
 * Something that happened during a run and explains its numbers: a stage change, an {@code at()} event,
 * a warning, a threshold abort, a pause or a live change of a group's workers or rate.
 *
 * @param at   run time when it happened (from the run's start, set-up included)
 * @param kind one word: {@code stage}, {@code event}, {@code warning}, {@code abort}, {@code pause},
 *             {@code resume}, {@code control}
 * @param text one line for people
 */
public record RunEvent(Duration at, String kind, String text) {

    public RunEvent {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(text, "text");
    }

    /** Whether a person changed the run by hand (pause, resume, +/-): those are marked in results. */
    public boolean isControl() {
        return kind.equals("pause") || kind.equals("resume") || kind.equals("control");
    }
}
