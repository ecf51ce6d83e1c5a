package dev.stampede.dsl;

import dev.stampede.engine.plan.SourceRef;

/**
 * One thing wrong with a scenario, where it is, and what to do about it.
 *
 * @param where   the file, line and column
 * @param message one line: what is wrong (got X, expected Y)
 */
public record Problem(SourceRef where, String message) {

    /** {@code file:line:col: message} */
    @Override
    public String toString() {
        return where + ": " + message;
    }
}
