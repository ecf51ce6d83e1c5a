package dev.stampede.engine.plan;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * What makes a stage one level of a sweep: which group's load was set to what, and how long the
 * server is left to settle (no load at all) before the level starts. Carried by the stage so that the
 * runner can pause, and by the stage's totals so that the sweep table and {@code summary.json} can
 * say which level a row is.
 *
 * @param group  the swept group's name
 * @param knob   {@link #WORKERS} (a closed group's workers) or {@link #RATE} (an open group's arrivals per second)
 * @param value  the level: workers, or arrivals per second; > 0
 * @param settle pause before the level starts (not before the first one), >= 0
 */
public record SweepLevel(String group, String knob, double value, Duration settle) {

    public static final String WORKERS = "workers";
    public static final String RATE = "rate";

    public SweepLevel {
        Objects.requireNonNull(group, "group");
        if (!WORKERS.equals(knob) && !RATE.equals(knob)) {
            throw new IllegalArgumentException("a sweep sets workers or rate (got '" + knob + "')");
        }
        if (!(value > 0)) throw new IllegalArgumentException("a sweep level must be > 0 (got " + value + ")");
        Objects.requireNonNull(settle, "settle");
        if (settle.isNegative()) throw new IllegalArgumentException("a sweep's pause must be >= 0 (got " + settle + ")");
    }

    /** The level as people say it: {@code 8 workers}, {@code 400/s}. */
    public String label() {
        return WORKERS.equals(knob) ? (long) value + " workers" : number(value) + "/s";
    }

    /** The level's number alone: {@code 8}, {@code 400}, {@code 12.5}. */
    public String number() {
        return number(value);
    }

    static String number(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : String.format(Locale.ROOT, "%s", v);
    }

    public SweepLevel withSettle(Duration d) {
        return new SweepLevel(group, knob, value, d);
    }
}
