package dev.stampede.dsl;

import dev.stampede.engine.plan.Value;

import java.util.List;
import java.util.random.RandomGenerator;
import java.util.stream.Collectors;

/**
 * The values of a row written as a map, {@code row: [name: fake.name(), score: random.between(1, 100)]}:
 * one draw of each, in column order. Immutable and thread-safe if its values are.
 */
public record RowValues(List<Value> values) implements Value {

    public RowValues {
        values = List.copyOf(values);
    }

    @Override
    public Object next(RandomGenerator random) {
        Object[] row = new Object[values.size()];
        for (int i = 0; i < row.length; i++) row[i] = values.get(i).next(random);
        return row;
    }

    /** Each column's value drawn straight into {@code sink} (no row array; a random text as its bytes). */
    @Override
    public void nextRow(RandomGenerator random, dev.stampede.engine.plan.ValueSink sink) {
        for (Value v : values) v.next(random, sink);
    }

    @Override
    public String toString() {
        return values.stream().map(String::valueOf).collect(Collectors.joining(", ", "(", ")"));
    }
}
