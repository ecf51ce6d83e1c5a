package dev.stampede.engine.metrics;

/**
 * The target server's connection slots as last read from {@code pg_stat_activity} and the settings.
 *
 * @param connections     client backends connected now (all databases, idle ones included)
 * @param maxConnections  {@code max_connections}
 * @param reserved        {@code superuser_reserved_connections} (+ {@code reserved_connections} from 16 on)
 */
public record ServerStatus(int connections, int maxConnections, int reserved) {
}
