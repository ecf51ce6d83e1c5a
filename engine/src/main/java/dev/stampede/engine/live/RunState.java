package dev.stampede.engine.live;

/** Where a run is in its life, as the dashboard's header shows it. */
public enum RunState {
    /** Setup steps and the server check, before the first stage's clock starts. */
    SETUP,
    /** Stages under load. */
    RUNNING,
    /** A sweep's pause between two levels: no load while the server settles (the dashboard counts it down). */
    SETTLING,
    /** A stop was asked for (or the last stage ended): workers are finishing. */
    STOPPING,
    /** The acknowledged-write ledger is checked against the server. */
    VERIFYING,
    /** Teardown steps. */
    TEARDOWN,
    /** Everything ended. */
    DONE;

    /** The lower-case word shown on screen. */
    public String word() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
