package dev.stampede.dsl;

import dev.stampede.engine.plan.Value;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.random.RandomGenerator;
import java.util.stream.Collectors;

/**
 * {@code random}: values drawn afresh for every use from the worker's own generator —
 * {@code random.between(1, 10_000)}, {@code random.between(50.ms, 150.ms)}, {@code random.text(1.kb)},
 * {@code random.uuid()}, {@code random.pick(['a', 'b'])}.
 *
 * <p>The builder lives only while the script runs (not thread-safe); the {@link Value} records it
 * returns are immutable and thread-safe, and compare equal when written alike.
 */
public final class RandomWords extends Block {

    /** Longest text {@code random.text} and {@code fake.text} make: 16 MB. */
    static final int MAX_TEXT = 16 * 1024 * 1024;

    RandomWords(ScenarioBuilder root, Diagnostics diag) {
        super(root, diag);
    }

    @Override
    String describe() {
        return "random";
    }

    /**
     * A uniform draw between {@code min} and {@code max}, both included: two whole numbers, two
     * numbers, or two durations.
     */
    public Value between(Object min, Object max) {
        if (isWhole(min) && isWhole(max)) {
            long a = ((Number) min).longValue(), b = ((Number) max).longValue();
            if (a > b) return reversed(min, max);
            return new Between(a, b);
        }
        if (min instanceof Number a && max instanceof Number b) {
            if (a.doubleValue() > b.doubleValue()) return reversed(min, max);
            return new Decimal(a.doubleValue(), b.doubleValue());
        }
        if (min instanceof Duration a && max instanceof Duration b) {
            if (a.isNegative() || Units.problem(a, true) != null || Units.problem(b, true) != null) {
                diag.report("between", "random.between needs durations from 0 or 1ms up to " + Units.text(Units.MAX_DURATION)
                        + " (got " + argsText(new Object[]{min, max}) + ")");
                return null;
            }
            if (a.compareTo(b) > 0) return reversed(min, max);
            return new Span(a, b);
        }
        diag.report("between", "random.between needs two whole numbers, two numbers or two durations (got "
                + argsText(new Object[]{min, max}) + ")");
        return null;
    }

    private Value reversed(Object min, Object max) {
        diag.report("between", "random.between needs min <= max (got " + argsText(new Object[]{min, max}) + ")");
        return null;
    }

    /** Random letters, digits, {@code -} and {@code _}, {@code length} characters: {@code random.text(1.kb)}. */
    public Value text(Object length) {
        Integer n = length(diag, "random.text", length);
        return n == null ? null : new Text(n);
    }

    static Integer length(Diagnostics diag, String word, Object length) {
        if (isWhole(length) && ((Number) length).longValue() >= 1 && ((Number) length).longValue() <= MAX_TEXT) {
            return ((Number) length).intValue();
        }
        diag.report("text", word + " needs a length between 1 and " + MAX_TEXT + " like 1.kb (got " + valueText(length) + ")");
        return null;
    }

    /** A random (version 4) UUID. */
    public Value uuid() {
        return new Uuid();
    }

    /** One of {@code choices}, each as likely: {@code random.pick(['a', 'b'])}. */
    public Value pick(List<?> choices) {
        if (choices == null || choices.isEmpty()) {
            diag.report("pick", "random.pick needs at least one choice (got " + valueText(choices) + ")");
            return null;
        }
        return new Pick(new ArrayList<>(choices));
    }

    /** The same, written {@code random.pick('a', 'b')}. */
    public Value pick(Object... choices) {
        return pick(Arrays.asList(choices));
    }

    /** A whole number in {@code min..max}: an Integer when both fit in one, else a Long. */
    public record Between(long min, long max) implements Value {
        @Override
        public Object next(RandomGenerator random) {
            long v = max == Long.MAX_VALUE ? random.nextLong(min, max) : random.nextLong(min, max + 1);
            return min >= Integer.MIN_VALUE && max <= Integer.MAX_VALUE ? (Object) (int) v : (Object) v;
        }

        @Override
        public String toString() {
            return "random.between(" + min + ", " + max + ")";
        }
    }

    /** A double in {@code min..max}. */
    public record Decimal(double min, double max) implements Value {
        @Override
        public Object next(RandomGenerator random) {
            return min == max ? min : random.nextDouble(min, Math.nextUp(max));
        }

        @Override
        public String toString() {
            return "random.between(" + Numbers.text(min) + ", " + Numbers.text(max) + ")";
        }
    }

    /** A duration in {@code min..max}, to the nanosecond. */
    public record Span(Duration min, Duration max) implements Value {
        @Override
        public Object next(RandomGenerator random) {
            long a = min.toNanos(), b = max.toNanos();
            return Duration.ofNanos(a == b ? a : random.nextLong(a, b + 1));
        }

        @Override
        public String toString() {
            return "random.between(" + Units.text(min) + ", " + Units.text(max) + ")";
        }
    }

    /** {@code length} random letters, digits, {@code -} and {@code _} ({@link dev.stampede.engine.plan.RandomText}). */
    public record Text(int length) implements Value {
        @Override
        public Object next(RandomGenerator random) {
            return dev.stampede.engine.plan.RandomText.of(random, length);
        }

        /** The same text, handed to {@code sink} as bytes: no String is made (COPY's rows). */
        @Override
        public void next(RandomGenerator random, dev.stampede.engine.plan.ValueSink sink) {
            dev.stampede.engine.plan.RandomText.into(random, length, sink);
        }

        @Override
        public String toString() {
            return "random.text(" + length + ")";
        }
    }

    /** A version 4 UUID from the worker's generator. */
    public record Uuid() implements Value {
        @Override
        public Object next(RandomGenerator random) {
            long hi = (random.nextLong() & ~0xF000L) | 0x4000L;
            long lo = (random.nextLong() & ~(0xC000L << 48)) | (0x8000L << 48);
            return new UUID(hi, lo);
        }

        @Override
        public String toString() {
            return "random.uuid()";
        }
    }

    /** One of {@code choices}, uniformly. */
    public record Pick(List<Object> choices) implements Value {
        public Pick {
            choices = Collections.unmodifiableList(new ArrayList<>(choices));
            if (choices.isEmpty()) throw new IllegalArgumentException("random.pick needs at least one choice");
        }

        @Override
        public Object next(RandomGenerator random) {
            return choices.get(random.nextInt(choices.size()));
        }

        @Override
        public String toString() {
            return "random.pick(" + choices.stream().map(Block::valueText).collect(Collectors.joining(", ")) + ")";
        }
    }
}
