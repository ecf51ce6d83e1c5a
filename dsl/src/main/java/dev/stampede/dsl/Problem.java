package dev.stampede.dsl;

import dev.stampede.engine.plan.SourceRef;

/**
 * One thing wrong with a scenario, where it is, and what to do about it.
 *
 * @param where   the file, line and column
 * @param message one line: what is wrong (got X, expected Y); control characters are shown escaped
 */
public record Problem(SourceRef where, String message) {

    public Problem {
        message = SourceText.visible(message);
    }

    /** {@code file:line:col: message} */
    @Override
    public String toString() {
        return where + ": " + message;
    }

    /** {@code text} with control characters escaped ({@code \u001B}, {@code \n}): for messages that echo user input. */
    public static String visible(String text) {
        return SourceText.visible(text);
    }
}
