package dev.stampede.dsl

import dev.stampede.engine.plan.ClosedLoop
import dev.stampede.engine.plan.Connect
import dev.stampede.engine.plan.TargetSpec
import spock.lang.Specification
import spock.lang.Unroll

import java.nio.file.Files
import java.nio.file.Path
import java.time.Duration

class ScenarioCompilerSpec extends CompilingSpec {

    def "compiles the first slice into a plan: params, target, duration, a closed group looping connect()"() {
        when:
        def plan = compile('''
            scenario('churn') {
                description 'open and close'
                param 'workers', 10
                target postgres()
                duration 5.seconds
                group('churn') {
                    workers param('workers')
                    loop { connect() }
                }
            }''')

        then:
        plan.name() == 'churn'
        plan.description() == 'open and close'
        plan.params() == [workers: 10]
        plan.target() == TargetSpec.DEFAULT
        plan.duration() == Duration.ofSeconds(5)
        plan.stages().size() == 1
        with(plan.stages()[0].groups()[0]) {
            name() == 'churn'
            load() == new ClosedLoop(10)
            steps() == [new Connect()]
            where().line() == 7
        }
        plan.operationNames() == ['connect']
    }

    def "--set overrides a param in the type of its default"() {
        expect:
        compile('''
            scenario('s') {
                param 'workers', 10
                param 'pause', 1.seconds
                param 'label', 'a'
                group { workers param('workers'); loop { connect() } }
            }''', [workers: '1_000', pause: '250ms', label: 'b']).params() == [workers: 1000, pause: Duration.ofMillis(250), label: 'b']
    }

    def "a scenario without duration runs for the default 30 seconds; a named target is kept"() {
        when:
        def plan = compile('''
            scenario('s') {
                target postgres('postgresql://u@h/db')
                group { loop { connect('open') } }
            }''')
        then:
        plan.duration() == Duration.ofSeconds(30)
        plan.target().url().get() == 'postgresql://u@h/db'
        plan.operationNames() == ['open']
        plan.stages()[0].groups()[0].load() == new ClosedLoop(1)
    }

    @Unroll
    def "reports #problem"() {
        expect:
        problems(script, sets) == expected

        where:
        problem                               | script                                                                                   | sets            || expected
        'a misspelt word with a suggestion'   | "scenario('s') {\n  group {\n    wrkers 5\n    loop { connect() }\n  }\n}"               | [:]             || ["x.groovy:3:5: unknown word 'wrkers' in group 'group1' (did you mean `workers`?)"]
        'a wrong type'                        | "scenario('s') {\n  group {\n    workers 'ten'\n    loop { connect() }\n  }\n}"           | [:]             || ["x.groovy:3:5: workers needs a whole number (got 'ten')"]
        'an out-of-range value'               | "scenario('s') {\n  group {\n    workers 0\n    loop { connect() }\n  }\n}"               | [:]             || ["x.groovy:3:5: workers must be between 1 and 1000000 (got 0)"]
        'a zero duration'                     | "scenario('s') {\n  duration 0.seconds\n  group { loop { connect() } }\n}"                | [:]             || ["x.groovy:2:3: duration needs a duration > 0 (got 0s)"]
        'an unclosed brace'                   | "scenario('s') {\n  group {\n    loop { connect() }\n}"                                   | [:]             || ["x.groovy:4:2: the file ends inside a block: a '{' is missing its '}'"]
        'a group without steps'               | "scenario('s') {\n  group('g') {\n    workers 2\n  }\n}"                                  | [:]             || ["x.groovy:2:3: group 'g' has no steps: add loop { connect() } or another action"]
        'no scenario at all'                  | "def x = 1\n"                                                                             | [:]             || ["x.groovy:1:1: no scenario in this file: expected scenario('name') { … }"]
        'an unknown top-level word'           | "scenaro('s') {\n}"                                                                       | [:]             || ["x.groovy:1:1: unknown word 'scenaro': a scenario file starts with scenario('name') { … }"]
        'an unknown --set name'               | "scenario('s') {\n  param 'workers', 1\n  group { loop { connect() } }\n}"                | [wrkers: '2']   || ["x.groovy: --set wrkers: scenario 's' has no param 'wrkers' (did you mean `workers`?) (params: workers)"]
        'a --set value of the wrong type'     | "scenario('s') {\n  param 'workers', 1\n  group { loop { connect() } }\n}"                | [workers: 'x']  || ["x.groovy:2:3: --set workers=x: param 'workers' is a whole number (got 'x')"]
        'an unknown param read'               | "scenario('s') {\n  param 'workers', 1\n  group { workers param('wrkers'); loop { connect() } }\n}" | [:] || ["x.groovy:3:19: unknown param 'wrkers' (did you mean `workers`?)"]
        'several problems at once'            | "scenario('s') {\n  duraton 5.seconds\n  group {\n    wrkers 5\n    loop { connect() }\n  }\n}" | [:] || ["x.groovy:2:3: unknown word 'duraton' in scenario 's' (did you mean `duration`?)", "x.groovy:4:5: unknown word 'wrkers' in group 'group1' (did you mean `workers`?)"]
        'a misspelt unit'                     | "scenario('s') {\n  duration 5.secnds\n  group { loop { connect() } }\n}"                 | [:]             || ["x.groovy:2:14: unknown word 'secnds' after a number (did you mean `seconds`?)"]
    }

    def "an empty file and a missing file are one-line problems naming the file"() {
        given:
        def dir = Files.createTempDirectory('dsl')
        def empty = dir.resolve('empty.groovy')
        Files.writeString(empty, '  \n')

        when:
        compiler.compile(empty, 'empty.groovy', [:])
        then:
        def e = thrown(ScenarioException)
        e.message == 'empty.groovy:1:1: the file is empty: expected scenario(\'name\') { … }'

        when:
        compiler.compile(dir.resolve('nope.groovy'), 'nope.groovy', [:])
        then:
        def e2 = thrown(ScenarioException)
        e2.message == 'nope.groovy: no such file'
    }

    def "the bundled churn scenario compiles with 10 workers by default"() {
        when:
        def plan = compiler.compile(Path.of('../scenarios/churn.groovy'), 'scenarios/churn.groovy', [:])
        then:
        plan.name() == 'churn'
        plan.params().workers == 10
        plan.params().sweep == ''
        plan.stages()[0].groups()[0].load() == new ClosedLoop(10)
    }
}
