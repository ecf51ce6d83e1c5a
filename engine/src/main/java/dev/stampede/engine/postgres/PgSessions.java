package dev.stampede.engine.postgres;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.stampede.engine.metrics.PoolStatus;
import dev.stampede.engine.plan.Group;
import dev.stampede.engine.plan.Copy;
import dev.stampede.engine.plan.Mix;
import dev.stampede.engine.plan.Pool;
import dev.stampede.engine.plan.Routed;
import dev.stampede.engine.plan.Step;
import dev.stampede.engine.plan.Transaction;
import dev.stampede.engine.session.Session;
import dev.stampede.engine.session.Sessions;

import java.time.Duration;
import java.util.List;

/**
 * The PostgreSQL sessions of one group: raw connections kept per worker, or a HikariCP pool shared
 * by the group's workers ({@code pool hikari(…)}), pre-filled to minIdle before the stage starts
 * (Hikari grows slowly on its own). Thread-safe; the pool is shut down by {@link #close()}.
 */
final class PgSessions implements Sessions {

    private final PostgresTarget target;
    private final HikariDataSource pool;
    /** Whether the group's steps include a COPY: its connections get a send buffer for whole CopyData messages. */
    private final boolean copies;

    PgSessions(PostgresTarget target, Group group) {
        this.target = target;
        this.copies = group != null && copies(group.steps());
        this.pool = group != null && group.pool() instanceof Pool.Hikari h ? pool(group, h, target, copies) : null;
    }

    static boolean copies(List<Step> steps) {
        for (Step s : steps) {
            boolean found = switch (s) {
                case Copy c -> true;
                case Transaction t -> copies(t.steps());
                case Routed r -> copies(r.steps());
                case Mix m -> m.branches().stream().anyMatch(b -> copies(b.steps()));
                default -> false;
            };
            if (found) return true;
        }
        return false;
    }

    private static HikariDataSource pool(Group group, Pool.Hikari spec, PostgresTarget target, boolean copies) {
        HikariConfig c = new HikariConfig();
        c.setPoolName("stampede-" + group.name());
        c.setJdbcUrl(target.info().jdbcUrl());
        c.setDataSourceProperties(target.properties(copies));
        c.setMaximumPoolSize(spec.maxSize());
        c.setMinimumIdle(spec.minIdle());
        c.setConnectionTimeout(30_000);
        HikariDataSource ds = new HikariDataSource(c);
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (ds.getHikariPoolMXBean().getIdleConnections() < spec.minIdle() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return ds;
    }

    @Override
    public Session open() {
        return new PgSession(target, pool, target.ledger(), copies);
    }

    @Override
    public List<PoolStatus> pools() {
        if (pool == null || pool.isClosed()) return List.of();
        var mx = pool.getHikariPoolMXBean();
        return List.of(new PoolStatus(pool.getPoolName().replaceFirst("^stampede-", ""),
                mx.getActiveConnections(), mx.getIdleConnections(), mx.getThreadsAwaitingConnection(),
                mx.getTotalConnections()));
    }

    @Override
    public void close() {
        if (pool != null) pool.close();
    }
}
