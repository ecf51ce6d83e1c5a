package dev.stampede.engine.session;

import dev.stampede.engine.metrics.HostState;

import java.util.List;
import java.util.function.BiConsumer;

/**
 * Capability: the target spans several hosts and checks each one (role, up or down, lag), so every
 * interval can show them and their changes become run events. Thread-safe.
 */
public interface HostStates {

    /** Each host as its last check saw it, in the order of the target; never blocks. */
    List<HostState> hosts();

    /**
     * Calls {@code listener} with a kind ({@code host}) and a one-line text for every change of a host
     * from now on (up, down, promoted, demoted), on the checking thread; it must return quickly.
     */
    void onChange(BiConsumer<String, String> listener);
}
