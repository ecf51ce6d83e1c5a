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
 */
public record Stage(String name, Duration duration, List<Group> groups, Optional<TargetSpec> target) {

    public Stage(String name, Duration duration, List<Group> groups) {
        this(name, duration, groups, Optional.empty());
    }

    public Stage {
        target = target == null ? Optional.empty() : target;
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(duration, "duration");
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException("stage '" + name + "' needs a duration > 0 (got " + duration + ")");
        }
        groups = List.copyOf(groups);
        if (groups.isEmpty()) throw new IllegalArgumentException("stage '" + name + "' has no groups");
    }

    public Stage withDuration(Duration d) {
        return new Stage(name, d, groups, target);
    }
}
