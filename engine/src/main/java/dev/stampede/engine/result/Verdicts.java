package dev.stampede.engine.result;

/**
 * What a run found that decides its exit code beside thresholds and the stop reason, typed so no one
 * has to look it up by name in the findings.
 *
 * @param nothingHeld hold groups ran and not one connection could be opened: the run could not start
 * @param writesLost  an acknowledged write is missing after the run (or the ledger could not be checked)
 */
public record Verdicts(boolean nothingHeld, boolean writesLost) {

    public static final Verdicts NONE = new Verdicts(false, false);
}
