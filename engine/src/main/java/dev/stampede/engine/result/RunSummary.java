package dev.stampede.engine.result;

import dev.stampede.engine.result.RunControl;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The outcome of a run, before thresholds and the exit code are decided.
 *
 * @param scenario   scenario name
 * @param startedAt  wall-clock start
 * @param elapsed    real run time (stages only, not set-up or shutdown)
 * @param target     masked target with its origin
 * @param stop       why it ended, and how it was asked to
 * @param params     resolved parameters
 * @param operations totals per operation, in plan order
 * @param shutdown   how long stopping the workers and closing connections took
 * @param abandoned  workers still running when the shutdown bound ran out
 * @param findings   structured findings (hold, limit, ledger …) for summary.json
 * @param notes      one-line findings for the terminal summary
 * @param stages     each stage's own figures, in order
 * @param verdicts   the findings that decide the exit code
 */
public record RunSummary(String scenario, Instant startedAt, Duration elapsed, String target,
                         RunControl.StopRequest stop, Map<String, Object> params, List<OperationTotals> operations,
                         Duration shutdown, int abandoned, Map<String, Object> findings, List<String> notes,
                         List<StageTotals> stages, Verdicts verdicts) {

    public RunSummary(String scenario, Instant startedAt, Duration elapsed, String target,
                      RunControl.StopRequest stop, Map<String, Object> params, List<OperationTotals> operations,
                      Duration shutdown, int abandoned) {
        this(scenario, startedAt, elapsed, target, stop, params, operations, shutdown, abandoned, Map.of(), List.of(), List.of(),
                Verdicts.NONE);
    }

    public RunSummary {
        params = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(params));
        operations = List.copyOf(operations);
        findings = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(findings));
        notes = List.copyOf(notes);
        stages = List.copyOf(stages);
        verdicts = verdicts == null ? Verdicts.NONE : verdicts;
    }

    /** This summary with one more finding: {@code value} as {@code findings.<key>}, {@code lines} among the notes. */
    public RunSummary withFinding(String key, Object value, List<String> lines) {
        Map<String, Object> f = new LinkedHashMap<>(findings);
        f.put(key, value);
        List<String> n = new java.util.ArrayList<>(notes);
        n.addAll(lines);
        return new RunSummary(scenario, startedAt, elapsed, target, stop, params, operations, shutdown, abandoned, f, n, stages, verdicts);
    }

    /** Failures of every operation by SQLSTATE or kind. */
    public Map<String, Long> errors() {
        Map<String, Long> all = new TreeMap<>();
        operations.forEach(o -> o.errorsByKind().forEach((k, v) -> all.merge(k, v, Long::sum)));
        return all;
    }

    public long totalErrors() {
        return operations.stream().mapToLong(OperationTotals::errors).sum();
    }
}
