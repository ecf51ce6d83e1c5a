package dev.stampede.dsl

import dev.stampede.engine.plan.Connect
import dev.stampede.engine.plan.Request
import dev.stampede.engine.plan.TargetSpec
import spock.lang.Unroll

import java.util.random.RandomGenerator

/** {@code target tcp('host:port')}, {@code request}, and which steps each kind of target accepts. */
class TcpStepsSpec extends CompilingSpec {

    def "a TCP scenario: target tcp, request with a value or a generator, expect: and name:"() {
        when:
        def plan = compile('''
            scenario('s') {
                target tcp('127.0.0.1:25000')
                group {
                    loop {
                        request '30', expect: '832040'
                        request random.between(1, 3), name: 'small'
                        connect()
                    }
                }
            }''')
        def steps = plan.stages()[0].groups()[0].steps()

        then:
        plan.target() == TargetSpec.tcp('127.0.0.1:25000')
        plan.target().url().get() == 'tcp://127.0.0.1:25000'
        steps[0] == new Request('request', steps[0].payload(), Optional.of('832040'))
        steps[0].payload().next(RandomGenerator.getDefault()) == '30'
        steps[1].operation() == 'small'
        steps[1].expect().isEmpty()
        (1..20).collect { steps[1].payload().next(RandomGenerator.getDefault()) }.every { it in [1L, 2L, 3L] || it in [1, 2, 3] }
        steps[2] == new Connect()
        plan.operationNames() == ['request', 'small', 'connect']
    }

    def "the target may come from a param"() {
        expect:
        compile('''
            scenario('s') {
                param 'url', '127.0.0.1:1'
                target tcp(param('url'))
                group { loop { request 'x' } }
            }''', [url: '127.0.0.1:2']).target().url().get() == 'tcp://127.0.0.1:2'
    }

    @Unroll
    def "refuses #problem"() {
        expect:
        problems(script) == expected

        where:
        problem                                | script || expected
        'SQL steps against a TCP target'       | "scenario('s') {\n  target tcp('127.0.0.1:1')\n  group {\n    loop { sql 'SELECT 1' }\n  }\n}" || ["x.groovy:4:12: sql needs a PostgreSQL target (the scenario's target is tcp('127.0.0.1:1'))"]
        'a request against PostgreSQL'         | "scenario('s') {\n  target postgres()\n  group {\n    loop { request '1' }\n  }\n}" || ["x.groovy:4:12: request needs a TCP target (the scenario's target is postgres())"]
        'a TCP target without a port'          | "scenario('s') {\n  target tcp('localhost')\n  group { loop { request '1' } }\n}" || ["x.groovy:2:10: tcp needs 'host:port' with a port 1..65535, e.g. tcp('127.0.0.1:25000') (got 'localhost')"]
        'a request without a payload'          | "scenario('s') {\n  target tcp('127.0.0.1:1')\n  group { loop { request null } }\n}" || ["x.groovy:3:18: request needs a payload: a value or a generator like random.between(1, 30) (got null)"]
        'holding connections of a TCP target'  | "scenario('s') {\n  target tcp('127.0.0.1:1')\n  group('g') {\n    hold 10\n  }\n}" || ["x.groovy:3:3: group 'g' holds connections, which needs a PostgreSQL target (the scenario's target is tcp('127.0.0.1:1'))"]
        'a misspelt request option'            | "scenario('s') {\n  target tcp('127.0.0.1:1')\n  group { loop { request '1', expct: '1' } }\n}" || ["x.groovy:3:18: unknown option 'expct:' for request (did you mean `expect`?)"]
    }
}
