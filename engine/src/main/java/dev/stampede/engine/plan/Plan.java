package dev.stampede.engine.plan;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A compiled scenario: everything a run executes, as plain immutable data.
 *
 * <p>Produced by the DSL (or by hand in tests), validated on construction, consumed by the engine's
 * runner, which never sees how it was written.
 *
 * @param name        the scenario's name, as in {@code scenario('churn')}
 * @param description one line for listings, may be empty
 * @param source      the file it was compiled from
 * @param params      resolved parameter values, in declaration order
 * @param target      where the load goes, before resolution
 * @param stages      phases run one after another; a scenario without {@code stages} has one
 * @param setup       steps run once, on one connection, before the first stage
 * @param teardown    steps run once after the last stage (with cleanup)
 * @param safety      checks before and during the run
 * @param thresholds  pass/fail conditions deciding the exit code
 * @param events      things that happen once at a point of the run
 */
public record Plan(String name, String description, SourceRef source, Map<String, Object> params,
                   TargetSpec target, List<Stage> stages, List<Step> setup, List<Step> teardown, Safety safety,
                   List<Threshold> thresholds, List<TimedEvent> events) {

    /** A plan with no set-up, teardown, safety checks, thresholds or events. */
    public Plan(String name, String description, SourceRef source, Map<String, Object> params,
                TargetSpec target, List<Stage> stages) {
        this(name, description, source, params, target, stages, List.of(), List.of(), Safety.NONE, List.of(), List.of());
    }

    public Plan {
        Objects.requireNonNull(name, "name");
        if (name.isBlank()) throw new IllegalArgumentException("scenario name must not be blank");
        description = description == null ? "" : description;
        Objects.requireNonNull(source, "source");
        params = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(params));
        target = target == null ? TargetSpec.DEFAULT : target;
        stages = List.copyOf(stages);
        if (stages.isEmpty()) throw new IllegalArgumentException("scenario '" + name + "' has no stages");
        setup = List.copyOf(setup);
        teardown = List.copyOf(teardown);
        safety = safety == null ? Safety.NONE : safety;
        thresholds = List.copyOf(thresholds);
        events = List.copyOf(events);
    }

    /** Sum of the stages' durations. */
    public Duration duration() {
        return stages.stream().map(Stage::duration).reduce(Duration.ZERO, Duration::plus);
    }

    /**
     * This plan with its total duration changed to {@code total} (the {@code --duration} flag);
     * several stages keep their proportions.
     */
    public Plan withDuration(Duration total) {
        if (total.isNegative() || total.isZero()) {
            throw new IllegalArgumentException("duration must be > 0 (got " + total + ")");
        }
        Duration old = duration();
        double factor = (double) total.toNanos() / old.toNanos();
        List<Stage> scaled = stages.stream().map(s -> s.withDuration(stages.size() == 1 ? total
                : Duration.ofNanos(Math.max(1_000_000L,
                        (long) ((double) s.duration().toNanos() / old.toNanos() * total.toNanos())))))
                // a sweep's pauses shrink with its levels: a short run is not mostly waiting
                .map(s -> s.sweep().isEmpty() || factor >= 1 ? s : new Stage(s.name(), s.duration(), s.groups(), s.target(),
                        s.sweep().map(l -> l.withSettle(Duration.ofNanos((long) (l.settle().toNanos() * factor))))))
                .toList();
        return new Plan(name, description, source, params, target, scaled, setup, teardown, safety, thresholds, events);
    }

    /**
     * Every operation name any group can record, in plan order (for headers and thresholds): its
     * steps' names, plus what load models record themselves — {@code open} and {@code keepalive}
     * for hold, {@code <group> lag} for the open model.
     */
    public List<String> operationNames() {
        return stages.stream().flatMap(s -> s.groups().stream())
                .flatMap(g -> java.util.stream.Stream.concat(g.steps().stream().flatMap(Step::operationNames),
                        switch (g.load()) {
                            case Hold h -> java.util.stream.Stream.of(HOLD_OPEN, HOLD_KEEPALIVE);
                            case ArrivalRate a -> java.util.stream.Stream.of(g.name() + LAG_SUFFIX);
                            default -> java.util.stream.Stream.<String>empty();
                        })).distinct().toList();
    }

    /** The operation a hold group times each connection open as. */
    public static final String HOLD_OPEN = "open";
    /** The operation a hold group times each keepalive query as. */
    public static final String HOLD_KEEPALIVE = "keepalive";
    /** Suffix of the schedule-lag operation the open model records per group. */
    public static final String LAG_SUFFIX = " lag";

    /** True when every stage names its own target: the run needs none of its own. */
    public boolean targetPerStage() {
        return stages.stream().allMatch(s -> s.target().isPresent());
    }

    public Optional<Object> param(String name) {
        return Optional.ofNullable(params.get(name));
    }

    /**
     * Groups whose steps another protocol's target cannot run ({@code sql} against a TCP target,
     * {@code request} or {@code hold} against a non-PostgreSQL one): one {@code file:line:col: …} line each.
     */
    public List<String> mismatches(Step.Family family, String target) {
        List<String> out = new java.util.ArrayList<>();
        Step.Family runFamily = family;
        String runTarget = target;
        for (Stage stage : stages) {
            // a stage with its own target runs against that one
            family = stage.target().map(TargetSpec::family).orElse(runFamily);
            target = stage.target().map(TargetSpec::describe).orElse(runTarget);
            for (Group g : stage.groups()) {
                java.util.Set<Step.Family> found = new java.util.TreeSet<>();
                families(g.steps(), found);
                found.remove(Step.Family.ANY);
                found.remove(family);
                if (g.load() instanceof Hold && family != Step.Family.SQL) {
                    out.add(g.where() + ": group '" + g.name() + "' holds connections, which needs a PostgreSQL target (the target is " + target + ")");
                }
                for (Step.Family f : found) {
                    out.add(g.where() + ": group '" + g.name() + "' has " + (f == Step.Family.SQL ? "SQL steps, which need a PostgreSQL target"
                            : "TCP steps (request), which need a TCP target") + " (the target is " + target + ")");
                }
            }
        }
        return out;
    }

    private static void families(List<Step> steps, java.util.Set<Step.Family> into) {
        for (Step s : steps) {
            into.add(s.family());
            if (s instanceof Mix m) m.branches().forEach(b -> families(b.steps(), into));
            if (s instanceof Transaction t) families(t.steps(), into);
            if (s instanceof Routed r) families(r.steps(), into);
        }
    }
}
