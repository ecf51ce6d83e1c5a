package dev.stampede.engine.postgres;

import dev.stampede.engine.session.StepRunner;
import dev.stampede.engine.session.Timing;
import dev.stampede.engine.session.WorkerContext;

import dev.stampede.engine.metrics.OperationMeter;
import dev.stampede.engine.plan.Sql;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * {@code sql 'text', params…}: a prepared statement on the worker's connection, results read to
 * the end (a query is not done until its rows have arrived). Stateless; thread-safe.
 */
public final class SqlRunner implements StepRunner {

    private final Sql sql;
    private final OperationMeter meter;

    public SqlRunner(Sql sql, OperationMeter meter) {
        this.sql = sql;
        this.meter = meter;
    }

    @Override
    public boolean run(WorkerContext ctx) throws InterruptedException {
        Object[] values = new Object[sql.params().size()];
        for (int i = 0; i < values.length; i++) values[i] = sql.params().get(i).next(ctx.random());
        long start = System.nanoTime();
        try {
            PreparedStatement ps = PgSession.of(ctx).prepare(sql.text());
            int i = 1;
            for (Object v : values) ps.setObject(i++, v);
            boolean hasRows = ps.execute();
            while (true) {
                if (hasRows) {
                    try (ResultSet rs = ps.getResultSet()) {
                        while (rs.next()) {
                            // drain
                        }
                    }
                } else if (ps.getUpdateCount() == -1) {
                    break;
                }
                hasRows = ps.getMoreResults();
            }
        } catch (SQLException | RuntimeException e) {
            ctx.failed(meter, e);
            return false;
        }
        Timing.success(ctx, meter, start);
        return true;
    }
}
