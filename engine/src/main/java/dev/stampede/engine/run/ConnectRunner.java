package dev.stampede.engine.run;

import dev.stampede.engine.metrics.OperationMeter;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * {@code connect()}: open a connection, {@code SELECT 1}, close — timed as a whole, as
 * {@code pgbench -C} counts a connection. Stateless; thread-safe.
 */
final class ConnectRunner implements StepRunner {

    private final OperationMeter meter;

    ConnectRunner(OperationMeter meter) {
        this.meter = meter;
    }

    @Override
    public boolean run(WorkerContext ctx) throws InterruptedException {
        long start = System.nanoTime();
        try (Connection c = ctx.target().open(); Statement s = c.createStatement()) {
            s.execute("SELECT 1");
        } catch (SQLException | RuntimeException e) {
            ctx.failed(meter, e);
            return false;
        }
        Timing.success(ctx, meter, start);
        return true;
    }
}
