package dev.stampede.engine.plan;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * A generated row: column name → value, in a fixed column order, e.g. {@code fake.person()}.
 * Thread-safe like {@link Value}.
 *
 * @param columns the column names every generated row has, in order
 * @param values  draws one row's values, in {@code columns} order
 */
public record Row(List<String> columns, Value values) {

    public Row {
        columns = List.copyOf(columns);
        if (columns.isEmpty()) throw new IllegalArgumentException("a row needs at least one column");
    }

    /** One row as a map (for user code). */
    public Map<String, Object> next(RandomGenerator random) {
        Object[] v = (Object[]) values.next(random);
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < columns.size(); i++) m.put(columns.get(i), v[i]);
        return m;
    }
}
