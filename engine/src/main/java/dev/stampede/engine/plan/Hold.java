package dev.stampede.engine.plan;

import java.time.Duration;
import java.util.Objects;

/**
 * Open {@code connections} connections in batches, keep them idle for the stage, optionally run a
 * keepalive {@code SELECT 1} on each once per {@code keepalive}, spread evenly across connections.
 *
 * @param connections how many to hold (1..100,000)
 * @param batch       how many are opened concurrently per batch
 * @param batchPause  pause between batches
 * @param keepalive   interval of the keepalive query per connection, zero for none
 * @param findLimit   keep opening past {@code connections} until the server refuses
 */
public record Hold(int connections, int batch, Duration batchPause, Duration keepalive, boolean findLimit)
        implements LoadModel {

    public Hold {
        if (connections < 1 || connections > 100_000) throw new IllegalArgumentException("hold must be 1..100000 connections (got " + connections + ")");
        if (batch < 1) throw new IllegalArgumentException("batch must be >= 1 (got " + batch + ")");
        Objects.requireNonNull(batchPause, "batchPause");
        Objects.requireNonNull(keepalive, "keepalive");
        if (batchPause.isNegative() || keepalive.isNegative()) throw new IllegalArgumentException("durations must be >= 0");
    }

    @Override
    public int peakWorkers() {
        return connections;
    }
}
