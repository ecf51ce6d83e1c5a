package dev.stampede.engine.session;

import dev.stampede.engine.result.Findings;

/**
 * Capability: the target keeps a ledger of writes the server acknowledged and checks after the run
 * that none was lost. Thread-safe.
 */
public interface AcknowledgedWrites {

    /** Forgets what earlier runs acknowledged. */
    void clear();

    /** Checks the ledger against the server and adds what it found; false when an acknowledged write is missing or the check failed. */
    boolean verifyInto(Findings findings);
}
