package dev.stampede.dsl

import dev.stampede.engine.plan.Copy
import dev.stampede.engine.plan.Row
import dev.stampede.engine.plan.Safety
import dev.stampede.engine.plan.SourceRef
import dev.stampede.engine.plan.Sql

import java.time.Duration

class ScenarioBuilderSpec extends CompilingSpec {

    static final String SCRIPT = '''
        scenario('s') {
            param 'cleanup', false
            safety { minFreeConnections 5 }
            setup {
                sql 'CREATE TABLE IF NOT EXISTS t (id bigserial PRIMARY KEY, name text, email text, age int, address text, phone_number text)'
                copy 't', rows: 10, row: fake.person()
            }
            teardown { sql 'DROP TABLE IF EXISTS t' }
            cleanup param('cleanup')
            group('g') { sql 'SELECT 1' }
        }'''

    def "setup steps run before the first stage; safety is kept"() {
        when:
        def plan = compile(SCRIPT)

        then:
        plan.setup() == [
                new Sql('create', 'CREATE TABLE IF NOT EXISTS t (id bigserial PRIMARY KEY, name text, email text, age int, address text, phone_number text)', []),
                new Copy('copy', 't', 10, new Row(FakeWords.PERSON_COLUMNS, new FakeWords.Person()))]
        plan.safety() == new Safety(5)
    }

    def "teardown is in the plan only with cleanup true, which a param can switch on"() {
        expect:
        compile(SCRIPT).teardown() == []
        compile(SCRIPT, [cleanup: 'true']).teardown() == [new Sql('drop', 'DROP TABLE IF EXISTS t', [])]
    }

    def "operations of setup do not count for thresholds"() {
        expect:
        problems('''
            scenario('s') {
                setup { sql 'CREATE TABLE t (id int)' }
                group('g') { sql 'SELECT 1' }
                expect { p99('create') < 5.ms }
            }''') == ["x.groovy:5:14: no operation 'create' in scenario 's' (operations: select)"]
    }

    def "at(t) { } is a timed event whose block gets the run's context; it may be named"() {
        given:
        def logs = []
        def plan = compile('''
            scenario('s') {
                param 'node', 'replica1'
                group('g') { connect() }
                at(30.seconds) { log 'halfway' }
                at('1m', 'failover') { ctx -> log "kill ${param('node')}" }
            }''')

        when:
        plan.events()*.action()*.run(context(logs, [node: 'replica2']))

        then:
        plan.events()*.at() == [Duration.ofSeconds(30), Duration.ofMinutes(1)]
        plan.events()*.name() == ['at 30s', 'failover']
        plan.events()*.action()*.where() == [new SourceRef('x.groovy', 5, 5), new SourceRef('x.groovy', 6, 5)]
        logs == ['halfway', 'kill replica2']
    }

    def "script variables and functions are usable inside blocks"() {
        expect:
        compile('''
            def table = 'events'
            rowsPerBatch = 25
            def payload(int n) { [data: random.text(n)] }
            scenario('s') {
                group('g') {
                    insertBatch table, rows: rowsPerBatch, row: [id: random.uuid()]
                }
            }''').stages()[0].groups()[0].steps()[0].rows() == 25
    }

    def "a description and a target are kept"() {
        expect:
        with(compile('''
            scenario('s') {
                description 'one line'
                target postgres('postgresql://u:secret@h/db')
                group('g') { connect() }
            }''')) {
            description() == 'one line'
            target().url().get() == 'postgresql://u:secret@h/db'
        }
    }
}
