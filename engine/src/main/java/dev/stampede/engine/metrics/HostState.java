package dev.stampede.engine.metrics;

import java.util.Locale;
import java.util.Objects;

/**
 * One host of a multi-host target as its last check saw it, for the outputs: the dashboard's target
 * panel, the line printer's {@code | hosts …} suffix. Immutable.
 *
 * @param host       {@code host:port}
 * @param up         whether the last check reached it
 * @param role       {@code primary}, {@code replica} or {@code unknown}
 * @param lagBytes   a replica's replay lag in bytes, else -1
 * @param lagSeconds a replica's replay lag in seconds, else NaN
 * @param inUse      the stampede connections to it in use now, or -1 when not counted
 * @param rate       read or write blocks it completed per second in the last interval, NaN when not counted
 * @param p99Nanos   the 99th percentile of those blocks' time in the last interval, -1 when none
 */
public record HostState(String host, boolean up, String role, long lagBytes, double lagSeconds, int inUse,
                        double rate, long p99Nanos) {

    public HostState {
        Objects.requireNonNull(host, "host");
        role = role == null ? "unknown" : role;
    }

    public HostState(String host, boolean up, String role, long lagBytes, double lagSeconds, int inUse) {
        this(host, up, role, lagBytes, lagSeconds, inUse, Double.NaN, -1);
    }

    public boolean primary() {
        return up && role.equals("primary");
    }

    public boolean replica() {
        return up && role.equals("replica");
    }

    /** {@code up} or {@code down}. */
    public String state() {
        return up ? "up" : "down";
    }

    /** The lag in short words ({@code lag 12kB 0.3s}), or empty when there is none to tell. */
    public String lag() {
        if (!replica() || lagBytes < 0) return "";
        String s = "lag " + bytes(lagBytes);
        if (!Double.isNaN(lagSeconds) && lagSeconds >= 0.05) s += String.format(Locale.ROOT, " %.1fs", lagSeconds);
        return s;
    }

    static String bytes(long b) {
        if (b < 1024) return b + "B";
        if (b < 1024 * 1024) return String.format(Locale.ROOT, "%.0fkB", b / 1024.0);
        if (b < 1024L * 1024 * 1024) return String.format(Locale.ROOT, "%.1fMB", b / (1024.0 * 1024));
        return String.format(Locale.ROOT, "%.1fGB", b / (1024.0 * 1024 * 1024));
    }
}
