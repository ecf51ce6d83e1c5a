package dev.stampede.engine.ha;

import dev.stampede.engine.postgres.HostPort;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * The connections of one host of a multi-host target: at most {@code size} at once, kept open between
 * leases, opened on demand. A lease that broke closes its connection and puts the host out of rotation
 * until its next successful health check. Thread-safe: workers lease and give back concurrently.
 */
final class HostPool implements Balancer.Candidate {

    private final HostPort host;
    private final int size;
    private final HostMonitor.Connector connector;
    private final Semaphore permits;
    private final ConcurrentLinkedDeque<Connection> idle = new ConcurrentLinkedDeque<>();
    private final LongAdder leases = new LongAdder();
    private volatile Instant failedAt;
    private volatile long latencyNanos;
    private volatile Instant latencySeenAt;
    /** Time of each read or write block completed on this host (the work routed here), wait-free for workers. */
    private final org.HdrHistogram.Recorder blocks = new org.HdrHistogram.Recorder(3_600_000_000_000L, 2);
    private final org.HdrHistogram.Histogram blocksTotal = new org.HdrHistogram.Histogram(3_600_000_000_000L, 2);
    private org.HdrHistogram.Histogram blocksRecycled;
    private long figuresAt = System.nanoTime();
    private long maxLagBytes = -1;
    private double maxLagSeconds = Double.NaN;

    HostPool(HostPort host, int size, HostMonitor.Connector connector) {
        if (size < 1) throw new IllegalArgumentException("a host pool needs at least one connection (got " + size + ")");
        this.host = host;
        this.size = size;
        this.connector = connector;
        this.permits = new Semaphore(size, true);
    }

    HostPort host() {
        return host;
    }

    int size() {
        return size;
    }

    @Override
    public int free() {
        return permits.availablePermits();
    }

    @Override
    public long latencyNanos() {
        return latencyNanos;
    }

    /** How many leases this host has given: which host served how much. */
    long leases() {
        return leases.sum();
    }

    /** Folds a health check into the recent latency (each check once), smoothed over about five checks. */
    void observe(HostMonitor.HostHealth h) {
        if (!h.up() || h.checkedAt().equals(latencySeenAt)) return;
        latencySeenAt = h.checkedAt();
        long sample = h.checkTime().toNanos();
        long before = latencyNanos;
        latencyNanos = before == 0 ? sample : (long) (before * 0.8 + sample * 0.2);
    }

    /** In rotation: no broken lease since the last good check {@code h}. */
    boolean inRotation(HostMonitor.HostHealth h) {
        Instant failed = failedAt;
        return h.up() && (failed == null || h.checkedAt().isAfter(failed));
    }

    /** A connection within {@code timeout}, or null when none came free in time. */
    Connection take(Duration timeout) throws SQLException, InterruptedException {
        if (!permits.tryAcquire(timeout.toNanos(), TimeUnit.NANOSECONDS)) return null;
        try {
            Connection c = idle.pollFirst();
            if (c == null) c = connector.open(host);
            leases.increment();
            return c;
        } catch (SQLException | RuntimeException e) {
            permits.release();
            failedAt = Instant.now();
            throw e;
        }
    }

    void giveBack(Connection c, boolean broken) {
        try {
            if (broken) {
                failedAt = Instant.now();
                close(c);
            } else {
                idle.addFirst(c);
            }
        } finally {
            permits.release();
        }
    }

    /** A read or write block of {@code nanos} completed on one of this host's connections. */
    void completed(long nanos) {
        blocks.recordValue(Math.max(1, Math.min(nanos, 3_600_000_000_000L)));
    }

    /**
     * {rate per second, p99 ns} of the blocks since the last call (the run's ticker calls it once an interval),
     * folded into the run's totals. -1 p99 when none.
     */
    synchronized double[] interval(HostMonitor.HostHealth h) {
        long now = System.nanoTime();
        org.HdrHistogram.Histogram i = blocks.getIntervalHistogram(blocksRecycled);
        blocksRecycled = i;
        blocksTotal.add(i);
        double seconds = Math.max(1e-9, (now - figuresAt) / 1e9);
        figuresAt = now;
        if (h != null && h.replica()) {
            maxLagBytes = Math.max(maxLagBytes, h.lagBytes());
            if (!Double.isNaN(h.lagSeconds())) maxLagSeconds = Double.isNaN(maxLagSeconds) ? h.lagSeconds() : Math.max(maxLagSeconds, h.lagSeconds());
        }
        return new double[]{i.getTotalCount() / seconds, i.getTotalCount() == 0 ? -1 : i.getValueAtPercentile(99)};
    }

    /** Blocks over the run, their p99 and mean (ns, -1 when none), the largest replica lag seen (bytes, seconds). */
    synchronized java.util.Map<String, Object> totals() {
        java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("leases", leases());
        m.put("blocks", blocksTotal.getTotalCount());
        m.put("p99Ms", blocksTotal.getTotalCount() == 0 ? null : blocksTotal.getValueAtPercentile(99) / 1e6);
        m.put("meanMs", blocksTotal.getTotalCount() == 0 ? null : Math.round(blocksTotal.getMean() / 1e3) / 1e3);
        m.put("maxLagBytes", maxLagBytes < 0 ? null : maxLagBytes);
        m.put("maxLagSeconds", Double.isNaN(maxLagSeconds) ? null : maxLagSeconds);
        return m;
    }

    /** Closes the idle connections (the host went down or the run ends); leased ones close when given back broken. */
    void drain() {
        for (Connection c; (c = idle.pollFirst()) != null; ) close(c);
    }

    private static void close(Connection c) {
        try {
            c.close();
        } catch (SQLException ignored) {
            // broken already
        }
    }
}
