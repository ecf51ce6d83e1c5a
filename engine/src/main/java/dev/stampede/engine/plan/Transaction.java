package dev.stampede.engine.plan;

import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * {@code BEGIN}, the inner steps, {@code COMMIT} on the worker's connection, timed as a whole; inner
 * steps are also timed on their own. Any failure rolls back and counts against the transaction.
 */
public record Transaction(String operation, List<Step> steps) implements Step {

    public Transaction {
        Objects.requireNonNull(operation, "operation");
        steps = List.copyOf(steps);
        if (steps.isEmpty()) throw new IllegalArgumentException("transaction '" + operation + "' has no steps");
    }

    @Override
    public Stream<String> operationNames() {
        return Stream.concat(Stream.of(operation), steps.stream().flatMap(Step::operationNames));
    }
}
