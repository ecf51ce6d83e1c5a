package dev.stampede.engine.plan;

import java.util.Objects;

/**
 * {@code target fibServer('thread-pool')}: a Fibonacci server of one model, started in-process on
 * 127.0.0.1 (a free port) for the run — or for the stages that name it — and stopped after.
 *
 * @param model   the model's label ({@code thread-pool}); the DSL checks it names a model
 * @param workers pool size of a pooled model, 0 for one per core
 * @param maxN    the largest {@code n} the server answers
 */
public record FibServerSpec(String model, int workers, int maxN) {

    public FibServerSpec {
        Objects.requireNonNull(model, "model");
        if (workers < 0) throw new IllegalArgumentException("fibServer workers must be >= 0 (got " + workers + ")");
        if (maxN < 0) throw new IllegalArgumentException("fibServer maxN must be >= 0 (got " + maxN + ")");
    }

    /** {@code fibServer(thread-pool)}, {@code fibServer(thread-pool, 4 workers)}. */
    public String describe() {
        return "fibServer(" + model + (workers > 0 ? ", " + workers + " worker" + (workers == 1 ? "" : "s") : "") + ")";
    }
}
