package dev.stampede.engine.plan;

import java.util.Objects;
import java.util.stream.Stream;

/**
 * {@code COPY table (columns) FROM STDIN} of {@code rows} generated rows: the bulk-load path.
 *
 * @param operation name it is recorded under ({@code copy} by default)
 */
public record Copy(String operation, String table, int rows, Row row) implements Step {

    public Copy {
        Objects.requireNonNull(operation, "operation");
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(row, "row");
        if (rows < 1 || rows > 1_000_000) throw new IllegalArgumentException("copy rows must be 1..1000000 (got " + rows + ")");
    }

    @Override
    public Stream<String> operationNames() {
        return Stream.of(operation);
    }
}
