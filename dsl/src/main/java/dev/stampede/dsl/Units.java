package dev.stampede.dsl;

import groovy.lang.Closure;
import groovy.lang.DelegatesTo;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Units that read naturally in scenarios: {@code 30.seconds}, {@code 250.ms}, {@code 2.minutes},
 * {@code 1.kb}, {@code 0.1.percent}, {@code 500.perSecond}, and the mix branch {@code 70.percent { … }}.
 * Installed on {@link Number} as a Groovy extension module (META-INF/groovy), so they also
 * type-check in an IDE. Stateless.
 */
public final class Units {

    private static final Pattern DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m|h|us|min)?");

    /** The shortest duration a scenario or flag may name (other than zero where zero is allowed). */
    public static final Duration MIN_DURATION = Duration.ofMillis(1);
    /** The longest: a year, far below where nanosecond clocks would overflow. */
    public static final Duration MAX_DURATION = Duration.ofDays(365);

    private Units() {
    }

    public static Duration getMs(Number self) { return of(self, 1_000_000L); }
    public static Duration getMillis(Number self) { return of(self, 1_000_000L); }
    public static Duration getSecond(Number self) { return of(self, 1_000_000_000L); }
    public static Duration getSeconds(Number self) { return of(self, 1_000_000_000L); }
    public static Duration getMinute(Number self) { return of(self, 60_000_000_000L); }
    public static Duration getMinutes(Number self) { return of(self, 60_000_000_000L); }
    public static Duration getHour(Number self) { return of(self, 3_600_000_000_000L); }
    public static Duration getHours(Number self) { return of(self, 3_600_000_000_000L); }

    /** Bytes: {@code 1.kb} is 1024. */
    public static long getKb(Number self) { return Math.round(self.doubleValue() * 1024); }
    public static long getMb(Number self) { return Math.round(self.doubleValue() * 1024 * 1024); }
    public static long getBytes(Number self) { return self.longValue(); }

    /** A fraction: {@code 0.1.percent} is 0.001. */
    public static double getPercent(Number self) { return self.doubleValue() / 100.0; }

    /** An arrival rate: {@code 500.perSecond}. */
    public static Rate getPerSecond(Number self) { return new Rate(self.doubleValue()); }
    public static Rate getPerMinute(Number self) { return new Rate(self.doubleValue() / 60.0); }

    /**
     * One branch of the enclosing {@code mix { }}, taken by {@code self} percent of iterations:
     * {@code 70.percent { insertBatch … }}.
     */
    public static void percent(Number self,
                               @DelegatesTo(value = StepsBuilder.class, strategy = Closure.DELEGATE_FIRST) Closure<?> body) {
        MixBuilder.branch(self, body);
    }

    /** {@code -5.seconds}: Groovy's unary minus on a duration (checked, and refused, where it is used). */
    public static Duration negative(Duration self) { return self.negated(); }

    /** {@code -5.perSecond}. */
    public static Rate negative(Rate self) { return new Rate(-self.perSecond()); }

    private static Duration of(Number n, long nanosPerUnit) {
        return nanos(new BigDecimal(n.toString()).multiply(BigDecimal.valueOf(nanosPerUnit)));
    }

    /** Whole nanoseconds as a Duration without overflow: a thousand years is a Duration, not a wrapped long. */
    private static Duration nanos(BigDecimal nanos) {
        BigDecimal[] sn = nanos.setScale(0, java.math.RoundingMode.DOWN).divideAndRemainder(BigDecimal.valueOf(1_000_000_000L));
        if (sn[0].abs().compareTo(BigDecimal.valueOf(Long.MAX_VALUE / 2)) > 0) {
            return sn[0].signum() < 0 ? Duration.ofSeconds(Long.MIN_VALUE / 2) : Duration.ofSeconds(Long.MAX_VALUE / 2);
        }
        return Duration.ofSeconds(sn[0].longValue(), sn[1].longValue());
    }

    /**
     * What is wrong with {@code d} as a duration of a scenario word or flag, or null: negative, zero
     * (unless {@code allowZero}), below {@link #MIN_DURATION} or above {@link #MAX_DURATION}.
     * Reads "needs a duration > 0 (got -5s)" after the word's name.
     */
    public static String problem(Duration d, boolean allowZero) {
        if (d.isNegative() || (!allowZero && d.isZero())) {
            return "needs a duration " + (allowZero ? ">= 0" : "> 0") + " (got " + text(d) + ")";
        }
        if (!d.isZero() && d.compareTo(MIN_DURATION) < 0) return "needs at least 1ms (got " + text(d) + ")";
        if (d.compareTo(MAX_DURATION) > 0) return "must be at most " + text(MAX_DURATION) + " (got " + text(d) + ")";
        return null;
    }

    /** {@code "30s"}, {@code "250ms"}, {@code "2m"}, {@code "1h"}, {@code "1.5s"}; null if not a duration. */
    public static Duration parseDuration(String text) {
        Matcher m = DURATION.matcher(text.strip().toLowerCase(Locale.ROOT));
        if (!m.matches()) return null;
        String unit = m.group(2) == null ? "s" : m.group(2);
        long per = switch (unit) {
            case "us" -> 1_000L;
            case "ms" -> 1_000_000L;
            case "s" -> 1_000_000_000L;
            case "m", "min" -> 60_000_000_000L;
            default -> 3_600_000_000_000L;
        };
        return nanos(new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(per)));
    }

    /** {@code 30s}, {@code 250ms}, {@code 2m}, {@code 1m30s} — how plans and messages print durations. */
    public static String text(Duration d) {
        if (d.isZero()) return "0s";
        if (d.isNegative()) return "-" + text(d.negated());
        if (d.getSeconds() >= Long.MAX_VALUE / 2) return "an overflowing duration"; // clamped by nanos(): beyond a Duration
        if (d.getSeconds() > 1_000_000_000L) return d.toHours() + "h";
        long ms = d.toMillis();
        if (d.getNano() % 1_000_000 != 0) return Numbers.text(d.toNanos() / 1000.0) + "us";
        if (ms % 1000 != 0) return ms + "ms";
        long s = ms / 1000;
        if (s % 3600 == 0) return s / 3600 + "h";
        if (s % 60 == 0) return s / 60 + "m";
        if (s > 60) return s / 60 + "m" + s % 60 + "s";
        return s + "s";
    }
}
