package dev.stampede.engine.metrics;

/**
 * The target server's connection slots as last read from {@code pg_stat_activity} and the settings,
 * or the news that the server could not be reached at the last attempt.
 *
 * @param connections     client backends connected now (all databases, idle ones included); when
 *                        unreachable, the count of the last successful reading (stale, for reference only)
 * @param maxConnections  {@code max_connections}
 * @param reserved        {@code superuser_reserved_connections} (+ {@code reserved_connections} from 16 on)
 * @param unreachable     null when this reading succeeded; else why the server could not be read
 *                        (an error kind such as {@code refused}, {@code timeout})
 */
public record ServerStatus(int connections, int maxConnections, int reserved, String unreachable) {

    /** A successful reading. */
    public ServerStatus(int connections, int maxConnections, int reserved) {
        this(connections, maxConnections, reserved, null);
    }

    /** The server could not be read; {@code last} (may be null) was the last good reading. */
    public static ServerStatus unreachable(String kind, ServerStatus last) {
        return last == null ? new ServerStatus(0, 0, 0, kind)
                : new ServerStatus(last.connections(), last.maxConnections(), last.reserved(), kind);
    }

    public boolean reachable() {
        return unreachable == null;
    }

    /** {@code server conns 50/500}, or {@code server unreachable (refused)} — what the live line and dashboard show. */
    public String describe() {
        return reachable() ? "server conns " + connections + "/" + maxConnections : "server unreachable (" + ErrorKinds.shortName(unreachable) + ")";
    }
}
