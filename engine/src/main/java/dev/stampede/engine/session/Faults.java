package dev.stampede.engine.session;

import dev.stampede.engine.result.Findings;

import java.util.List;

/**
 * Capability: the target's servers are stampede's own (an embedded cluster), so a scenario's timed
 * events may break them on purpose — {@code at(20.seconds) { failover() }}, {@code kill('replica1')},
 * {@code restart(node)}, {@code promote(node)} — and the run measures what clients saw. A target
 * stampede does not control never offers it (the DSL refuses fault words there before the run).
 *
 * <p>Node names: {@code primary} and {@code replicaN} are the nodes holding those roles when the word
 * runs; {@code node0}, {@code node1}… are a node's own name for its whole life. Thread-safe: the words
 * run on the events' threads, serialised on the cluster.
 */
public interface Faults {

    /** The names a fault word accepts now, for messages. */
    List<String> nodeNames();

    /** Kills the primary abruptly and promotes the most advanced replica; returns when the promotion returned. */
    void failover() throws Exception;

    /** Stops {@code node} as a crash would (SIGKILL of the postmaster and its processes). */
    void kill(String node) throws Exception;

    /** Starts {@code node} again in the role it had (after a kill; a running node is stopped fast first). */
    void restart(String node) throws Exception;

    /** Promotes the replica {@code node}. */
    void promote(String node) throws Exception;

    /**
     * After the run and the ledger check: adds what the faults did and what clients saw to
     * {@code findings} ({@code findings.failover}, notes). True when acknowledged writes may be missing
     * by design — a primary failed on an asynchronously replicated cluster — so a missing row is
     * reported, and fails the run only through a {@code lostWrites()} threshold.
     */
    boolean reportInto(Findings findings);
}
