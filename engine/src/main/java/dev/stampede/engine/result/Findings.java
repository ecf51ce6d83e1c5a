package dev.stampede.engine.result;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a run found besides latencies and counts — connections held and the memory they cost, the
 * server's limit, acknowledged writes verified — as structured values for {@code summary.json}
 * ({@code findings}) and one-line notes for the terminal summary.
 *
 * <p>Thread-safe: drivers and checks add from their own threads.
 */
public final class Findings {

    private final Map<String, Object> values = new LinkedHashMap<>();
    private final List<String> notes = new ArrayList<>();
    private final Map<String, String> status = new LinkedHashMap<>();
    private int holdGroups;
    private long held;
    private boolean writesLost;

    /** A hold group finished opening: {@code opened} connections are held. */
    public synchronized void held(int opened) {
        holdGroups++;
        held += opened;
    }

    /** The ledger check found an acknowledged write missing (or could not check). */
    public synchronized void writesLost() {
        writesLost = true;
    }

    /** The findings that decide the exit code. */
    public synchronized Verdicts verdicts() {
        return new Verdicts(holdGroups > 0 && held == 0, writesLost);
    }

    public synchronized void put(String key, Object value) {
        values.put(key, value);
    }

    public synchronized void note(String line) {
        notes.add(line);
    }

    /** A live status line (replaced on every call with the same key), shown with each interval. */
    public synchronized void status(String key, String line) {
        status.put(key, line);
    }

    public synchronized List<String> status() {
        return List.copyOf(status.values());
    }

    public synchronized Map<String, Object> values() {
        return Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    public synchronized List<String> notes() {
        return List.copyOf(notes);
    }
}
