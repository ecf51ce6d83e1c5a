package dev.stampede.dsl;

/**
 * An arrival rate, as written {@code 500.perSecond}: what {@code rate} and rate thresholds take.
 * Immutable.
 *
 * @param perSecond arrivals per second
 */
public record Rate(double perSecond) {

    @Override
    public String toString() {
        return Numbers.text(perSecond) + "/s";
    }
}
