package dev.stampede.engine.plan;

import java.util.Objects;

/**
 * A pass/fail condition on the run's totals, from {@code expect { p99('insert') < 200.ms }}.
 *
 * @param expression  how the user wrote it, for tables and {@code summary.json}
 * @param operation   the operation it reads, or null for all operations together
 * @param metric      what it reads
 * @param comparison  how the actual value must compare to {@code value}
 * @param value       milliseconds for latency metrics, per second for rate, a fraction for errorRate
 * @param abortOnFail stop the run as soon as it fails (checked every interval)
 * @param where       where it was written
 */
public record Threshold(String expression, String operation, Metric metric, Comparison comparison, double value,
                        boolean abortOnFail, SourceRef where) {

    /** What a threshold reads. */
    public enum Metric {
        P50, P75, P90, P95, P99, P999, MAX, MEAN, RATE, COUNT, ERRORS, ERROR_RATE,
        /** A failover's write-unavailability window, ms ({@code findings.failover}). */
        WRITE_UNAVAILABLE,
        /** A failover's read-unavailability window, ms. */
        READ_UNAVAILABLE,
        /** From the fault until the new primary was seen, ms. */
        DETECT_TIME,
        /** Acknowledged inserts missing after the run (the ledger). */
        LOST_WRITES;

        public boolean isLatency() {
            return ordinal() <= MEAN.ordinal();
        }

        /** Compared with a duration, in ms: the latencies and the failover windows. */
        public boolean isDuration() {
            return isLatency() || this == WRITE_UNAVAILABLE || this == READ_UNAVAILABLE || this == DETECT_TIME;
        }

        /** Read from the run's findings (a failover, the ledger), not from an operation's figures. */
        public boolean isFinding() {
            return ordinal() >= WRITE_UNAVAILABLE.ordinal();
        }
    }

    /** {@code <}, {@code <=}, {@code >}, {@code >=}, {@code ==} (whole-number measures such as {@code lostWrites()}). */
    public enum Comparison {
        LT("<"), LE("<="), GT(">"), GE(">="), EQ("==");

        private final String symbol;

        Comparison(String symbol) { this.symbol = symbol; }

        public String symbol() { return symbol; }

        public boolean test(double actual, double limit) {
            return switch (this) {
                case LT -> actual < limit;
                case LE -> actual <= limit;
                case GT -> actual > limit;
                case GE -> actual >= limit;
                case EQ -> actual == limit;
            };
        }
    }

    public Threshold {
        Objects.requireNonNull(expression, "expression");
        Objects.requireNonNull(metric, "metric");
        Objects.requireNonNull(comparison, "comparison");
        Objects.requireNonNull(where, "where");
    }
}
