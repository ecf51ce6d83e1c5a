package dev.stampede.engine.plan;

import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * Run one SQL statement with bind parameters on the worker's connection (prepared once per connection).
 *
 * @param operation the name it is recorded under
 * @param text      the statement, with {@code ?} placeholders
 * @param params    one value per placeholder, drawn per execution
 */
public record Sql(String operation, String text, List<Value> params) implements Step {

    public Sql {
        Objects.requireNonNull(operation, "operation");
        Objects.requireNonNull(text, "text");
        if (text.isBlank()) throw new IllegalArgumentException("sql needs a statement");
        params = List.copyOf(params);
    }

    /** The default operation name: the statement's first word, lower-case ({@code select}, {@code insert}). */
    public static String defaultName(String text) {
        String t = text.strip();
        int end = 0;
        while (end < t.length() && Character.isLetter(t.charAt(end))) end++;
        return end == 0 ? "sql" : t.substring(0, end).toLowerCase(java.util.Locale.ROOT);
    }

    @Override
    public Stream<String> operationNames() {
        return Stream.of(operation);
    }
}
