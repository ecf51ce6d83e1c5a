package dev.stampede.engine.metrics;

import dev.stampede.engine.live.LiveStatus;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Everything measured in one reporting interval: what the dashboard, the line printer and the result
 * files render. Immutable (the histograms inside are never mutated after publication).
 *
 * @param index      1-based interval number over the whole run
 * @param at         wall-clock time at the end of the interval
 * @param elapsed    run time at the end of the interval
 * @param length     this interval's real length (the last one of a stage may be shorter)
 * @param planned    the run's planned total duration
 * @param stage      the stage this interval belongs to
 * @param operations one entry per operation, in plan order
 * @param server     the server's connection counts, when they could be read
 * @param pools      the state of each group's connection pool (pooled groups only)
 * @param status     live status lines, e.g. {@code opened 1200/2000, failed 3: too_many_connections}
 * @param live       the run-level state: stage n/N, paused, events, thresholds so far
 *                   ({@link LiveStatus#NONE} outside a run)
 * @param hosts      each host of a multi-host target as last checked (empty for one host)
 */
public record IntervalSnapshot(int index, Instant at, Duration elapsed, Duration length, Duration planned,
                               String stage, List<OperationSnapshot> operations, Optional<ServerStatus> server,
                               List<PoolStatus> pools, List<String> status, LiveStatus live,
                               List<HostState> hosts) {

    public IntervalSnapshot(int index, Instant at, Duration elapsed, Duration length, Duration planned,
                            String stage, List<OperationSnapshot> operations, Optional<ServerStatus> server,
                            List<PoolStatus> pools, List<String> status, LiveStatus live) {
        this(index, at, elapsed, length, planned, stage, operations, server, pools, status, live, List.of());
    }

    public IntervalSnapshot(int index, Instant at, Duration elapsed, Duration length, Duration planned,
                            String stage, List<OperationSnapshot> operations, Optional<ServerStatus> server,
                            List<PoolStatus> pools, List<String> status) {
        this(index, at, elapsed, length, planned, stage, operations, server, pools, status, LiveStatus.NONE);
    }

    public IntervalSnapshot(int index, Instant at, Duration elapsed, Duration length, Duration planned,
                            String stage, List<OperationSnapshot> operations, Optional<ServerStatus> server) {
        this(index, at, elapsed, length, planned, stage, operations, server, List.of(), List.of());
    }

    public IntervalSnapshot {
        operations = List.copyOf(operations);
        server = server == null ? Optional.empty() : server;
        pools = List.copyOf(pools);
        status = List.copyOf(status);
        live = live == null ? LiveStatus.NONE : live;
        hosts = hosts == null ? List.of() : List.copyOf(hosts);
    }

    /** This snapshot with the pools' state and live status lines added. */
    public IntervalSnapshot with(List<PoolStatus> p, List<String> lines) {
        return new IntervalSnapshot(index, at, elapsed, length, planned, stage, operations, server, p, lines, live, hosts);
    }

    /** This snapshot with the run-level state added. */
    public IntervalSnapshot with(LiveStatus status) {
        return new IntervalSnapshot(index, at, elapsed, length, planned, stage, operations, server, pools, this.status, status, hosts);
    }

    /** This snapshot with the hosts' state added. */
    public IntervalSnapshot withHosts(List<HostState> h) {
        return new IntervalSnapshot(index, at, elapsed, length, planned, stage, operations, server, pools, status, live, h);
    }

    public Duration remaining() {
        Duration r = planned.minus(elapsed);
        return r.isNegative() ? Duration.ZERO : r;
    }

    public Optional<OperationSnapshot> operation(String name) {
        return operations.stream().filter(o -> o.name().equals(name)).findFirst();
    }
}
