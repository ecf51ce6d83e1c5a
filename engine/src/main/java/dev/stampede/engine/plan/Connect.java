package dev.stampede.engine.plan;

import java.util.Objects;
import java.util.stream.Stream;

/**
 * Open a new connection, run {@code SELECT 1}, close it; the whole is timed as one operation.
 * The unit of work of the classic connection-churn benchmark ({@code pgbench -C}).
 *
 * @param operation the name it is recorded under, {@code connect} by default
 */
public record Connect(String operation) implements Step {

    public static final String DEFAULT_NAME = "connect";

    public Connect {
        Objects.requireNonNull(operation, "operation");
        if (operation.isBlank()) throw new IllegalArgumentException("operation name must not be blank");
    }

    public Connect() {
        this(DEFAULT_NAME);
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
