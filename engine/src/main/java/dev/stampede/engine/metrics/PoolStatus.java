package dev.stampede.engine.metrics;

/**
 * A connection pool's state at the end of an interval.
 *
 * @param name    the group the pool serves
 * @param active  connections lent to workers
 * @param idle    connections waiting in the pool
 * @param waiting workers waiting for a connection
 * @param total   connections the pool holds
 */
public record PoolStatus(String name, int active, int idle, int waiting, int total) {
}
