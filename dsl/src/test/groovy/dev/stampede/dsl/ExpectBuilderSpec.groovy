package dev.stampede.dsl

import dev.stampede.engine.plan.SourceRef
import dev.stampede.engine.plan.Threshold
import spock.lang.Unroll

import static dev.stampede.engine.plan.Threshold.Comparison.*
import static dev.stampede.engine.plan.Threshold.Metric.*

class ExpectBuilderSpec extends CompilingSpec {

    /** The thresholds of {@code expect { line }} in a scenario whose group records insert, select and connect. */
    List<Threshold> thresholds(String line, String expectArgs = '') {
        compile("""\
            scenario('s') {
                group('g') {
                    insertBatch 't', row: fake.person()
                    sql 'SELECT 1'
                    connect()
                }
                expect$expectArgs {
                    $line
                }
            }""").thresholds()
    }

    static SourceRef at = new SourceRef('x.groovy', 8, 9)

    @Unroll
    def "#line is threshold #metric #comparison #value on #operation"() {
        expect:
        thresholds(line) == [new Threshold(line, operation, metric, comparison, value, false, at)]

        where:
        line                              || operation | metric     | comparison | value
        "p99('insert') < 200.ms"          || 'insert'  | P99        | LT         | 200
        'p95() < 50.ms'                   || null      | P95        | LT         | 50
        "p50('select') <= 1.5.ms"         || 'select'  | P50        | LE         | 1.5
        "p75('select') < 2.ms"            || 'select'  | P75        | LT         | 2
        "p90('select') < 1.seconds"       || 'select'  | P90        | LT         | 1000
        "p999('select') < 250.ms"         || 'select'  | P999       | LT         | 250
        "max('connect') <= 1.seconds"     || 'connect' | MAX        | LE         | 1000
        "mean('connect') < 500.ms"        || 'connect' | MEAN       | LT         | 500
        'errorRate() < 0.1.percent'       || null      | ERROR_RATE | LT         | 0.001
        "errorRate('insert') <= 0.01"     || 'insert'  | ERROR_RATE | LE         | 0.01
        "rate('select') >= 900"           || 'select'  | RATE       | GE         | 900
        "rate('select') > 900.perSecond"  || 'select'  | RATE       | GT         | 900
        "count('insert') > 0"             || 'insert'  | COUNT      | GT         | 0
        "errors('connect') <= 10"         || 'connect' | ERRORS     | LE         | 10
        "200.ms > p99('insert')"          || 'insert'  | P99        | LT         | 200
        '0 < count()'                     || null      | COUNT      | GT         | 0
        "p99 'insert' < 200.ms"           || 'insert'  | P99        | LT         | 200
        'p99 < 200.ms'                    || null      | P99        | LT         | 200
        'writeUnavailable() < 5.seconds'  || null      | WRITE_UNAVAILABLE | LT  | 5000
        'readUnavailable() <= 500.ms'     || null      | READ_UNAVAILABLE | LE   | 500
        'detectTime() < 2.seconds'        || null      | DETECT_TIME | LT        | 2000
        'lostWrites() == 0'               || null      | LOST_WRITES | EQ        | 0
        'lostWrites() < 10'               || null      | LOST_WRITES | LT        | 10
    }

    def "expect(abortOnFail: true) marks its thresholds; several expect blocks add up"() {
        when:
        def plan = compile('''
            scenario('s') {
                group('g') { connect() }
                expect(abortOnFail: true) { errorRate() < 5.percent }
                expect { p99() < 10.ms; count() > 0 }
            }''')

        then:
        plan.thresholds() == [
                new Threshold('errorRate() < 5.percent', null, ERROR_RATE, LT, 0.05, true, new SourceRef('x.groovy', 4, 33)),
                new Threshold('p99() < 10.ms', null, P99, LT, 10, false, new SourceRef('x.groovy', 5, 14)),
                new Threshold('count() > 0', null, COUNT, GT, 0, false, new SourceRef('x.groovy', 5, 29))]
    }

    def "a && b is two thresholds, both must hold"() {
        expect:
        thresholds("p99('insert') < 200.ms && count('select') > 0") == [
                new Threshold("p99('insert') < 200.ms", 'insert', P99, LT, 200, false, at),
                new Threshold("count('select') > 0", 'select', COUNT, GT, 0, false, new SourceRef('x.groovy', 8, 35))]
    }

    def "an expect block is Groovy: params, loops and conditions work"() {
        when:
        def plan = compile('''
            scenario('s') {
                param 'strict', true
                param 'p99', 20.ms
                group('g') { sql 'SELECT 1', name: 'a'; sql 'SELECT 1', name: 'b' }
                expect {
                    if (param('strict')) {
                        p99('a') < param('p99')
                    }
                    ['a', 'b'].each { op ->
                        count(op) > 0
                    }
                }
            }''')

        then:
        plan.thresholds()*.expression() == ["p99('a') < param('p99')", 'count(op) > 0', 'count(op) > 0']
        plan.thresholds()*.operation() == ['a', 'a', 'b']
        plan.thresholds()[0].value() == 20
    }

    def "thresholds may name what a load model records: hold's open and keepalive, an open group's lag"() {
        expect:
        compile('''
            scenario('s') {
                group('h') { hold 5 }
                group('r') { rate 10; connect() }
                expect { p99('open') < 1.seconds; max('keepalive') < 1.seconds; p99('r lag') < 5.ms }
            }''').thresholds()*.operation() == ['open', 'keepalive', 'r lag']
    }

    def "a threshold may name an operation of any stage or mix branch"() {
        expect:
        compile('''
            scenario('s') {
                stages {
                    stage('a') { group { mix { 100.percent { transaction('t') { sql 'SELECT 1', name: 'inner' } } } } }
                    stage('b') { group { connect() } }
                }
                expect { p99('inner') < 5.ms; p99('t') < 5.ms; p99('connect') < 5.ms }
            }''').thresholds().size() == 3
    }
}
