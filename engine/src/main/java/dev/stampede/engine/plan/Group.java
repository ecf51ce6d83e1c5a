package dev.stampede.engine.plan;

import java.util.List;
import java.util.Objects;

/**
 * Workers that share one load model and loop over the same steps.
 *
 * @param name  shown in the dashboard
 * @param load  how many workers and how often they start an iteration
 * @param steps one iteration of a worker, in order; at least one
 * @param where where the group was declared, for errors raised while it runs
 * @param pool  how its workers get connections for SQL steps
 */
public record Group(String name, LoadModel load, List<Step> steps, SourceRef where, Pool pool) {

    public Group(String name, LoadModel load, List<Step> steps, SourceRef where) {
        this(name, load, steps, where, Pool.RAW);
    }

    public Group {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(load, "load");
        Objects.requireNonNull(where, "where");
        steps = List.copyOf(steps);
        if (steps.isEmpty() && !(load instanceof Hold)) throw new IllegalArgumentException("group '" + name + "' has no steps");
        pool = pool == null ? Pool.RAW : pool;
    }
}
