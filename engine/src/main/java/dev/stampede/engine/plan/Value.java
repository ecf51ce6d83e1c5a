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
