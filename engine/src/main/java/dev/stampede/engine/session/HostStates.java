package dev.stampede.engine.session;

import dev.stampede.engine.metrics.HostState;

import java.util.List;
import java.util.function.BiConsumer;

/**
 * Capability: the target spans several hosts and checks each one (role, up or down, lag), so every
 * interval can show them and their changes become run events. Thread-safe.
 */
public interface HostStates {

    /**
     * Each host as its last check saw it, in the order of the target, with its rate and p99 since the
     * previous call: the run's ticker calls it once an interval. Never blocks.
     */
    List<HostState> hosts();

    /**
     * Per host at the end of the run, for {@code summary.json} ({@code findings.hosts}): role, state,
     * leases, blocks completed, their p99 and mean, the largest lag seen. Empty by default.
     */
    default List<java.util.Map<String, Object>> totals() {
        return List.of();
    }

    /**
     * Calls {@code listener} with a kind ({@code host}) and a one-line text for every change of a host
     * from now on (up, down, promoted, demoted), on the checking thread; it must return quickly.
     */
    void onChange(BiConsumer<String, String> listener);
}
