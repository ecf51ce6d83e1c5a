package dev.stampede.dsl

import spock.lang.Unroll

/**
 * Bad scripts and the exact lines they produce. Scripts are built by {@link #s} (the given lines
 * start at line 2, column 3) and {@link #g} (inside group 'g': line 3, column 5).
 */
class ScenarioErrorsSpec extends CompilingSpec {

    /** A scenario 's' holding {@code lines}, the first on line 2, indented two spaces. */
    static String s(String... lines) {
        "scenario('s') {\n" + lines.collect { '  ' + it }.join('\n') + "\n}"
    }

    /** A scenario 's' with one group 'g' holding {@code lines}, the first on line 3, indented four spaces. */
    static String g(String... lines) {
        s(*(["group('g') {"] + lines.collect { '  ' + it } + ['}']))
    }

    @Unroll
    def "#problem"() {
        expect:
        problems(script) == expected

        where:
        problem                                              | script || expected
        // load models
        'workers and rate in one group'                      | g('workers 5', 'rate 10.perSecond', 'connect()') || ["x.groovy:4:5: group 'g' has two load models, `workers` (line 3) and `rate`: keep one"]
        'hold and ramp in one group'                         | g('hold 10', 'ramp from: 0, to: 5, over: 1.seconds') || ["x.groovy:4:5: group 'g' has two load models, `hold` (line 3) and `ramp`: keep one"]
        'a ramp over no time'                                | g('ramp from: 0, to: 10, over: 0.seconds', 'connect()') || ["x.groovy:3:5: ramp needs a duration > 0 (got 0s)"]
        'a ramp without to:'                                 | g('ramp from: 0, over: 10.seconds', 'connect()') || ["x.groovy:3:5: ramp needs to: (got [from: 0, over: 10s])"]
        'a zero rate'                                        | g('rate 0.perSecond', 'connect()') || ["x.groovy:3:5: rate must be > 0 and <= 1000000 per second (got 0/s)"]
        'a rate that is not a rate'                          | g("rate 'fast'", 'connect()') || ["x.groovy:3:5: rate needs arrivals per second like 500.perSecond (got 'fast')"]
        'a ramping rate without from:'                       | g('rate to: 10.perSecond, over: 5.seconds', 'connect()') || ["x.groovy:3:5: rate needs from: to ramp (got [to: 10/s, over: 5s])"]
        'maxWorkers in a closed group'                       | g('workers 5', 'maxWorkers 10', 'connect()') || ["x.groovy:4:5: maxWorkers belongs with rate (group 'g' has `workers`)"]
        'think in an open group'                             | g('rate 10', 'think 5.ms', 'connect()') || ["x.groovy:4:5: think belongs with workers or ramp, not `rate`: add pause to the steps instead"]
        'steps in a hold group'                              | g('hold 10', 'connect()') || ["x.groovy:3:5: group 'g' holds its connections idle: it takes no steps (got 1 step(s))"]
        'no connections to hold'                             | g('hold 0') || ["x.groovy:3:5: hold must be between 1 and 100000 (got 0)"]
        'a misspelt hold option'                             | g('hold 10, bach: 5') || ["x.groovy:3:5: unknown option 'bach:' for hold (did you mean `batch`?)"]
        'batchPause: and rampUp: together'                   | g('hold 10, batchPause: 1.ms, rampUp: 1.seconds') || ["x.groovy:3:5: hold takes batchPause: or rampUp:, not both (got [batchPause: 1ms, rampUp: 1s])"]
        'a pool that is not a pool'                          | g("pool 'big'", 'connect()') || ["x.groovy:3:5: pool needs hikari(maxSize: 20) or raw() (got 'big')"]
        'more idle than pooled connections'                  | g('pool hikari(maxSize: 5, minIdle: 6)', 'connect()') || ["x.groovy:3:10: hikari minIdle must be 0..maxSize (got 6)"]
        'a pool for a hold group'                            | g('hold 10', 'pool hikari()') || ["x.groovy:4:5: pool does not apply to hold: a hold group opens its own connections"]
        // mix
        'a mix of 70 + 20'                                   | g('mix {', '  70.percent { connect() }', '  20.percent { connect() }', '}') || ["x.groovy:3:5: mix must add up to 100% (got 90%)"]
        'a mix without branches'                             | g('mix { }') || ["x.groovy:3:5: mix needs branches like 70.percent { … } 30.percent { … } (got none)"]
        'a step straight inside mix'                         | g('mix { connect() }') || ["x.groovy:3:11: unknown word 'connect' in mix: a mix holds branches like 70.percent { … }"]
        'a branch of more than 100%'                         | g('mix { 150.percent { connect() } }') || ["x.groovy:3:15: a mix branch needs a weight from 0% to 100% (got 150%)"]
        'a branch outside any mix'                           | g('70.percent { connect() }') || ["x.groovy:3:8: 70.percent { … } belongs inside mix { … }"]
        // steps
        'fewer values than placeholders'                     | g("sql 'SELECT ?, ?', 1") || ["x.groovy:3:5: sql needs one value per ? (got 1 value(s) for 2 placeholder(s))"]
        'a misspelt sql option'                              | g("sql 'SELECT 1', nam: 'x'") || ["x.groovy:3:5: unknown option 'nam:' for sql (did you mean `name`?)"]
        'an insert without row:'                             | g("insertBatch 't', rows: 10") || ["x.groovy:3:5: insertBatch needs row: fake.person() or row: [column: value, …]"]
        'a table name that is not one'                       | g("insertBatch 'my table', row: fake.person()") || ["x.groovy:3:5: insertBatch needs a table name like 'load_test_data' (got 'my table')"]
        'too many rows per insert'                           | g("insertBatch 't', rows: 20_000, row: fake.person()") || ["x.groovy:3:5: insertBatch rows: must be between 1 and 10000 (got 20000)"]
        'an update without set:'                             | g("updateRandom 't', set: 'x'") || ["x.groovy:3:5: updateRandom needs set: [column: value, …] (got 'x')"]
        'a copy row that is not a row'                       | g("copy 't', rows: 5, row: 5") || ["x.groovy:3:5: copy row: needs fake.person() or [column: value, …] (got 5)"]
        'a zero pause'                                       | g('pause 0.ms') || ["x.groovy:3:5: pause needs a duration > 0 (got 0s)"]
        'a pause of numbers'                                 | g('pause random.between(1, 5)') || ["x.groovy:3:5: pause needs a duration like 100.ms or random.between(50.ms, 150.ms) (got random.between(1, 5))"]
        'an empty transaction'                               | g('transaction { }') || ["x.groovy:3:5: transaction 'transaction' has no steps: add sql '…' or another action"]
        'a cluster without replicas'                         | s('target cluster(replicas: 0)', "group { loop { sql 'SELECT 1' } }") || ["x.groovy:2:10: cluster replicas: must be a whole number from 1 to 8 (got 0)"]
        'a misspelt cluster option'                          | s('target cluster(replica: 2)', "group { loop { sql 'SELECT 1' } }") || ["x.groovy:2:10: unknown option 'replica:' for cluster (did you mean `replicas`?)"]
        'a pgbouncer mode that is not one'                   | s("target pgbouncer(mode: 'txn')", "group { loop { sql 'SELECT 1' } }") || ["x.groovy:2:10: pgbouncer mode: must be 'session', 'transaction' or 'statement' (got 'txn')"]
        'a pgbouncer pool of none'                           | s('target pgbouncer(poolSize: 0)', "group { loop { sql 'SELECT 1' } }") || ["x.groovy:2:10: pgbouncer poolSize: must be a whole number from 1 to 10000 (got 0)"]
        'an empty read block'                                | g('read { }') || ["x.groovy:3:5: read { } has no steps: add sql '…' or another action"]
        'a write block inside a transaction'                 | g("transaction { write { sql 'SELECT 1' } }") || ["x.groovy:3:19: write { } cannot be inside transaction 'transaction': a transaction runs on one connection (put the transaction inside write { } instead)"]
        'timed without a name'                               | g('timed { }') || ["x.groovy:3:5: timed in group 'g' does not take a { } block"]
        'a misspelt step'                                    | g('conect()') || ["x.groovy:3:5: unknown word 'conect' in group 'g' (did you mean `connect`?)"]
        'a load word inside loop'                            | g('loop { workers 5; connect() }') || ["x.groovy:3:12: unknown word 'workers' in loop of group 'g'"]
        // generators
        'random.between of a number and a duration'          | g("sql 'SELECT ?', random.between(1, 5.seconds)") || ["x.groovy:3:28: random.between needs two whole numbers, two numbers or two durations (got 1, 5s)"]
        'random.between the wrong way round'                 | g("sql 'SELECT ?', random.between(10, 1)") || ["x.groovy:3:28: random.between needs min <= max (got 10, 1)"]
        'an empty random.text'                               | g("updateRandom 't', set: [a: random.text(0)]") || ["x.groovy:3:39: random.text needs a length between 1 and 16777216 like 1.kb (got 0)"]
        'a misspelt random word'                             | g("sql 'SELECT ?', random.betwen(1, 2)") || ["x.groovy:3:28: unknown word 'betwen' in random (did you mean `between`?)"]
        'nothing to pick from'                               | g("sql 'SELECT ?', random.pick([])") || ["x.groovy:3:28: random.pick needs at least one choice (got [])"]
        'a misspelt fake word'                               | g("insertBatch 't', row: fake.persn()") || ["x.groovy:3:32: unknown word 'persn' in fake (did you mean `person`?)"]
        'a fake.person column it already has'                | g("insertBatch 't', row: fake.person(name: 'x')") || ["x.groovy:3:32: fake.person already has a column 'name' (its columns: name, email, age, address, phone_number)"]
        'a fake.person column that is not a name'            | g("insertBatch 't', row: fake.person('my data': 1)") || ["x.groovy:3:32: person needs column names like 'data' (got 'my data')"]
        // expect
        'a threshold on an operation that does not exist'    | s("group('g') { insertBatch 't', row: fake.person() }", 'expect {', "  p99('inser') < 200.ms", '}') || ["x.groovy:4:5: no operation 'inser' in scenario 's' (did you mean `insert`?) (operations: insert)"]
        'a latency compared with a number'                   | s("group('g') { connect() }", "expect { p99('connect') < 200 }") || ["x.groovy:3:12: p99('connect') is a latency: compare it with a duration like 200.ms (got 200)"]
        'an equality threshold'                              | s("group('g') { connect() }", "expect { p99() == 5.ms }") || ["x.groovy:3:12: a threshold compares with <, <=, > or >= (got == in p99() == 5.ms)"]
        'a measure compared with nothing'                    | s("group('g') { connect() }", "expect { p99('connect') }") || ["x.groovy:3:12: p99('connect') is not compared with a limit: write it like p99('connect') < 200.ms"]
        'an error rate above 100%'                           | s("group('g') { connect() }", 'expect { errorRate() < 5 }') || ["x.groovy:3:12: errorRate() is a fraction: compare it with 0.1.percent or a number from 0 to 1 (got 5)"]
        'a rate compared with a duration'                    | s("group('g') { connect() }", "expect { rate('connect') > 5.seconds }") || ["x.groovy:3:12: rate('connect') is per second: compare it with a number or 900.perSecond (got 5s)"]
        'a count compared with a fraction'                   | s("group('g') { connect() }", 'expect { count() > 1.5 }') || ["x.groovy:3:12: count() counts operations: compare it with a whole number >= 0 (got 1.5)"]
        'two measures compared'                              | s("group('g') { connect() }", 'expect { p99() < p95() }') || ["x.groovy:3:12: a threshold compares one measure like p99('insert') with a limit (got p99() < p95())"]
        'a misspelt measure'                                 | s("group('g') { connect() }", "expect { p98('connect') < 5.ms }") || ["x.groovy:3:12: unknown word 'p98' in expect (did you mean `p90`?)"]
        'either/or thresholds'                               | s("group('g') { connect() }", "expect { p99() < 5.ms || p95() < 3.ms }") || ["x.groovy:3:12: a threshold cannot be one or the other (got ||): write each as a line of its own, every one must hold"]
        'a measure compared inside a condition'              | s("group('g') { connect() }", 'expect {', '  if (p99() < 5.ms) { }', '}') || ["x.groovy:4:5: p99() is compared only as a threshold on a line of its own in expect { }, like p99() < 200.ms (got it inside an expression)"]
        'abortOnFail: that is not a boolean'                 | s("group('g') { connect() }", "expect(abortOnFail: 'yes') { p99() < 5.ms }") || ["x.groovy:3:3: expect abortOnFail: needs true or false (got 'yes')"]
        // stages
        'stages and top-level groups'                        | s("group('g') { connect() }", "stages { stage('a') { group { connect() } } }") || ["x.groovy:3:3: scenario 's' has both stages (line 3) and groups outside them (line 2): put every group in a stage"]
        'a scenario duration with stages'                    | s('duration 1.minutes', "stages { stage('a') { group { connect() } } }") || ["x.groovy:2:3: duration belongs in each stage when a scenario has stages (got one for scenario 's')"]
        'a stage without groups'                             | s("stages { stage('a') { duration 5.seconds } }") || ["x.groovy:2:12: stage 'a' has no groups: add group('name') { workers 10; loop { connect() } }"]
        'two stages of one name'                             | s('stages {', "  stage('a') { group { connect() } }", "  stage('a') { group { connect() } }", '}') || ["x.groovy:4:5: stage 'a' is declared twice: give each stage its own name"]
        'stages without a stage'                             | s('stages { }') || ["x.groovy:2:3: stages has no stage: add stage('name') { duration 30.seconds; group { … } }"]
        'a misspelt word in a stage'                         | s("stages { stage('a') { duraton 5.seconds; group { connect() } } }") || ["x.groovy:2:25: unknown word 'duraton' in stage 'a' (did you mean `duration`?)"]
        'two groups of one name'                             | s("group('g') { connect() }", "group('g') { connect() }") || ["x.groovy:3:3: group 'g' is declared twice in the same stage: give each group its own name"]
        // syntax and the user's own Groovy
        'an incomplete statement'                            | g('workers 5 +') || ["x.groovy:4:3: unexpected '}' (is the statement before it complete?)"]
        'a stray parenthesis'                                | g('workers 5)') || ["x.groovy:3:14: unexpected ')' (is the statement before it complete?)"]
        'an unclosed string'                                 | g("sql 'SELECT 1") || ["x.groovy:3:9: this string is never closed: add the closing ' (a '…' or \"…\" string ends on the line where it starts)"]
        'an exception in the scenario\'s own code'           | s('def x = 1 / 0', "group('g') { connect() }") || ["x.groovy:2:3: Division by zero"]
        // scenario-level words
        'a negative minFreeConnections'                      | s('safety { minFreeConnections(-1) }', "group('g') { connect() }") || ["x.groovy:2:12: minFreeConnections must be between 0 and 100000 (got -1)"]
        'a misspelt safety word'                             | s('safety { minFreeConnection 5 }', "group('g') { connect() }") || ["x.groovy:2:12: unknown word 'minFreeConnection' in safety (did you mean `minFreeConnections`?)"]
        // a setting given twice: refused at the second, naming the first (no silent last-wins)
        'workers given twice'                                | g('workers 2', 'workers 3', 'connect()') || ["x.groovy:4:5: `workers` is given twice in group 'g' (first at line 3): keep one"]
        'a rate given twice'                                 | g('rate 10', 'rate 20.perSecond', 'connect()') || ["x.groovy:4:5: `rate` is given twice in group 'g' (first at line 3): keep one"]
        'think given twice'                                  | g('think 10.ms', 'think 20.ms', 'connect()') || ["x.groovy:4:5: `think` is given twice in group 'g' (first at line 3): keep one"]
        'maxWorkers in rate and again'                       | g('rate 10, maxWorkers: 5', 'maxWorkers 8', 'connect()') || ["x.groovy:4:5: `maxWorkers` is given twice in group 'g' (first at line 3): keep one"]
        'a scenario duration given twice'                    | s('duration 5.seconds', "group('g') { connect() }", 'duration 10.seconds') || ["x.groovy:4:3: `duration` is given twice in scenario 's' (first at line 2): keep one"]
        'a stage duration given twice'                       | s("stages { stage('a') {", '  duration 5.seconds', '  duration 6.seconds', '  group { connect() } } }') || ["x.groovy:4:5: `duration` is given twice in stage 'a' (first at line 3): keep one"]
        'a target given twice'                               | s('target postgres()', "target tcp('127.0.0.1:25000')", "group('g') { connect() }") || ["x.groovy:3:3: `target` is given twice in scenario 's' (first at line 2): keep one"]
        'minFreeConnections given twice'                     | s('safety {', '  minFreeConnections 5', '  minFreeConnections 6', '}', "group('g') { connect() }") || ["x.groovy:4:5: `minFreeConnections` is given twice in safety (first at line 3): keep one"]
        'a routing word given twice'                         | s('balancer greedy', 'balancer roundRobin', "group('g') { connect() }") || ["x.groovy:3:3: `balancer` is given twice in scenario 's' (first at line 2): keep one"]
        'cleanup that is not a boolean'                      | s("cleanup 'yes'", "group('g') { connect() }") || ["x.groovy:2:3: cleanup needs true or false (got 'yes')"]
        'an event at a time that is not one'                 | s("at('soon') { log 'x' }", "group('g') { connect() }") || ["x.groovy:2:3: at needs a duration like 30.seconds or '30s' (got 'soon')"]
        'a misspelt rate unit'                               | g('rate 5.perSecnd', 'connect()') || ["x.groovy:3:12: unknown word 'perSecnd' after a number (did you mean `perSecond`?)"]
        'a step in setup that is not one'                    | s('setup { sqll "SELECT 1" }', "group('g') { connect() }") || ["x.groovy:2:11: unknown word 'sqll' in setup (did you mean `sql`?)"]
    }

    def "every problem of a file comes out at once, in line order"() {
        expect:
        problems(s('duration 0.seconds',
                "group('g') {",
                '  workers 5',
                '  rate 10',
                '  mix { 50.percent { connect() } }',
                '}',
                "expect { p99('nope') < 5.ms }")) == [
                "x.groovy:2:3: duration needs a duration > 0 (got 0s)",
                "x.groovy:5:5: group 'g' has two load models, `workers` (line 4) and `rate`: keep one",
                "x.groovy:6:5: mix must add up to 100% (got 50%)",
                "x.groovy:8:12: no operation 'nope' in scenario 's' (operations: connect)"]
    }
}
