package dev.stampede.engine.plan;

import java.util.Objects;
import java.util.stream.Stream;

/** Any user code, timed under a name: {@code timed('checkout') { … }}. */
public record Timed(String operation, UserCode code) implements Step {

    public Timed {
        Objects.requireNonNull(operation, "operation");
        Objects.requireNonNull(code, "code");
    }

    @Override
    public Stream<String> operationNames() {
        return Stream.of(operation);
    }

    @Override
    public Family family() {
        return Family.ANY;
    }
}
