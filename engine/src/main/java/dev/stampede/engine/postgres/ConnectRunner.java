package dev.stampede.engine.postgres;

import dev.stampede.engine.session.StepRunner;
import dev.stampede.engine.session.Timing;
import dev.stampede.engine.session.WorkerContext;

import dev.stampede.engine.metrics.OperationMeter;


import java.sql.SQLException;

/**
 * {@code connect()}: open a connection, {@code SELECT 1}, close — timed as a whole, as
 * {@code pgbench -C} counts a connection. Through the lean wire-protocol client unless the settings or
 * the target call for pgjdbc ({@code stampede.connect.client}), so the client's own cost per connection
 * stays small beside the server's. Stateless; thread-safe.
 */
public final class ConnectRunner implements StepRunner {

    private final OperationMeter meter;

    public ConnectRunner(OperationMeter meter) {
        this.meter = meter;
    }

    @Override
    public boolean run(WorkerContext ctx) throws InterruptedException {
        long start = System.nanoTime();
        try (BareConnection c = PgSession.of(ctx).target().openBare()) {
            c.ping();
        } catch (SQLException | RuntimeException e) {
            ctx.failed(meter, e);
            return false;
        }
        Timing.success(ctx, meter, start);
        return true;
    }
}
