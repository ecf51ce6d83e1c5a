package dev.stampede.dsl

import dev.stampede.engine.plan.Routed
import dev.stampede.engine.plan.TargetSpec

import java.time.Duration

/** {@code target cluster(…)} and the read / write blocks a cluster routes. */
class ClusterTargetSpec extends CompilingSpec {

    def "target cluster(…) asks for an embedded primary with replicas"() {
        expect:
        compile("""
            scenario('s') {
                target $words
                group { loop { write { sql 'SELECT 1' }; read { sql 'SELECT 2' } } }
            }""").target() == expected

        where:
        words                                        || expected
        'cluster(replicas: 2, synchronous: false)'   || TargetSpec.cluster(2, false)
        'cluster(replicas: 1, synchronous: true)'    || TargetSpec.cluster(1, true)
        'cluster()'                                  || TargetSpec.cluster(2, false)
    }

    def "read and write blocks keep their steps in order"() {
        when:
        def steps = compile('''
            scenario('s') {
                target cluster()
                group { loop { write { sql 'INSERT INTO t VALUES (1)' }; read { sql 'SELECT 1'; sql 'SELECT 2', name: 'two' } } }
            }''').stages()[0].groups()[0].steps()

        then:
        steps*.route() == [Routed.Route.WRITE, Routed.Route.READ]
        steps[1].steps()*.operation() == ['select', 'two']
    }

    def "routing words say how a multi-host target spreads its work; the ones not written leave the settings in force"() {
        expect:
        compile("""
            scenario('s') {
                target cluster()
                $words
                group { loop { read { sql 'SELECT 1' } } }
            }""").target().routing() == expected

        where:
        words                                                   || expected
        ''                                                      || TargetSpec.Routing.NONE
        'balancer greedy'                                       || new TargetSpec.Routing('greedy', null, null, null, null, null)
        "balancer 'randomWeighted'; fallbackToPrimary false"    || new TargetSpec.Routing('randomWeighted', false, null, null, null, null)
        'hostPool 4; primaryAsReplicaWeight 0.25'               || new TargetSpec.Routing(null, null, 4, 0.25d, null, null)
        'primaryAsReplicaWeight 20.percent; refresh 200.ms'     || new TargetSpec.Routing(null, null, null, 0.2d, null, Duration.ofMillis(200))
        'acquireTimeout 2.seconds; balancer roundRobin'         || new TargetSpec.Routing('roundRobin', null, null, null, Duration.ofSeconds(2), null)
    }

    def "fault words in at blocks are kept with their event, as written"() {
        expect:
        compile('''
            scenario('s') {
                target cluster(replicas: 2)
                group { loop { write { sql 'SELECT 1' } } }
                at(2.seconds) { kill('replica1') }
                at(5.seconds, 'failover') { failover(); restart('node0') }
                at(6.seconds) { log 'no fault here' }
            }''').events()*.faults() == [["kill('replica1')"], ['failover()', "restart('node0')"], []]
    }

    def "fault words are refused on targets stampede does not control, unknown nodes are named, routing words are checked"() {
        expect:
        problems("scenario('s') {\n  $target\n  group { loop { sql 'SELECT 1' } }\n  $line\n}") == [expected]

        where:
        target                                         | line                                || expected
        ''                                             | 'at(1.seconds) { failover() }'      || "x.groovy:4:19: failover() needs a target stampede controls, such as target cluster(replicas: 2) (the scenario's target is postgres(), which stampede cannot break on purpose)"
        "target postgres('postgresql://db1,db2/app')"  | "at(1.seconds) { kill('primary') }" || "x.groovy:4:19: kill('primary') needs a target stampede controls, such as target cluster(replicas: 2) (the scenario's target is postgres(…), which stampede cannot break on purpose)"
        'target cluster(replicas: 1)'                  | "at(1.seconds) { kill('replcia1') }" || "x.groovy:4:19: unknown node 'replcia1' for kill (did you mean `replica1`?) (nodes of cluster(replicas: 1): primary, replica1, node0, node1)"
        'target cluster(replicas: 1)'                  | "at(1.seconds) { failover('node1') }" || "x.groovy:4:19: failover() takes no arguments: it kills the primary and promotes the most advanced replica (got 1)"
        'target cluster(replicas: 1)'                  | "balancer 'fastest'"                || "x.groovy:4:3: balancer needs roundRobin, greedy or randomWeighted (got 'fastest')"
        'target cluster(replicas: 1)'                  | 'primaryAsReplicaWeight 2'          || "x.groovy:4:3: primaryAsReplicaWeight is the primary's share of reads, a number from 0 to 1 like 0.2 or 20.percent (got 2)"
        'target cluster(replicas: 1)'                  | 'refresh 1.ms'                      || "x.groovy:4:3: refresh must be at least 10ms: every check is a query on every host (got 1ms)"
    }
}
