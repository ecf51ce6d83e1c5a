package dev.stampede.engine.plan;

import java.util.Objects;
import java.util.stream.Stream;

/** Think time inside an iteration; {@code duration} draws a {@link java.time.Duration} each time. */
public record Pause(Value duration) implements Step {

    public Pause {
        Objects.requireNonNull(duration, "duration");
    }

    @Override
    public Stream<String> operationNames() {
        return Stream.empty();
    }

    @Override
    public Family family() {
        return Family.ANY;
    }
}
