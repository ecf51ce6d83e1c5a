package dev.stampede.engine.result;

/** Why a run ended. */
public enum StopReason {
    /** Every stage ran for its planned duration. */
    COMPLETED,
    /** The user stopped it early: Ctrl-C, SIGTERM or {@code q}. */
    INTERRUPTED,
    /** stampede stopped it: a safety check or an abort-on-fail threshold. */
    ABORTED
}
