package dev.stampede.dsl;

import dev.stampede.engine.plan.ArrivalRate;
import dev.stampede.engine.plan.ClosedLoop;
import dev.stampede.engine.plan.SweepLevel;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The levels of a sweep, from what people write: {@code 1..256} (doubling from the first level, the
 * last always included: 1, 2, 4 … 256; {@code 100..3200} gives 100, 200, 400 … 3200), an explicit list
 * {@code 1,8,32}, or in a scenario a Groovy range {@code 1..256} or list {@code [1, 8, 32]}.
 *
 * <p>Stateless. {@link #parse} throws an {@link IllegalArgumentException} whose message is the one line
 * to show after the flag or {@code file:line:col} that gave the text.
 */
public final class SweepLevels {

    /** More levels than this is a typo, not a sweep (1..1,000,000 doubling has 21). */
    public static final int MAX_LEVELS = 100;

    private static final Pattern RANGE = Pattern.compile("\\s*(\\d+(?:\\.\\d+)?)\\s*\\.\\.\\s*(\\d+(?:\\.\\d+)?)\\s*");
    private static final Pattern NUMBER = Pattern.compile("\\s*(\\d+(?:\\.\\d+)?)\\s*");

    private SweepLevels() {
    }

    /** Levels of {@code knob} ({@code workers} or {@code rate}) from text like {@code 1..256} or {@code 1,8,32}. */
    public static List<Double> parse(String knob, String text) {
        String t = text == null ? "" : text;
        Matcher m = RANGE.matcher(t);
        if (m.matches()) return range(knob, Double.parseDouble(m.group(1)), Double.parseDouble(m.group(2)), t.strip());
        List<Double> out = new ArrayList<>();
        for (String part : t.split(",", -1)) {
            Matcher n = NUMBER.matcher(part);
            if (!n.matches()) {
                throw new IllegalArgumentException(knob + " needs levels from..to like " + example(knob)
                        + " or a list like " + exampleList(knob) + " (got '" + Problem.visible(t) + "')");
            }
            out.add(Double.parseDouble(n.group(1)));
        }
        return checked(knob, out, t.strip());
    }

    /** Levels from a scenario's value: a range {@code 1..256}, a list {@code [1, 8, 32]}, or the text forms. */
    public static List<Double> of(String knob, Object value) {
        if (value instanceof groovy.lang.IntRange r) {
            if (r.isReverse()) throw new IllegalArgumentException(knob + " needs from..to with 0 < from < to, like "
                    + example(knob) + " (got " + r.getTo() + ".." + r.getFrom() + ")");
            return range(knob, r.getFromInt(), r.getToInt(), r.getFromInt() + ".." + r.getToInt());
        }
        if (value instanceof Collection<?> c && !c.isEmpty() && c.stream().allMatch(x -> x instanceof Number)) {
            return checked(knob, c.stream().map(x -> ((Number) x).doubleValue()).toList(), c.toString());
        }
        if (value instanceof Number n) return checked(knob, List.of(n.doubleValue()), n.toString());
        if (value instanceof CharSequence s) return parse(knob, s.toString());
        throw new IllegalArgumentException(knob + " needs levels from..to like " + example(knob)
                + " or a list like [" + exampleList(knob).replace(",", ", ") + "] (got " + Block.valueText(value) + ")");
    }

    private static List<Double> range(String knob, double from, double to, String text) {
        if (!(from > 0) || !(from < to)) {
            throw new IllegalArgumentException(knob + " needs from..to with 0 < from < to, like " + example(knob) + " (got " + text + ")");
        }
        List<Double> out = new ArrayList<>();
        for (double v = from; v < to && out.size() <= MAX_LEVELS; v *= 2) out.add(v);
        out.add(to);
        return checked(knob, out, text);
    }

    private static List<Double> checked(String knob, List<Double> levels, String text) {
        boolean workers = SweepLevel.WORKERS.equals(knob);
        double max = workers ? ClosedLoop.MAX_WORKERS : ArrivalRate.MAX_RATE;
        for (double v : levels) {
            if (!(v > 0) || v > max || workers && v != Math.rint(v)) {
                throw new IllegalArgumentException(knob + " levels must be " + (workers ? "whole numbers " : "")
                        + "> 0 and <= " + String.format(Locale.ROOT, "%,d", (long) max) + " (got " + text + ")");
            }
        }
        if (levels.size() > MAX_LEVELS) {
            throw new IllegalArgumentException(knob + " has " + levels.size() + " levels, more than " + MAX_LEVELS + " (got " + text + ")");
        }
        if (levels.stream().distinct().count() != levels.size()) {
            throw new IllegalArgumentException(knob + " has a level twice (got " + text + ")");
        }
        return List.copyOf(levels);
    }

    private static String example(String knob) {
        return SweepLevel.WORKERS.equals(knob) ? "1..256" : "100..3200";
    }

    private static String exampleList(String knob) {
        return SweepLevel.WORKERS.equals(knob) ? "1,8,32" : "100,400,1600";
    }
}
