package dev.stampede.engine.ha

import dev.stampede.engine.config.Settings
import dev.stampede.engine.metrics.IntervalSnapshot
import dev.stampede.engine.output.LinePrinter
import dev.stampede.engine.output.Output
import dev.stampede.engine.plan.ClosedLoop
import dev.stampede.engine.plan.Group
import dev.stampede.engine.plan.Plan
import dev.stampede.engine.plan.Routed
import dev.stampede.engine.plan.SourceRef
import dev.stampede.engine.plan.Sql
import dev.stampede.engine.plan.Stage
import dev.stampede.engine.plan.TargetSpec
import dev.stampede.engine.result.RunControl
import dev.stampede.engine.run.Runner
import dev.stampede.engine.session.HostStates
import spock.lang.Shared
import spock.lang.Specification

import java.time.Duration

import static dev.stampede.engine.ha.EmbeddedClusterSpec.eventually

/**
 * A run against a real embedded primary and one replica: every interval snapshot carries both hosts with
 * their roles, and a host going down becomes a run event.
 */
class HostStatesSpec extends Specification {

    @Shared
    Settings settings = Settings.load()
    @Shared
    EmbeddedCluster cluster

    def setupSpec() {
        cluster = EmbeddedCluster.start(settings, 1, false)
    }

    def cleanupSpec() {
        cluster?.close()
    }

    def "each interval names both hosts with their roles; a replica killed becomes a 'host' run event"() {
        given:
        def where = SourceRef.file('hosts.groovy')
        def plan = new Plan('hosts', '', where, [:], TargetSpec.DEFAULT,
                [new Stage('read', Duration.ofSeconds(3), [new Group('readers', new ClosedLoop(2),
                        [new Routed(Routed.Route.READ, [new Sql('select', 'SELECT 1', [])])], where)])])
        def snaps = [].asSynchronized()
        def out = new Output() {
            void interval(IntervalSnapshot s) { snaps << s }
        }
        def control = new RunControl()
        def primary = cluster.primary().host().toString()
        def replica = cluster.replicas()[0].host().toString()
        def target = new RoutedTarget(cluster.connectionInfo(), settings,
                new RoutedTarget.Options(new Balancer.RoundRobin(), true, 4, Duration.ofSeconds(3), Duration.ofMillis(300)))
                .awaitRoles(Duration.ofSeconds(60))

        when:
        new Runner(plan, target, 'cluster', settings, [out], control, false).run()

        then: 'the run reads the hosts through the capability, not through RoutedTarget'
        target.capability(HostStates).isPresent()
        snaps.size() >= 2
        snaps.every { IntervalSnapshot s -> s.hosts()*.host() == [primary, replica] }
        snaps.every { IntervalSnapshot s -> s.hosts()*.role() == ['primary', 'replica'] && s.hosts().every { it.up() } }
        snaps.every { IntervalSnapshot s -> s.hosts()[1].lagBytes() >= 0 && s.hosts()[0].lagBytes() == -1 }
        snaps.every { IntervalSnapshot s -> s.hosts()*.inUse().every { it >= 0 } }
        LinePrinter.line(snaps[-1]) =~ /\| hosts ${java.util.regex.Pattern.quote(primary.toString())} primary( \S+\/s p99 \S+)?, ${java.util.regex.Pattern.quote(replica.toString())} replica lag /

        when: 'the replica dies while the target still watches'
        cluster.kill(cluster.replicas()[0])

        then:
        eventually { control.events().any { it.kind() == 'host' && it.text().startsWith("${replica} down") } }
        eventually { !target.hosts()[1].up() }

        cleanup:
        target?.close()
    }
}
