package dev.stampede.engine.plan;

import java.util.Objects;
import java.util.stream.Stream;

/**
 * One multi-row {@code INSERT … VALUES (…), (…) RETURNING id} of {@code rows} generated rows.
 *
 * @param operation name it is recorded under ({@code insert} by default)
 * @param table     target table
 * @param rows      rows per statement, 1..10,000
 * @param row       the row generator (columns and values)
 * @param verify    record the ids the server acknowledged ({@code RETURNING id}) and check after the run
 *                  that every one of them is still there (the table needs a bigint {@code id})
 */
public record InsertBatch(String operation, String table, int rows, Row row, boolean verify) implements Step {

    public InsertBatch(String operation, String table, int rows, Row row) {
        this(operation, table, rows, row, false);
    }

    public InsertBatch {
        Objects.requireNonNull(operation, "operation");
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(row, "row");
        if (rows < 1 || rows > 10_000) throw new IllegalArgumentException("insertBatch rows must be 1..10000 (got " + rows + ")");
    }

    @Override
    public Stream<String> operationNames() {
        return Stream.of(operation);
    }
}
