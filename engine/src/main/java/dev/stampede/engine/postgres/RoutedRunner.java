package dev.stampede.engine.postgres;

import dev.stampede.engine.plan.Routed;
import dev.stampede.engine.session.StepRunner;
import dev.stampede.engine.session.WorkerContext;

import java.util.List;

/**
 * {@code read { … }} / {@code write { … }}: the inner steps with the session routed to a host of the
 * block's role, then the route of the enclosing block back. Stateless; thread-safe.
 */
final class RoutedRunner implements StepRunner {

    private final Routed.Route route;
    private final List<StepRunner> steps;

    RoutedRunner(Routed.Route route, List<StepRunner> steps) {
        this.route = route;
        this.steps = steps;
    }

    @Override
    public boolean run(WorkerContext ctx) throws InterruptedException {
        PgSession session = PgSession.of(ctx);
        Routed.Route before = session.route(route);
        try {
            long t0 = System.nanoTime();
            boolean ok = StepRunner.runAll(steps, ctx);
            if (ok) session.blockSucceeded(System.nanoTime() - t0);
            return ok;
        } finally {
            session.route(before);
        }
    }
}
