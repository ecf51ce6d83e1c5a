package dev.stampede.engine.shard;

import dev.stampede.engine.plan.ArrivalRate;
import dev.stampede.engine.plan.ClosedLoop;
import dev.stampede.engine.plan.Group;
import dev.stampede.engine.plan.Hold;
import dev.stampede.engine.plan.LoadModel;
import dev.stampede.engine.plan.Plan;
import dev.stampede.engine.plan.Ramp;
import dev.stampede.engine.plan.Stage;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A plan's share for one {@link Shard}, like k6's execution segments: over all N shards the shares add
 * up exactly to the plan.
 * <ul>
 *   <li>closed workers, ramp {@code from}/{@code to} and hold counts: whole units, {@link Shard#share};
 *       a group whose share is 0 on a shard does not run there;</li>
 *   <li>arrival rates (from and to): divided among the shards that get at least one of the group's
 *       {@code maxWorkers} (all N when maxWorkers ≥ N) — rates may be fractional, they sum exactly; each of
 *       those shards' arrivals is offset by its position / M of the inter-arrival time;</li>
 *   <li>a group's connection pool ({@code pool hikari(maxSize: 20)}): maxSize and minIdle split the same way,
 *       at least one connection on a shard where the group runs;</li>
 *   <li>set-up, teardown and timed events: shard 1 only (the others get none); thresholds and safety
 *       stay on every shard (thresholds are judged on the merged result by {@code stampede merge}).</li>
 * </ul>
 * A stage left without groups on a shard keeps its duration with an idle group, so every shard's stages —
 * and interval boundaries — stay in step. Stateless.
 */
public final class ShardSplit {

    private ShardSplit() {
    }

    public static Plan of(Plan plan, Shard shard) {
        if (shard.whole()) return plan;
        List<Stage> stages = new ArrayList<>();
        int ordinal = 0;
        for (Stage stage : plan.stages()) {
            List<Group> groups = new ArrayList<>();
            for (Group g : stage.groups()) {
                int rotation = ordinal++;
                share(g.load(), shard, rotation).ifPresent(load -> groups.add(new Group(g.name(), load, g.steps(), g.where(), pool(g.pool(), shard, rotation))));
            }
            if (groups.isEmpty()) groups.add(idle(stage));
            stages.add(new Stage(stage.name(), stage.duration(), groups, stage.target(), stage.sweep()));
        }
        boolean first = shard.first();
        return new Plan(plan.name(), plan.description(), plan.source(), plan.params(), plan.target(), stages,
                first ? plan.setup() : List.of(), first ? plan.teardown() : List.of(), plan.safety(),
                plan.thresholds(), first ? plan.events() : List.of());
    }

    /** This shard's load for a group, empty when its share is zero. */
    static Optional<LoadModel> share(LoadModel load, Shard shard, int rotation) {
        return switch (load) {
            case ClosedLoop c -> {
                int n = shard.share(c.workers(), rotation);
                yield n == 0 ? Optional.empty() : Optional.of(new ClosedLoop(n, c.think()));
            }
            case Ramp r -> {
                int from = shard.share(r.from(), rotation);
                int to = shard.share(r.to(), rotation);
                yield from + to == 0 ? Optional.empty() : Optional.of(new Ramp(from, to, r.over(), r.think()));
            }
            case Hold h -> {
                int n = shard.share(h.connections(), rotation);
                yield n == 0 ? Optional.empty()
                        : Optional.of(new Hold(n, Math.min(h.batch(), n), h.batchPause(), h.keepalive(), h.findLimit()));
            }
            case ArrivalRate a -> {
                int workers = shard.share(a.maxWorkers(), rotation);
                if (workers == 0) yield Optional.empty();
                // the shards that run this group: all of them, or the maxWorkers that got a worker
                int running = Math.min(shard.count(), a.maxWorkers());
                int position = Math.floorMod(shard.index() - 1 - rotation, shard.count()); // 0..running-1 here
                yield Optional.of(new ArrivalRate(a.perSecond() / running, a.toPerSecond() / running, a.rampOver(), workers,
                        (double) position / running));
            }
        };
    }

    /** A group's pool is split like its workers (at least one connection where the group runs). */
    static dev.stampede.engine.plan.Pool pool(dev.stampede.engine.plan.Pool pool, Shard shard, int rotation) {
        if (!(pool instanceof dev.stampede.engine.plan.Pool.Hikari h)) return pool;
        int max = Math.max(1, shard.share(h.maxSize(), rotation));
        return new dev.stampede.engine.plan.Pool.Hikari(max, Math.min(max, shard.share(h.minIdle(), rotation)));
    }

    /** A stage with nothing to run on this shard still lasts as long: one worker that only waits. */
    private static Group idle(Stage stage) {
        Group any = stage.groups().get(0);
        return new Group(any.name() + " (idle on this shard)", new ClosedLoop(1, stage.duration()),
                List.of(new dev.stampede.engine.plan.Pause(dev.stampede.engine.plan.Value.of(stage.duration()))), any.where());
    }
}
