package dev.stampede.dsl

import dev.stampede.dsl.ini.IniWorkload
import dev.stampede.engine.plan.ClosedLoop
import dev.stampede.engine.plan.Sql
import spock.lang.Specification
import spock.lang.Unroll

import java.time.Duration

/** The INI workload format read as it is, its problems as file:line, and its conversion to a scenario that compiles to the same plan. */
class IniWorkloadSpec extends Specification {

    static final String SWEEP = '''\
        # a comment
        duration=2s
        concurrency-min=1
        concurrency-max=8
        wait-between-runs=3s
        ; another comment
        [setup]
        query=CREATE TABLE t (id int)
        query = INSERT INTO t VALUES (1)
        [teardown]
        query=DROP TABLE t
        [read it all]
        query=SELECT * FROM t
        query=SELECT 1
        '''.stripIndent()

    def "a sweep file becomes one stage per power of two, its workload one timed operation of its queries in order, set-up and teardown kept"() {
        when:
        def plan = IniWorkload.parse(SWEEP, 'w/x.ini').plan(Duration.ofSeconds(5))

        then:
        plan.name() == 'x'
        plan.stages()*.name() == ['1 workers', '2 workers', '4 workers', '8 workers']
        plan.stages()*.duration() == [Duration.ofSeconds(2)] * 4
        plan.stages()*.settle() == [Duration.ZERO] + [Duration.ofSeconds(3)] * 3
        plan.stages().collect { it.groups()[0].load() } == [1, 2, 4, 8].collect { new ClosedLoop(it) }
        plan.stages()[0].groups()[0].steps() == [new Sql('read it all', 'SELECT * FROM t; SELECT 1', [])]
        plan.setup()*.text() == ['CREATE TABLE t (id int)', 'INSERT INTO t VALUES (1)']
        plan.teardown()*.text() == ['DROP TABLE t']
        plan.operationNames() == ['read it all']
    }

    def "a fixed-concurrency file with several workloads runs them side by side; without wait-between-runs the default pause applies"() {
        when:
        def fixed = IniWorkload.parse('concurrency=3\n[a]\nquery=SELECT 1\n[b]\nquery=SELECT 2\n', 'f.ini').plan(Duration.ofSeconds(5))
        def swept = IniWorkload.parse('concurrency-min=2\nconcurrency-max=4\n[a]\nquery=SELECT 1\n[b]\nquery=SELECT 2\n', 's.ini').plan(Duration.ofSeconds(5))

        then:
        fixed.stages().size() == 1
        fixed.duration() == ScenarioBuilder.DEFAULT_DURATION
        fixed.stages()[0].groups().collect { [it.name(), it.load()] } == [['a', new ClosedLoop(3)], ['b', new ClosedLoop(3)]]
        swept.stages().collect { st -> st.groups()*.load() } == [[new ClosedLoop(2)] * 2, [new ClosedLoop(4)] * 2]
        swept.stages()[1].settle() == Duration.ofSeconds(5)
    }

    @Unroll
    def "a malformed file gets every problem at once, as file:line: #expected"() {
        when:
        IniWorkload.parse(text, 'bad.ini')

        then:
        def e = thrown(ScenarioException)
        e.problems()*.toString() == expected

        where:
        text                                                         || expected
        'duraton=10s\n[a]\nquery=SELECT 1\n'                         || ["bad.ini:1: unknown setting 'duraton' (did you mean `duration`?) (settings: duration, concurrency, concurrency-min, concurrency-max, wait-between-runs)"]
        'query=SELECT 1\n[a]\nquery=SELECT 1\n'                      || ["bad.ini:1: unknown setting 'query' (query= belongs in a section like [setup] or [select1])"]
        '[a]\nquerry=SELECT 1\nquery=SELECT 2\n'                     || ["bad.ini:2: unknown key 'querry' in [a] (did you mean `query`?) (a section holds query= lines)"]
        '[a]\nquery=SELECT 1\nduration=5s\n'                         || ["bad.ini:3: unknown key 'duration' in [a] (duration is a global setting: put it before the first section)"]
        'duration=soon\nconcurrency=0\n[a]\nquery=SELECT 1\n'        || ["bad.ini:1: duration needs a duration > 0 like 10s or 2m (got 'soon')",
                                                                          "bad.ini:2: concurrency needs a whole number of connections between 1 and 1000000 (got '0')"]
        'concurrency-min=8\nconcurrency-max=2\n[a]\nquery=SELECT 1'  || ['bad.ini:1: concurrency-min must be <= concurrency-max (got 8 > 2)']
        'concurrency-min=8\n[a]\nquery=SELECT 1'                     || ['bad.ini:1: concurrency-min needs concurrency-max too: a sweep runs from min to max']
        'concurrency=4\nconcurrency-max=8\n[a]\nquery=SELECT 1'      || ['bad.ini:1: concurrency is a fixed load, concurrency-min/max a sweep: keep one']
        'duration=1s\nduration=2s\n[a]\nquery=SELECT 1'              || ['bad.ini:2: duration is set twice (first on line 1)']
        '[a]\nquery=SELECT 1\n[a]\nquery=SELECT 2'                   || ['bad.ini:3: section [a] appears twice (first on line 1)']
        '[a]\n[b]\nquery=SELECT 1\nquery=\n'                         || ['bad.ini:1: workload [a] has no query= lines', 'bad.ini:4: query= in [b] is empty']
        '[]\nquery=SELECT 1\n[a\nSELECT 1\n'                         || ["bad.ini:1: a section header needs a name, like [select1] (got '[]')",
                                                                          "bad.ini:3: a section header needs a name, like [select1] (got '[a')",
                                                                          "bad.ini:4: expected key=value or a [section] (got 'SELECT 1')"]
        'duration=1s\n[setup]\nquery=SELECT 1\n'                     || ['bad.ini: no workload: add a section like [select1] with query=SELECT 1']
        '[setup]\nquery=CREATE TABLE t (id int)\n[a]\nquery=SELECT * FROM t WHERE id = ?\n' || ["bad.ini:4: query= in [a] has a ? placeholder, but INI workloads have no parameters (write ?? for a literal ?, like jsonb's ? operator)"]
        '[setup]\nquery=INSERT INTO t VALUES (?)\n[a]\nquery=SELECT 1\n'          || ["bad.ini:2: query= in [setup] has a ? placeholder, but INI workloads have no parameters (write ?? for a literal ?, like jsonb's ? operator)"]
    }

    def "a ? in quotes or comments, or written ??, is no placeholder and is accepted"() {
        when:
        def w = IniWorkload.parse("[a]\nquery=SELECT 'why?', \"q?\" FROM t /* ? */ WHERE j ?? 'k' -- ?\n", 'ok.ini')

        then:
        w.workloads()*.queries() == [["SELECT 'why?', \"q?\" FROM t /* ? */ WHERE j ?? 'k' -- ?"]]
    }

    def "convert writes a scenario that compiles to the same plan"() {
        given:
        def ini = IniWorkload.parse(SWEEP.replace('SELECT 1', "SELECT 'it''s' AS \\\\x"), 'w/x.ini')

        when:
        def fromIni = ini.plan(Duration.ofSeconds(5))
        def fromGroovy = new ScenarioCompiler().compile(ini.groovy(), 'x.groovy', 'x.groovy', [:])

        then:
        ini.groovy().contains("sweep workers: 1..8, pause: 3.seconds")
        fromGroovy.name() == fromIni.name()
        fromGroovy.stages().collect { [it.name(), it.duration(), it.settle(), it.groups()*.load(), it.groups()*.steps()] } ==
                fromIni.stages().collect { [it.name(), it.duration(), it.settle(), it.groups()*.load(), it.groups()*.steps()] }
        fromGroovy.setup() == fromIni.setup()
        fromGroovy.teardown() == fromIni.teardown()
        fromGroovy.operationNames() == fromIni.operationNames()
    }
}
