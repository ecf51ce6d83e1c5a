package dev.stampede.dsl

import dev.stampede.engine.fib.FibModel
import dev.stampede.engine.plan.FibServerSpec
import dev.stampede.engine.plan.Step
import dev.stampede.engine.plan.TargetSpec
import spock.lang.Unroll

/** {@code target fibServer('model')} for the run or for one stage, and what the DSL refuses about it. */
class FibServerTargetSpec extends CompilingSpec {

    def "target fibServer('thread-pool') names a server the run starts; its steps are the TCP ones"() {
        when:
        def plan = compile('''
            scenario('s') {
                target fibServer('thread-pool')
                group { loop { request 30, name: 'long' } }
            }''')

        then:
        plan.target() == TargetSpec.fibServer(new FibServerSpec('thread-pool', 0, 40))
        plan.target().family() == Step.Family.TCP
        plan.target().describe() == 'fibServer(thread-pool)'
        plan.mismatches(Step.Family.TCP, 'x').isEmpty()
    }

    def "fibServer takes model:, workers: and maxN: by name"() {
        expect:
        compile('''
            scenario('s') {
                target fibServer(model: 'queue-workers', workers: 3, maxN: 35)
                group { loop { request 1 } }
            }''').target().fibServer().get() == new FibServerSpec('queue-workers', 3, 35)
    }

    def "a stage may name its own target; a scenario whose stages all do needs none"() {
        when:
        def plan = compile('''
            scenario('s') {
                stages {
                    for (m in ['event-loop', 'sequential']) {
                        def model = m
                        stage("$model") { target fibServer(model); duration 1.seconds; group { loop { request 1 } } }
                    }
                }
            }''')

        then:
        plan.stages()*.target()*.get()*.describe() == ['fibServer(event-loop)', 'fibServer(sequential)']
        plan.targetPerStage()
        plan.mismatches(Step.Family.TCP, 'x').isEmpty()
    }

    @Unroll
    def "refuses #problem"() {
        expect:
        problems(script) == expected

        where:
        problem                          | script || expected
        'an unknown model'               | "scenario('s') {\n  target fibServer('thred-pool')\n  group { loop { request 1 } }\n}" || ["x.groovy:2:10: unknown fibServer model 'thred-pool' (did you mean `thread-pool`?) (models: ${FibModel.labels()})"]
        'a model that is not a name'     | "scenario('s') {\n  target fibServer(3)\n  group { loop { request 1 } }\n}" || ["x.groovy:2:10: fibServer needs a model, e.g. fibServer('thread-pool') (got 3; models: ${FibModel.labels()})"]
        'an unknown fibServer option'    | "scenario('s') {\n  target fibServer(model: 'event-loop', wokers: 2)\n  group { loop { request 1 } }\n}" || ["x.groovy:2:10: fibServer takes model:, workers: and maxN: (got wokers:) (did you mean `workers`?)"]
        'maxN beyond what a long holds'  | "scenario('s') {\n  target fibServer(model: 'event-loop', maxN: 100)\n  group { loop { request 1 } }\n}" || ["x.groovy:2:10: fibServer maxN: must be between 0 and 92 (got 100)"]
        'SQL steps against a fibServer'  | "scenario('s') {\n  target fibServer('event-loop')\n  group {\n    loop { sql 'SELECT 1' }\n  }\n}" || ["x.groovy:4:12: sql needs a PostgreSQL target (the scenario's target is fibServer(event-loop))"]
        'a PostgreSQL target in a stage' | "scenario('s') {\n  stages {\n    stage('a') {\n      target postgres()\n      group { loop { request 1 } }\n    }\n  }\n}" || ["x.groovy:4:7: a stage's own target is tcp('host:port') or fibServer('model') (got postgres())"]
    }
}
