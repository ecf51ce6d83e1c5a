package dev.stampede.engine.plan;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One phase of a run: its groups run concurrently for {@code duration}, then the next stage starts.
 *
 * @param name     shown in the dashboard and result files; the scenario's name for an implicit stage
 * @param duration how long the stage runs, > 0
 * @param groups   concurrent groups of workers, at least one
 * @param target   the stage's own target ({@code stage('x') { target fibServer('event-loop') … }}), opened
 *                 before the stage and closed after it (kept open while the next stages name the same
 *                 one); empty: the run's target
 * @param sweep    the sweep level this stage is (its pause before it starts, what the sweep table calls
 *                 it); empty for a stage that is not part of a sweep
 */
public record Stage(String name, Duration duration, List<Group> groups, Optional<TargetSpec> target,
                    Optional<SweepLevel> sweep) {

    public Stage(String name, Duration duration, List<Group> groups) {
        this(name, duration, groups, Optional.empty());
    }

    public Stage(String name, Duration duration, List<Group> groups, Optional<TargetSpec> target) {
        this(name, duration, groups, target, Optional.empty());
    }

    public Stage {
        target = target == null ? Optional.empty() : target;
        sweep = sweep == null ? Optional.empty() : sweep;
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(duration, "duration");
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException("stage '" + name + "' needs a duration > 0 (got " + duration + ")");
        }
        groups = List.copyOf(groups);
        if (groups.isEmpty()) throw new IllegalArgumentException("stage '" + name + "' has no groups");
    }

    public Stage withDuration(Duration d) {
        return new Stage(name, d, groups, target, sweep);
    }

    /** The pause with no load before this stage starts (a sweep level's settle time; zero otherwise). */
    public Duration settle() {
        return sweep.map(SweepLevel::settle).orElse(Duration.ZERO);
    }
}
