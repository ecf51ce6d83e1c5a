package dev.stampede.engine.session;


import dev.stampede.engine.config.Settings;
import dev.stampede.engine.metrics.Metrics;
import dev.stampede.engine.plan.Step;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Runs {@code setup { }} or {@code teardown { }} steps once, in order, on one connection, outside the
 * run's measurements. Stops at the first failure and says which step failed and why.
 */
public final class SetupSteps {

    private SetupSteps() {
    }

    /** Empty when every step succeeded, else a one-line reason. */
    public static Optional<String> run(String what, List<Step> steps, Target target, Settings settings,
                                Map<String, Object> params) {
        if (steps.isEmpty()) return Optional.empty();
        Metrics scratch = new Metrics(settings.histogramHighest(), settings.histogramDigits(), List.of());
        Sessions sessions = target.sessions(null);
        WorkerContext ctx = new WorkerContext(sessions.open(), () -> false, settings, params, new java.util.SplittableRandom());
        try {
            for (int i = 0; i < steps.size(); i++) {
                if (!StepRunner.of(steps.get(i), scratch, target).run(ctx)) {
                    Throwable e = ctx.lastError();
                    return Optional.of(what + " step " + (i + 1) + " failed: "
                            + (e == null ? "unknown error" : firstLine(e.getMessage())));
                }
            }
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of(what + " interrupted");
        } finally {
            ctx.release();
            sessions.close();
        }
    }

    private static String firstLine(String s) {
        return s == null ? "" : s.lines().findFirst().orElse("");
    }
}
