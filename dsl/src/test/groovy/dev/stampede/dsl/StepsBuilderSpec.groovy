package dev.stampede.dsl

import dev.stampede.engine.plan.Connect
import dev.stampede.engine.plan.Copy
import dev.stampede.engine.plan.InsertBatch
import dev.stampede.engine.plan.Pause
import dev.stampede.engine.plan.Routed
import dev.stampede.engine.plan.Row
import dev.stampede.engine.plan.SourceRef
import dev.stampede.engine.plan.Sql
import dev.stampede.engine.plan.Timed
import dev.stampede.engine.plan.Transaction
import dev.stampede.engine.plan.UpdateRandom
import dev.stampede.engine.plan.Value
import spock.lang.Unroll

import java.time.Duration

class StepsBuilderSpec extends CompilingSpec {

    @Unroll
    def "#words adds #step"() {
        expect:
        group(words).steps() == [step]

        where:
        words                                                              || step
        'connect()'                                                        || new Connect()
        "connect('open')"                                                  || new Connect('open')
        "sql 'SELECT 1'"                                                   || new Sql('select', 'SELECT 1', [])
        "sql 'SELECT 1', name: 'ping'"                                     || new Sql('ping', 'SELECT 1', [])
        "sql 'SELECT * FROM t WHERE id = ?', 42"                           || new Sql('select', 'SELECT * FROM t WHERE id = ?', [Value.of(42)])
        "sql 'SELECT ?', random.between(1, 10_000)"                        || new Sql('select', 'SELECT ?', [new RandomWords.Between(1, 10_000)])
        "sql 'SELECT ?, ?', 'a', null, name: 'two'"                        || new Sql('two', 'SELECT ?, ?', [Value.of('a'), Value.of(null)])
        "sql 'SELECT ?', null"                                             || new Sql('select', 'SELECT ?', [Value.of(null)])
        "sql \"UPDATE t SET a = '?' WHERE b ?? 'k' AND c = ?\", 1"         || new Sql('update', "UPDATE t SET a = '?' WHERE b ?? 'k' AND c = ?", [Value.of(1)])
        "transaction { sql 'SELECT 1' }"                                   || new Transaction('transaction', [new Sql('select', 'SELECT 1', [])])
        "transaction('checkout') { connect(); sql 'SELECT 1' }"            || new Transaction('checkout', [new Connect(), new Sql('select', 'SELECT 1', [])])
        "write { sql 'INSERT INTO t VALUES (1)' }"                         || new Routed(Routed.Route.WRITE, [new Sql('insert', 'INSERT INTO t VALUES (1)', [])])
        "read { sql 'SELECT 1'; pause 1.ms }"                              || new Routed(Routed.Route.READ, [new Sql('select', 'SELECT 1', []), new Pause(Value.of(Duration.ofMillis(1)))])
        "write { transaction { sql 'SELECT 1' } }"                         || new Routed(Routed.Route.WRITE, [new Transaction('transaction', [new Sql('select', 'SELECT 1', [])])])
        "insertBatch 'load_test_data', rows: 100, row: fake.person()"      || new InsertBatch('insert', 'load_test_data', 100, new Row(FakeWords.PERSON_COLUMNS, new FakeWords.Person()))
        "insertBatch 't', row: [a: 1], name: 'ins', verify: true"          || new InsertBatch('ins', 't', 1, new Row(['a'], new RowValues([Value.of(1)])), true)
        "updateRandom 't', set: [data: random.text(1.kb)]"                 || new UpdateRandom('update', 't', [data: new RandomWords.Text(1024)])
        "updateRandom 'public.t', set: [a: 1, b: fake.name()], name: 'u'"  || new UpdateRandom('u', 'public.t', [a: Value.of(1), b: new FakeWords.Expression('#{Name.name}', 'fake.name()')])
        "copy 't', row: fake.person(data: random.text(10), n: 1)"          || new Copy('copy', 't', 1, new Row(FakeWords.PERSON_COLUMNS + ['data', 'n'], new FakeWords.PersonWith([new RandomWords.Text(10), Value.of(1)])))
        "copy 't', rows: 1000, row: fake.person()"                         || new Copy('copy', 't', 1000, new Row(FakeWords.PERSON_COLUMNS, new FakeWords.Person()))
        'pause 100.ms'                                                     || new Pause(Value.of(Duration.ofMillis(100)))
        "pause '1s'"                                                       || new Pause(Value.of(Duration.ofSeconds(1)))
        'pause random.between(50.ms, 150.ms)'                              || new Pause(new RandomWords.Span(Duration.ofMillis(50), Duration.ofMillis(150)))
        'pause random.pick(1.ms, 2.ms)'                                    || new Pause(new RandomWords.Pick([Duration.ofMillis(1), Duration.ofMillis(2)]))
    }

    def "steps nest: a transaction inside a loop"() {
        expect:
        group('''
            loop {
                transaction('t') {
                    sql 'SELECT 1'
                    pause 1.ms
                }
            }''').steps() == [new Transaction('t', [new Sql('select', 'SELECT 1', []), new Pause(Value.of(Duration.ofMillis(1)))])]
    }

    def "timed wraps any Groovy as user code, run with the worker's context as delegate and argument"() {
        given:
        def logs = []
        def plan = compile('''
            scenario('s') {
                param 'greeting', 'hello'
                group('g') {
                    timed('custom') { ctx ->
                        log "${param('greeting')} ${ctx.random().nextInt(1) + 1}"
                    }
                    timed('bare') { log 'no argument' }
                }
            }''')
        def steps = plan.stages()[0].groups()[0].steps()

        when:
        steps.each { ((Timed) it).code().run(context(logs, [greeting: 'hi'])) }

        then:
        steps*.operation() == ['custom', 'bare']
        steps*.code()*.where() == [new SourceRef('x.groovy', 5, 9), new SourceRef('x.groovy', 8, 9)]
        logs == ['hi 1', 'no argument']
    }

    def "user code that fails throws at run time, to be counted by the engine, not reported into the compiled plan"() {
        given:
        def timed = (Timed) group("timed('t') { notAWord() }").steps()[0]

        when:
        timed.code().run(context())

        then:
        thrown(MissingMethodException)
    }

    def "a closure used as a value is called with the worker's generator on every use"() {
        given:
        def sql = (Sql) group("sql 'SELECT ?', { r -> r.nextInt(5) + 100 }").steps()[0]

        expect:
        (1..20).collect { sql.params()[0].next(new SplittableRandom(it)) }.every { it in 100..104 }
    }

    @Unroll
    def "#sql has #n placeholder(s) as pgjdbc counts them"() {
        expect:
        StepsBuilder.placeholders(sql) == n

        where:
        sql                                           || n
        'SELECT 1'                                    || 0
        'SELECT ?, ?'                                 || 2
        "SELECT '?' || ?"                             || 1
        'SELECT "odd?col" FROM t WHERE a = ?'         || 1
        'SELECT j ?? \'k\' FROM t WHERE a = ?'        || 1
        'SELECT 1 -- why?\n, ?'                       || 1
        'SELECT /* ? */ ?'                            || 1
    }
}
