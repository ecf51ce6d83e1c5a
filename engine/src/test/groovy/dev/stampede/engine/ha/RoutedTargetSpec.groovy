package dev.stampede.engine.ha

import dev.stampede.engine.config.Settings
import dev.stampede.engine.metrics.Metrics
import dev.stampede.engine.plan.Routed
import dev.stampede.engine.plan.Sql
import dev.stampede.engine.session.StepRunner
import dev.stampede.engine.session.WorkerContext
import spock.lang.Shared
import spock.lang.Specification
import spock.lang.Stepwise

import java.time.Duration

import static dev.stampede.engine.ha.EmbeddedClusterSpec.eventually
import static dev.stampede.engine.ha.EmbeddedClusterSpec.execute
import static dev.stampede.engine.ha.EmbeddedClusterSpec.query

/** Steps routed by role over a real embedded primary and two replicas, through a primary failure. */
@Stepwise
class RoutedTargetSpec extends Specification {

    static final Duration REFRESH = Duration.ofMillis(300)

    @Shared
    Settings settings = Settings.load()
    @Shared
    EmbeddedCluster cluster
    @Shared
    RoutedTarget target

    def setupSpec() {
        cluster = EmbeddedCluster.start(settings, 2, false)
        execute(cluster.primary(), 'CREATE TABLE hits (id bigserial PRIMARY KEY, port int)')
        target = routed(new Balancer.RoundRobin(), true)
    }

    def cleanupSpec() {
        target?.close()
        cluster?.close()
    }

    RoutedTarget routed(Balancer balancer, boolean fallback, int poolSize = 4) {
        new RoutedTarget(cluster.connectionInfo(), settings,
                new RoutedTarget.Options(balancer, fallback, poolSize, Duration.ofSeconds(3), REFRESH)).awaitRoles(Duration.ofSeconds(60))
    }

    static int port(RoutedTarget t, Routed.Route route) {
        def lease = t.acquire(route)
        try {
            def rs = lease.connection().createStatement().executeQuery('SELECT inet_server_port()')
            rs.next()
            return rs.getInt(1)
        } finally {
            lease.release(false)
        }
    }

    def "write blocks run on the primary and read blocks on the replicas, in turn"() {
        given:
        def metrics = new Metrics(Duration.ofHours(1), 3, [])
        def steps = StepRunner.all([
                new Routed(Routed.Route.WRITE, [new Sql('insert', 'INSERT INTO hits (port) VALUES (inet_server_port())', [])]),
                new Routed(Routed.Route.READ, [new Sql('select', 'SELECT inet_server_port()', [])])], metrics, target)
        def ctx = new WorkerContext(target.sessions(null).open(), { false }, settings)
        def before = target.leases()

        when:
        50.times {
            assert StepRunner.runAll(steps, ctx)
            ctx.endIteration()
        }
        ctx.release()
        def after = target.leases()
        def served = after.collectEntries { h, n -> [(h.port()): n - before[h]] }

        then: 'every insert landed on the primary'
        query(cluster.primary(), 'SELECT count(*) FROM hits') == 50
        query(cluster.primary(), "SELECT count(*) FROM hits WHERE port = ${cluster.primary().port()}") == 50

        and: 'the reads went to the replicas, half each'
        served[cluster.primary().port()] == 50
        cluster.replicas().every { served[it.port()] == 25 }
        target.free().values().every { it == 4 }
    }

    def "greedy sends sessions to the host with the most free connections"() {
        given:
        def greedy = routed(new Balancer.Greedy(), true)
        def busy = cluster.replicas()[0]
        def idle = cluster.replicas()[1]
        def held = (1..3).collect { greedy.pools[busy.host()].take(Duration.ofSeconds(10)) }

        expect:
        (1..20).collect { port(greedy, Routed.Route.READ) }.every { it == idle.port() }

        cleanup:
        held.each { greedy.pools[busy.host()].giveBack(it, false) }
        greedy?.close()
    }

    def "random weighted gives every replica a share"() {
        given:
        def weighted = routed(new Balancer.RandomWeighted(), true)

        when:
        def ports = (1..1000).collect { port(weighted, Routed.Route.READ) }

        then: 'each replica gets at least its floor (2.5 % of picks here) whatever latencies a busy machine measured'
        // an even share would be 500; the floor's expectation is 25, so 10 is far below it and far above a starved 0
        cluster.replicas().every { r -> ports.count { it == r.port() } >= 10 }

        cleanup:
        weighted?.close()
    }

    def "primaryAsReplicaWeight lets the primary take that share of reads while the replicas are up"() {
        given:
        def shared = new RoutedTarget(cluster.connectionInfo(), settings,
                new RoutedTarget.Options(new Balancer.RoundRobin(), true, 4, Duration.ofSeconds(3), REFRESH, 0.3d)).awaitRoles(Duration.ofSeconds(60))

        when:
        def ports = (1..400).collect { port(shared, Routed.Route.READ) }
        def onPrimary = ports.count { it == cluster.primary().port() }

        then: 'about 30 %: 120 of 400 expected, binomial sd 9; the bounds are 5 sd away'
        onPrimary >= 75 && onPrimary <= 165
        cluster.replicas().every { r -> ports.count { it == r.port() } >= 75 }

        cleanup:
        shared?.close()
    }

    def "reads go on while the primary is down; writes fail as no_primary until a replica is promoted"() {
        given:
        def old = cluster.primary()
        def candidate = cluster.replicas()[0]

        when:
        cluster.kill(old)

        then:
        eventually { !target.monitor().snapshot().find { it.host() == old.host() }.up() }
        (1..20).every { port(target, Routed.Route.READ) in cluster.replicas()*.port() }

        when:
        target.acquire(Routed.Route.WRITE)

        then:
        def e = thrown(NoHostException)
        e.kind() == 'no_primary'
        e.message == 'no primary up within PT3S'

        when:
        cluster.promote(candidate)

        then:
        eventually { port(target, Routed.Route.WRITE) == candidate.port() }
    }

    def "reads fall back to the primary when no replica is up, and fail as no_replica without the fallback"() {
        given:
        def strict = routed(new Balancer.RoundRobin(), false)
        def replica = cluster.replicas().find { it.running() }

        when:
        cluster.kill(replica)

        then:
        eventually { !target.monitor().snapshot().find { it.host() == replica.host() }.up() }
        eventually { !strict.monitor().snapshot().find { it.host() == replica.host() }.up() }
        port(target, Routed.Route.READ) == cluster.primary().port()

        when:
        strict.acquire(Routed.Route.READ)

        then:
        def e = thrown(NoHostException)
        e.kind() == 'no_replica'

        cleanup:
        strict?.close()
    }
}
