package dev.stampede.dsl

import dev.stampede.engine.plan.Routed
import dev.stampede.engine.plan.TargetSpec

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
}
