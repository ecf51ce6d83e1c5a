package dev.stampede.engine.shard

import dev.stampede.engine.plan.ArrivalRate
import dev.stampede.engine.plan.ClosedLoop
import dev.stampede.engine.plan.Group
import dev.stampede.engine.plan.Hold
import dev.stampede.engine.plan.Plan
import dev.stampede.engine.plan.Ramp
import dev.stampede.engine.plan.SourceRef
import dev.stampede.engine.plan.Stage
import dev.stampede.engine.plan.TargetSpec
import dev.stampede.engine.plan.Timed
import dev.stampede.engine.plan.TimedEvent
import dev.stampede.engine.plan.UserCode
import spock.lang.Specification

import java.time.Duration

class ShardSplitSpec extends Specification {

    static final SourceRef HERE = SourceRef.file('split.groovy')
    static final UserCode NOTHING = new UserCode() {
        void run(dev.stampede.engine.plan.StepContext ctx) {}
        SourceRef where() { HERE }
    }
    static final Timed NOOP = new Timed('noop', NOTHING)

    static Plan plan(Object load) {
        def steps = load instanceof Hold ? [] : [NOOP]
        new Plan('split', '', HERE, [:], TargetSpec.DEFAULT, [new Stage('s', Duration.ofSeconds(10), [new Group('g', load, steps, HERE)])])
    }

    static List<Object> loads(Object load, int n) {
        (1..n).collect { i -> ShardSplit.of(plan(load), new Shard(i, n)).stages()[0].groups()[0] }
                .collect { g -> g.name().endsWith('(idle on this shard)') ? null : g.load() }
    }

    def "closed workers split into whole shares that add up exactly, the remainder on the first shards"() {
        when:
        def shares = loads(new ClosedLoop(workers), n).collect { it == null ? 0 : (it as ClosedLoop).workers() }

        then:
        shares == expected
        shares.sum() == workers

        where:
        workers | n || expected
        10      | 3 || [4, 3, 3]
        10      | 1 || [10]
        1       | 4 || [1, 0, 0, 0]
        7       | 7 || [1, 1, 1, 1, 1, 1, 1]
        1000    | 6 || [167, 167, 167, 167, 166, 166]
    }

    def "a group whose share is 0 does not run on that shard; the stage keeps its length with an idle worker"() {
        when:
        def p = ShardSplit.of(plan(new ClosedLoop(1)), new Shard(3, 4))

        then:
        p.stages()[0].duration() == Duration.ofSeconds(10)
        p.stages()[0].groups()*.name() == ['g (idle on this shard)']
        p.operationNames() == []
    }

    def "ramps split from and to alike; every instant's workers over the shards stay within a worker per shard of the whole"() {
        when:
        def parts = loads(new Ramp(from, to, Duration.ofSeconds(30), Duration.ZERO), n)
        def froms = parts.collect { it == null ? 0 : (it as Ramp).from() }
        def tos = parts.collect { it == null ? 0 : (it as Ramp).to() }

        then:
        froms.sum() == from
        tos.sum() == to
        froms == expectedFrom
        tos == expectedTo

        where:
        from | to  | n || expectedFrom    | expectedTo
        0    | 100 | 3 || [0, 0, 0]       | [34, 33, 33]
        5    | 1   | 4 || [2, 1, 1, 1]    | [1, 0, 0, 0]
        10   | 20  | 4 || [3, 3, 2, 2]    | [5, 5, 5, 5]
    }

    def "hold counts split exactly and no shard's batch exceeds its share"() {
        when:
        def parts = loads(new Hold(connections, 100, Duration.ZERO, Duration.ZERO, false), n)
        def counts = parts.collect { it == null ? 0 : (it as Hold).connections() }

        then:
        counts == expected
        counts.sum() == connections
        parts.findAll { it != null }.every { (it as Hold).batch() <= (it as Hold).connections() }

        where:
        connections | n || expected
        10_000      | 3 || [3334, 3333, 3333]
        50          | 4 || [13, 13, 12, 12]
        2           | 4 || [1, 1, 0, 0]
    }

    def "arrival rates divide exactly (fractions allowed), maxWorkers in whole shares, arrivals offset by i/M of the inter-arrival time"() {
        when:
        def parts = loads(new ArrivalRate(rate, toRate, Duration.ofSeconds(5), maxWorkers), n)
        def running = parts.findAll { it != null } as List<ArrivalRate>

        then:
        Math.abs(running.sum { it.perSecond() } - rate) < 1e-9
        Math.abs(running.sum { it.toPerSecond() } - toRate) < 1e-9
        parts.collect { it == null ? 0 : (it as ArrivalRate).maxWorkers() }.sum() == maxWorkers
        parts.collect { it == null ? 0 : (it as ArrivalRate).maxWorkers() } == workers
        running*.phase() == phases

        where:
        rate | toRate | maxWorkers | n || workers          | phases
        100  | 100    | 100        | 3 || [34, 33, 33]     | [0, 1 / 3d, 2 / 3d]
        10   | 50     | 10         | 4 || [3, 3, 2, 2]     | [0, 0.25, 0.5, 0.75]
        100  | 100    | 2          | 4 || [1, 1, 0, 0]     | [0, 0.5]
        7    | 7      | 5          | 1 || [5]              | [0]
    }

    def "set-up, teardown and timed events stay on shard 1 only; thresholds and safety on every shard"() {
        given:
        def base = plan(new ClosedLoop(4))
        def event = new TimedEvent(Duration.ofSeconds(1), 'kill', NOTHING)
        def full = new Plan(base.name(), '', HERE, [:], TargetSpec.DEFAULT, base.stages(), [NOOP], [NOOP],
                new dev.stampede.engine.plan.Safety(5), [], [event])

        expect:
        with(ShardSplit.of(full, new Shard(1, 2))) { setup().size() == 1 && teardown().size() == 1 && events().size() == 1 && safety().minFreeConnections() == 5 }
        with(ShardSplit.of(full, new Shard(2, 2))) { setup().isEmpty() && teardown().isEmpty() && events().isEmpty() && safety().minFreeConnections() == 5 }
        ShardSplit.of(full, Shard.WHOLE).is(full)
    }

    def "a group's hikari pool splits like its workers, at least one connection where the group runs"() {
        given:
        def pool = new dev.stampede.engine.plan.Pool.Hikari(20, 10)

        expect:
        (1..3).collect { ShardSplit.pool(pool, new Shard(it, 3), 0) } ==
                [new dev.stampede.engine.plan.Pool.Hikari(7, 4), new dev.stampede.engine.plan.Pool.Hikari(7, 3), new dev.stampede.engine.plan.Pool.Hikari(6, 3)]
        ShardSplit.pool(new dev.stampede.engine.plan.Pool.Hikari(2, 0), new Shard(4, 4), 0) == new dev.stampede.engine.plan.Pool.Hikari(1, 0)
    }

    def "bad --shard values are one line naming the flag"() {
        when:
        Shard.parse(text)

        then:
        def e = thrown(IllegalArgumentException)
        e.message == message

        where:
        text  || message
        '0/3' || "--shard needs i between 1 and N in i/N (got 0/3)"
        '4/3' || "--shard needs i between 1 and N in i/N (got 4/3)"
        'x'   || "--shard needs i/N like 1/4 (got 'x')"
        '1/0' || "--shard needs N >= 1 in i/N (got 1/0)"
        ''    || "--shard needs i/N like 1/4 (got '')"
    }

    def "a shard is parsed from i/N"() {
        expect:
        Shard.parse('2/4') == new Shard(2, 4)
        Shard.parse('1/1').whole()
    }
}
