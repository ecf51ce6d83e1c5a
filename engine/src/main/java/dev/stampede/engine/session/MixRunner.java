package dev.stampede.engine.session;

import dev.stampede.engine.metrics.Metrics;
import dev.stampede.engine.plan.Mix;

import java.util.List;

/** {@code mix { 70.percent { … } 30.percent { … } }}: one branch per iteration, by weight. Thread-safe. */
final class MixRunner implements StepRunner {

    private final double[] upTo;
    private final List<List<StepRunner>> branches;

    MixRunner(Mix mix, Metrics metrics, Target target) {
        upTo = new double[mix.branches().size()];
        double sum = 0;
        for (int i = 0; i < upTo.length; i++) {
            sum += mix.branches().get(i).percent();
            upTo[i] = sum;
        }
        branches = mix.branches().stream().map(b -> StepRunner.all(b.steps(), metrics, target)).toList();
    }

    @Override
    public boolean run(WorkerContext ctx) throws InterruptedException {
        double x = ctx.random().nextDouble() * upTo[upTo.length - 1];
        for (int i = 0; i < upTo.length; i++) {
            if (x < upTo[i]) return StepRunner.runAll(branches.get(i), ctx);
        }
        return StepRunner.runAll(branches.get(branches.size() - 1), ctx);
    }
}
