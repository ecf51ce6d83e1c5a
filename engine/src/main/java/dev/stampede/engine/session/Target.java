package dev.stampede.engine.session;

import dev.stampede.engine.metrics.Metrics;
import dev.stampede.engine.plan.Group;
import dev.stampede.engine.plan.Step;
import dev.stampede.engine.plan.TargetSpec;

import java.io.IOException;

import java.util.Optional;

/**
 * Where load goes, behind one small interface (Gatling's protocol, k6's executors knowing none): a
 * target opens {@link Sessions} for a group's workers and brings the runners of its own step family.
 * What only some targets can do — count server connections, hold idle connections, verify
 * acknowledged writes — is a capability it offers through {@link #capability(Class)}; the run asks
 * for it and does without when it is absent.
 *
 * <p>Adding a protocol is adding a package that implements this interface; load models, metrics,
 * outputs and the dashboard never change. Implementations are thread-safe: every worker of every
 * group opens its session through the same target. {@link #close()} ends what the target started
 * for the run (a local server, say); it is called once, after the run.
 */
public interface Target extends AutoCloseable {

    /**
     * The sessions of one group's workers (a pooled group shares a pool among them), or, with
     * {@code group} null, of one-off work (set-up, timed events). Closed when the stage ends.
     */
    Sessions sessions(Group group);

    /**
     * The runner of {@code step} when it belongs to this target's step family (its nested steps built
     * with {@link StepRunner#all}), else empty: the generic steps (pause, mix, timed code) are not asked.
     */
    Optional<StepRunner> runner(Step step, Metrics metrics);

    /** An optional capability, when this target offers it. */
    default <C> Optional<C> capability(Class<C> type) {
        return type.isInstance(this) ? Optional.of(type.cast(this)) : Optional.empty();
    }

    /** For headers and logs: {@code tcp://127.0.0.1:25000}, {@code fibServer(thread-pool) on 127.0.0.1:40123}. */
    default String describe() {
        return getClass().getSimpleName();
    }

    /**
     * Opens a stage's own target ({@code stage('x') { target fibServer('event-loop') }}) before the
     * stage; the run closes it after the stage (or after the last following stage naming the same one).
     */
    @FunctionalInterface
    interface Opener {
        /** @throws IOException the target could not be opened (its server did not start) */
        Target open(TargetSpec spec) throws IOException;

        /** No stage may name its own target. */
        Opener NONE = spec -> {
            throw new IOException("a stage's own target (" + spec.describe() + ") is not supported here");
        };
    }

    /** Stops what the target started for the run; nothing by default. */
    @Override
    default void close() {
    }

    /** No protocol at all: workers run generic steps only (engine benchmarks, timed user code). */
    Target NONE = new Target() {
        @Override
        public Sessions sessions(Group group) {
            return () -> Session.NONE;
        }

        @Override
        public Optional<StepRunner> runner(Step step, Metrics metrics) {
            return Optional.empty();
        }
    };
}
