package dev.stampede.cli;

import dev.stampede.dsl.SweepLevels;
import dev.stampede.dsl.Units;
import dev.stampede.dsl.Words;
import dev.stampede.engine.plan.Plan;
import dev.stampede.engine.plan.Sweep;
import dev.stampede.engine.plan.SweepLevel;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * {@code --sweep [GROUP.]workers|rate=LEVELS} and {@code --sweep-pause DURATION} on {@code run}: turn a
 * plan into a sweep (or re-sweep / re-pause a scenario's own). Problems are {@link IllegalArgumentException}s
 * whose message names the flag, for one line and exit 2. Stateless.
 */
final class SweepFlag {

    private static final List<String> KNOBS = List.of(SweepLevel.WORKERS, SweepLevel.RATE);

    private SweepFlag() {
    }

    /**
     * {@code plan} swept as the flags say; unchanged when neither is given.
     *
     * @param spec  the {@code --sweep} value or null
     * @param pause the {@code --sweep-pause} value or null (then the scenario's pause, else {@code stampede.sweep.pause})
     */
    static Plan apply(Plan plan, String spec, String pause, Duration defaultPause) {
        Duration p = null;
        if (pause != null) {
            p = Units.parseDuration(pause);
            if (p == null || p.isNegative()) {
                throw new IllegalArgumentException("--sweep-pause needs a duration >= 0 like 20s or 0s (got '"
                        + dev.stampede.dsl.Problem.visible(pause) + "')");
            }
            String problem = Units.problem(p, true);
            if (problem != null) throw new IllegalArgumentException("--sweep-pause " + problem);
        }
        if (spec == null) {
            if (p == null) return plan;
            Optional<Sweep> own = Sweep.of(plan);
            if (own.isEmpty()) throw new IllegalArgumentException("--sweep-pause: scenario '" + plan.name() + "' is not a sweep (add --sweep workers=1..64)");
            return own.get().withPause(p).apply(plan);
        }
        Sweep sweep = parse(spec, p != null ? p : Sweep.of(plan).filter(s -> s.levels().size() > 1).map(Sweep::pause).orElse(defaultPause));
        try {
            return sweep.apply(plan);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--" + e.getMessage());
        }
    }

    /** {@code workers=1..256}, {@code readers.rate=100,200,400}. */
    static Sweep parse(String spec, Duration pause) {
        int eq = spec.indexOf('=');
        if (eq < 0) {
            throw new IllegalArgumentException("--sweep " + dev.stampede.dsl.Problem.visible(spec)
                    + ": needs KNOB=LEVELS like workers=1..256 or rate=100..3200 (GROUP.workers=… to name the group)");
        }
        String left = spec.substring(0, eq).strip();
        int dot = left.lastIndexOf('.');
        String group = dot < 0 ? null : left.substring(0, dot);
        String knob = left.substring(dot + 1);
        if (!KNOBS.contains(knob)) {
            throw new IllegalArgumentException("--sweep " + dev.stampede.dsl.Problem.visible(spec) + ": can sweep workers or rate, not '"
                    + dev.stampede.dsl.Problem.visible(knob) + "'" + Words.suggestion(knob, KNOBS));
        }
        if (group != null && group.isBlank()) {
            throw new IllegalArgumentException("--sweep " + spec + ": the group name before ." + knob + " is empty");
        }
        try {
            return new Sweep(Optional.ofNullable(group), knob, SweepLevels.parse(knob, spec.substring(eq + 1)), pause);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--sweep " + dev.stampede.dsl.Problem.visible(spec) + ": " + e.getMessage());
        }
    }
}
