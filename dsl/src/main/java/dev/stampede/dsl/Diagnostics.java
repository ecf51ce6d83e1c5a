package dev.stampede.dsl;

import dev.stampede.engine.plan.SourceRef;

import java.util.ArrayList;
import java.util.List;

/**
 * Collects every problem found while a scenario script runs, each pointing at the script's own line
 * (found from the stack frame of the script) and column (from {@link CallPositions}).
 *
 * <p>Lives for one compilation, on the compiling thread. Not thread-safe.
 */
final class Diagnostics {

    /**
     * The compilation running on this thread, for words that are not called on a builder
     * ({@code 70.percent { }} is called on a number). Set only while a script runs.
     */
    static final ThreadLocal<Diagnostics> ACTIVE = new ThreadLocal<>();

    private final String displayName;
    private final String frameName;
    private final CallPositions positions;
    private final List<Problem> problems = new ArrayList<>();

    Diagnostics(String displayName, String frameName, CallPositions positions) {
        this.displayName = displayName;
        this.frameName = frameName;
        this.positions = positions;
    }

    String file() {
        return displayName;
    }

    /** Where the script is now, pointing at the call of {@code word} on the current script line. */
    SourceRef here(String word) {
        return at(new Throwable().getStackTrace(), word);
    }

    /** Where in the script the frames of {@code trace} are, pointing at {@code word}. */
    SourceRef at(StackTraceElement[] trace, String word) {
        for (StackTraceElement e : trace) {
            if (frameName.equals(e.getFileName()) && e.getLineNumber() > 0) {
                int line = e.getLineNumber();
                return new SourceRef(displayName, line, word == null ? 0 : positions.column(line, word));
            }
        }
        return SourceRef.file(displayName);
    }

    void report(SourceRef where, String message) {
        problems.add(new Problem(where, message));
    }

    /** Reports a problem at the call of {@code word} on the current script line. */
    void report(String word, String message) {
        report(here(word), message);
    }

    /** Every problem, in line order (problems on one line in the order found). */
    List<Problem> problems() {
        return problems.stream().sorted(java.util.Comparator.comparingInt(p -> p.where().line())).toList();
    }

    /** How many problems so far: a block that reported some skips the follow-on ones ("has no steps"). */
    int count() {
        return problems.size();
    }

    boolean clean() {
        return problems.isEmpty();
    }
}
