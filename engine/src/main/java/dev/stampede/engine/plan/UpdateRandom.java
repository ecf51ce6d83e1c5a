package dev.stampede.engine.plan;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * {@code UPDATE table SET … WHERE id = ?} of a random existing row, picked from the id range the run
 * knows (never {@code ORDER BY random()}).
 *
 * @param operation name it is recorded under ({@code update} by default)
 * @param table     target table with a bigint {@code id}
 * @param set       column → value
 */
public record UpdateRandom(String operation, String table, Map<String, Value> set) implements Step {

    public UpdateRandom {
        Objects.requireNonNull(operation, "operation");
        Objects.requireNonNull(table, "table");
        set = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(set));
        if (set.isEmpty()) throw new IllegalArgumentException("updateRandom needs at least one column in set:");
    }

    @Override
    public Stream<String> operationNames() {
        return Stream.of(operation);
    }
}
