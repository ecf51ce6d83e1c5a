package dev.stampede.engine.postgres;

import dev.stampede.engine.session.StepRunner;
import dev.stampede.engine.session.Timing;
import dev.stampede.engine.session.WorkerContext;

import dev.stampede.engine.metrics.OperationMeter;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * {@code transaction { … }}: BEGIN, the inner steps, COMMIT on the worker's connection, timed as a
 * whole; a failing inner step rolls back and counts as a failure of the transaction too.
 * Stateless; thread-safe.
 */
public final class TransactionRunner implements StepRunner {

    private final OperationMeter meter;
    private final List<StepRunner> steps;

    public TransactionRunner(OperationMeter meter, List<StepRunner> steps) {
        this.meter = meter;
        this.steps = steps;
    }

    @Override
    public boolean run(WorkerContext ctx) throws InterruptedException {
        long start = System.nanoTime();
        long intended = ctx.intendedStart;
        Connection c;
        try {
            c = ctx.connection();
            c.setAutoCommit(false);
        } catch (SQLException e) {
            ctx.failed(meter, e);
            return false;
        }
        boolean ok = false;
        try {
            ctx.intendedStart = 0;
            if (StepRunner.runAll(steps, ctx)) {
                c.commit();
                ok = true;
            }
            PgSession.of(ctx).transactionEnded(ok);
        } catch (SQLException e) {
            PgSession.of(ctx).transactionEnded(false);
            ctx.failed(meter, e);
            return false;
        } finally {
            try {
                if (!ok && !c.isClosed()) c.rollback();
                if (!c.isClosed()) c.setAutoCommit(true);
            } catch (SQLException ignored) {
                // the connection broke; the next step opens another
            }
        }
        if (!ok) {
            meter.recordError("rolled_back");
            return false;
        }
        ctx.intendedStart = intended;
        Timing.success(ctx, meter, start);
        return true;
    }
}
