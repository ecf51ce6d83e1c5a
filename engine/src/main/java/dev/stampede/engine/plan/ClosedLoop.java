package dev.stampede.engine.plan;

import java.time.Duration;
import java.util.Objects;

/**
 * Closed model: {@code workers} virtual threads, each starting its next iteration as soon as the last
 * one (plus {@code think}) is done. Throughput is an outcome, not an input.
 *
 * @param workers number of concurrent workers, 1..1,000,000
 * @param think   pause after every iteration, zero for none
 */
public record ClosedLoop(int workers, Duration think) implements LoadModel {

    public static final int MAX_WORKERS = 1_000_000;

    public ClosedLoop {
        if (workers < 1 || workers > MAX_WORKERS) {
            throw new IllegalArgumentException("workers must be between 1 and " + MAX_WORKERS + " (got " + workers + ")");
        }
        Objects.requireNonNull(think, "think");
        if (think.isNegative()) throw new IllegalArgumentException("think must be >= 0 (got " + think + ")");
    }

    public ClosedLoop(int workers) {
        this(workers, Duration.ZERO);
    }

    @Override
    public int peakWorkers() {
        return workers;
    }
}
