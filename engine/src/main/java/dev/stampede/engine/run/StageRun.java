package dev.stampede.engine.run;

import dev.stampede.engine.config.Settings;
import dev.stampede.engine.load.GroupDriver;
import dev.stampede.engine.load.HoldDriver;
import dev.stampede.engine.metrics.Metrics;
import dev.stampede.engine.metrics.PoolStatus;
import dev.stampede.engine.plan.Group;
import dev.stampede.engine.plan.Stage;
import dev.stampede.engine.result.Findings;
import dev.stampede.engine.result.RunControl;
import dev.stampede.engine.session.Sessions;
import dev.stampede.engine.session.StepRunner;
import dev.stampede.engine.session.Target;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The groups of one running stage: started together, stopped together.
 *
 * <p>Guarantees: after {@link #stop(Duration)} returns, every worker has ended or is counted as
 * abandoned, connections are closed and the groups' sessions (pools) shut down. Not thread-safe: owned
 * by the run's ticker thread.
 */
final class StageRun {

    private final List<GroupDriver> drivers = new ArrayList<>();
    private final List<Sessions> sessions = new ArrayList<>();
    private volatile boolean stopping;
    private final RunControl control;

    StageRun(Stage stage, Metrics metrics, Target target, Settings settings, Map<String, Object> params,
             Findings findings, RunControl control) {
        this.control = control;
        SplittableRandom seeds = new SplittableRandom();
        for (Group group : stage.groups()) {
            Sessions groupSessions = target.sessions(group);
            sessions.add(groupSessions);
            List<StepRunner> steps = StepRunner.all(group.steps(), metrics, target);
            drivers.add(GroupDriver.of(new GroupDriver.Resources(group, steps, metrics, target, groupSessions, settings,
                    params, () -> stopping, seeds, findings, control)));
        }
    }

    /** Each pool's state now (an empty list when no group is pooled). */
    List<PoolStatus> pools() {
        List<PoolStatus> all = new ArrayList<>();
        for (Sessions s : sessions) all.addAll(s.pools());
        return all;
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
        sessions.forEach(Sessions::close);
        return abandoned;
    }
}
