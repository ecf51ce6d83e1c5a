package dev.stampede.engine.plan;

import java.util.random.RandomGenerator;

/**
 * A value a step uses, drawn afresh for every use: a constant, {@code random.between(1, 10_000)},
 * {@code fake.person()} … The DSL builds these; the engine only calls {@link #next}.
 *
 * <p>Implementations must be thread-safe: all workers of a group share one instance, each passing
 * its own generator.
 */
@FunctionalInterface
public interface Value {

    Object next(RandomGenerator random);

    /**
     * Draws the next value into {@code sink}. By default {@code sink.value(next(random))}; a value that
     * knows its bytes (random text) hands them over instead, without a String in between. Either way it
     * is one draw, of the same kind of value.
     */
    default void next(RandomGenerator random, ValueSink sink) {
        sink.value(next(random));
    }

    /**
     * For a value whose draws are rows ({@code Object[]}, a {@link Row}'s values): draws one row into
     * {@code sink}, one {@code sink} call per column in column order. By default from {@link #next};
     * rows made of other values ({@code fake.person(data: random.text(1.kb))}) pass each one through
     * {@link #next(RandomGenerator, ValueSink)}.
     */
    default void nextRow(RandomGenerator random, ValueSink sink) {
        for (Object v : (Object[]) next(random)) sink.value(v);
    }

    /** A value that is always {@code constant}. */
    static Value of(Object constant) {
        return new Constant(constant);
    }

    /** A constant, kept as a record so plans compare equal and print their value. */
    record Constant(Object value) implements Value {
        @Override
        public Object next(RandomGenerator random) {
            return value;
        }

        @Override
        public String toString() {
            return String.valueOf(value);
        }
    }
}
