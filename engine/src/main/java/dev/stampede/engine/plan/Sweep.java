package dev.stampede.engine.plan;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A sweep of one group's load: the scenario's one stage run once per level, each level a stage of its
 * own with its own figures, with a pause between levels for the server to settle. The same plan
 * transformation serves {@code --sweep workers=1..256}, the DSL's {@code sweep workers: 1..256} and the
 * INI files' {@code concurrency-min/max}; the engine only ever sees the resulting stages.
 *
 * <p>Immutable. {@link #apply} refuses (with an {@link IllegalArgumentException} whose message is the
 * user-facing reason) a plan of several stages, a knob the group's load model does not have
 * ({@code workers} on an open model, {@code rate} on a closed one), and an ambiguous or unknown group.
 *
 * @param group  the group to sweep; empty: the scenario's only group with that knob
 * @param knob   {@link SweepLevel#WORKERS} or {@link SweepLevel#RATE}
 * @param levels the levels in order, at least one, each > 0
 * @param pause  time with no load between two levels, >= 0
 */
public record Sweep(Optional<String> group, String knob, List<Double> levels, Duration pause) {

    public Sweep {
        group = group == null ? Optional.empty() : group;
        levels = List.copyOf(levels);
        if (levels.isEmpty()) throw new IllegalArgumentException("a sweep needs at least one level");
        Objects.requireNonNull(pause, "pause");
        new SweepLevel("-", knob, levels.get(0), pause); // validates knob and pause
    }

    /** {@code workers=1..256} or {@code readers.rate=100..400}, as a flag would say it back. */
    public String describe() {
        return group.map(g -> g + ".").orElse("") + knob;
    }

    /** The plan with its one stage replaced by one stage per level. */
    public Plan apply(Plan plan) {
        // an already swept plan is swept anew from its first level (--sweep over a scenario's own sweep)
        boolean again = plan.stages().stream().allMatch(s -> s.sweep().isPresent());
        if (plan.stages().size() != 1 && !again) {
            throw new IllegalArgumentException("sweep " + describe() + ": scenario '" + plan.name() + "' has " + plan.stages().size()
                    + " stages; a sweep repeats a scenario of one stage");
        }
        Stage stage = plan.stages().get(0);
        List<Group> swept = group.filter(EVERY::equals).isPresent() ? every(stage) : List.of(chosen(stage));
        String sweptName = swept.size() == 1 ? swept.get(0).name() : EVERY;
        List<Stage> out = new ArrayList<>();
        for (double level : levels) {
            List<Group> groups = stage.groups().stream().map(g -> swept.contains(g) ? withLevel(g, level) : g).toList();
            SweepLevel at = new SweepLevel(sweptName, knob, level, out.isEmpty() ? Duration.ZERO : pause);
            out.add(new Stage(at.label(), stage.duration(), groups, stage.target(), Optional.of(at)));
        }
        return new Plan(plan.name(), plan.description(), plan.source(), plan.params(), plan.target(), out,
                plan.setup(), plan.teardown(), plan.safety(), plan.thresholds(), plan.events());
    }

    /** The sweep a swept plan was made by (its groups, knob and levels), or empty for a plan that is not a sweep. */
    public static Optional<Sweep> of(Plan plan) {
        if (!plan.stages().stream().allMatch(s -> s.sweep().isPresent())) return Optional.empty();
        SweepLevel first = plan.stages().get(0).sweep().get();
        Duration pause = plan.stages().size() > 1 ? plan.stages().get(1).settle() : Duration.ZERO;
        return Optional.of(new Sweep(Optional.of(first.group()), first.knob(),
                plan.stages().stream().map(s -> s.sweep().get().value()).toList(), pause));
    }

    public Sweep withPause(Duration d) {
        return new Sweep(group, knob, levels, d);
    }

    /** The group name that sweeps every group at once (each gets the level): what an INI file of several workloads does. */
    public static final String EVERY = "*";

    private List<Group> every(Stage stage) {
        for (Group g : stage.groups()) {
            String refusal = refusal(g);
            if (refusal != null) throw new IllegalArgumentException(refusal);
        }
        return stage.groups();
    }

    private Group chosen(Stage stage) {
        if (group.isPresent()) {
            Group g = stage.groups().stream().filter(x -> x.name().equals(group.get())).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("sweep " + describe() + ": there is no group '" + group.get()
                            + "' (groups: " + names(stage.groups()) + ")"));
            String refusal = refusal(g);
            if (refusal != null) throw new IllegalArgumentException(refusal);
            return g;
        }
        List<Group> fit = stage.groups().stream().filter(g -> refusal(g) == null).toList();
        if (fit.size() == 1) return fit.get(0);
        if (fit.isEmpty()) {
            throw new IllegalArgumentException(stage.groups().size() == 1 ? refusal(stage.groups().get(0))
                    : "sweep " + knob + ": no group can sweep " + knob + " (groups: " + names(stage.groups()) + ")");
        }
        throw new IllegalArgumentException("sweep " + knob + ": several groups could be swept (" + names(fit)
                + "); name one, like " + fit.get(0).name() + "." + knob + "=…");
    }

    /** Why {@code g} cannot sweep this knob, or null when it can. */
    private String refusal(Group g) {
        boolean workers = SweepLevel.WORKERS.equals(knob);
        return switch (g.load()) {
            case ClosedLoop c -> workers ? null : "sweep " + describe() + ": group '" + g.name()
                    + "' is a closed model (workers " + c.workers() + "), it has no rate to sweep; sweep workers instead";
            case ArrivalRate a -> !workers ? null : "sweep " + describe() + ": group '" + g.name()
                    + "' is an open model (rate), its workers are not its load; sweep rate instead";
            case Ramp r -> "sweep " + describe() + ": group '" + g.name() + "' ramps; only constant workers or a constant rate can be swept";
            case Hold h -> "sweep " + describe() + ": group '" + g.name() + "' holds connections; only workers or a rate can be swept";
        };
    }

    private Group withLevel(Group g, double level) {
        LoadModel load = switch (g.load()) {
            case ClosedLoop c -> new ClosedLoop((int) level, c.think());
            case ArrivalRate a -> new ArrivalRate(level, level, Duration.ZERO, a.maxWorkers());
            default -> throw new IllegalStateException(g.load().toString());
        };
        return new Group(g.name(), load, g.steps(), g.where(), g.pool());
    }

    private static String names(List<Group> groups) {
        return String.join(", ", groups.stream().map(g -> "'" + g.name() + "'").toList());
    }
}
