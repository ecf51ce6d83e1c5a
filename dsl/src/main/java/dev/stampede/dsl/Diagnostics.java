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
    private final List<String> lines;
    private final List<Problem> problems = new ArrayList<>();

    Diagnostics(String displayName, String frameName, CallPositions positions, String text) {
        this.displayName = displayName;
        this.frameName = frameName;
        this.positions = positions;
        this.lines = text.lines().toList();
    }

    String file() {
        return displayName;
    }

    /** The fault words the compiler found in {@code at} blocks. */
    java.util.List<CallPositions.FaultCall> faultCalls() {
        return positions.faultCalls();
    }

    /** Where the script is now, pointing at the call of {@code word} on the current script line. */
    SourceRef here(String word) {
        return at(new Throwable().getStackTrace(), word);
    }

    /**
     * Where in the script the frames of {@code trace} are, pointing at {@code word}; when the word is
     * unknown (an exception from the user's own code), at the start of the statement on that line.
     */
    SourceRef at(StackTraceElement[] trace, String word) {
        for (StackTraceElement e : trace) {
            if (frameName.equals(e.getFileName()) && e.getLineNumber() > 0) {
                int line = e.getLineNumber();
                int column = word == null ? 0 : positions.column(line, word);
                return new SourceRef(displayName, line, column > 0 ? column : statementColumn(line));
            }
        }
        return SourceRef.file(displayName);
    }

    /** The script's line and statement in {@code trace} (a thread stopped where it was): its first non-blank column. */
    SourceRef statementAt(StackTraceElement[] trace) {
        return at(trace, null);
    }

    private int statementColumn(int line) {
        if (line < 1 || line > lines.size()) return 0;
        String l = lines.get(line - 1);
        for (int i = 0; i < l.length(); i++) {
            if (!Character.isWhitespace(l.charAt(i))) return i + 1;
        }
        return 0;
    }

    /**
     * Adds a problem, unless it only follows from one already reported: a word given the {@code null} that
     * an unknown {@code param(...)} (or another refused word on its line) returned says nothing new
     * ("needs a whole number (got null)").
     */
    void report(SourceRef where, String message) {
        if (message.contains("(got null)") && problems.stream().anyMatch(p -> p.where().line() == where.line()
                || p.message().startsWith("unknown param '"))) {
            return; // the null came from the problem already reported (def w = param('wrkers') … workers w)
        }
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
