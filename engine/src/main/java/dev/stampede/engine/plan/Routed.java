package dev.stampede.engine.plan;

import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * {@code write { … }} or {@code read { … }}: the inner steps run on a connection to a host of the
 * role they need — the primary for writes, a replica for reads (the primary when no replica is up
 * and the target falls back) — on a multi-host target; on a single host they simply run. Not timed
 * itself: its steps are.
 */
public record Routed(Route route, List<Step> steps) implements Step {

    /** Where a block's steps go. */
    public enum Route {
        /** To the primary. */
        WRITE,
        /** To a replica. */
        READ
    }

    public Routed {
        Objects.requireNonNull(route, "route");
        steps = List.copyOf(steps);
        if (steps.isEmpty()) throw new IllegalArgumentException(route.name().toLowerCase() + " block has no steps");
    }

    @Override
    public Stream<String> operationNames() {
        return steps.stream().flatMap(Step::operationNames);
    }
}
