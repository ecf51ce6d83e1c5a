package dev.stampede.engine.run;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.stampede.engine.config.Settings;
import dev.stampede.engine.metrics.Metrics;
import dev.stampede.engine.plan.Group;
import dev.stampede.engine.plan.Pool;
import dev.stampede.engine.plan.Stage;
import dev.stampede.engine.target.PostgresTarget;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The groups of one running stage: started together, stopped together.
 *
 * <p>Guarantees: after {@link #stop(Duration)} returns, every worker has ended or is counted as
 * abandoned, connections are closed and pools shut down. Not thread-safe: owned by the run's ticker thread.
 */
final class StageRun {

    private final List<GroupDriver> drivers = new ArrayList<>();
    private final List<HikariDataSource> pools = new ArrayList<>();
    private volatile boolean stopping;
    private final RunControl control;

    StageRun(Stage stage, Metrics metrics, PostgresTarget target, Settings settings, Map<String, Object> params,
             Findings findings, AckLedger ledger, RunControl control) {
        this.control = control;
        SplittableRandom seeds = new SplittableRandom();
        for (Group group : stage.groups()) {
            HikariDataSource pool = group.pool() instanceof Pool.Hikari h ? pool(group, h, target) : null;
            if (pool != null) pools.add(pool);
            List<StepRunner> steps = StepRunner.all(group.steps(), metrics);
            drivers.add(GroupDriver.of(new GroupDriver.Resources(group, steps, metrics, target, settings, params,
                    pool, () -> stopping, seeds, findings, ledger, control)));
        }
    }

    /** A HikariCP pool, pre-filled to minIdle before the stage starts (Hikari grows slowly on its own). */
    private static HikariDataSource pool(Group group, Pool.Hikari spec, PostgresTarget target) {
        HikariConfig c = new HikariConfig();
        c.setPoolName("stampede-" + group.name());
        c.setJdbcUrl(target.info().jdbcUrl());
        c.setDataSourceProperties(target.properties());
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

    /** Each pool's state now (an empty list when no group is pooled). */
    List<dev.stampede.engine.metrics.PoolStatus> pools() {
        return pools.stream().filter(p -> !p.isClosed()).map(p -> {
            var mx = p.getHikariPoolMXBean();
            return new dev.stampede.engine.metrics.PoolStatus(p.getPoolName().replaceFirst("^stampede-", ""),
                    mx.getActiveConnections(), mx.getIdleConnections(), mx.getThreadsAwaitingConnection(),
                    mx.getTotalConnections());
        }).toList();
    }

    /**
     * Opens what the groups need before the stage's clock starts; hold groups last, since they take the
     * client's memory baseline that their held connections are measured against.
     */
    void prepare() {
        drivers.stream().filter(d -> !(d instanceof HoldDriver)).forEach(GroupDriver::prepare);
        drivers.stream().filter(d -> d instanceof HoldDriver).forEach(GroupDriver::prepare);
    }

    /** Starts every group; those that can change live join the run's control until {@link #stop}. */
    void start() {
        drivers.forEach(GroupDriver::start);
        if (control != null) {
            drivers.stream().filter(d -> d instanceof dev.stampede.engine.live.LiveGroup)
                    .forEach(d -> control.register((dev.stampede.engine.live.LiveGroup) d));
        }
    }

    /**
     * Stops every group: raise the flag, interrupt (which also unblocks a virtual thread waiting on a
     * socket), then wait up to {@code grace} in total.
     *
     * @return how many workers were still running when the bound ran out
     */
    int stop(Duration grace) {
        stopping = true;
        if (control != null) {
            drivers.stream().filter(d -> d instanceof dev.stampede.engine.live.LiveGroup)
                    .forEach(d -> control.unregister((dev.stampede.engine.live.LiveGroup) d));
        }
        long deadline = System.nanoTime() + grace.toNanos();
        int abandoned = 0;
        for (GroupDriver d : drivers) abandoned += d.stop(deadline);
        pools.forEach(HikariDataSource::close);
        return abandoned;
    }
}
