package dev.stampede.engine.plan;

/**
 * How a group generates load. Closed and open models are different types, so a profile that mixes
 * them cannot be written.
 */
public sealed interface LoadModel permits ClosedLoop, ArrivalRate, Ramp, Hold {

    /** The most workers (or held connections) this model runs at once: what a stage's totals and the safety margin count. */
    int peakWorkers();
}
