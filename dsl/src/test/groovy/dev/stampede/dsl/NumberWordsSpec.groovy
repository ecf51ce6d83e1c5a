package dev.stampede.dsl

import spock.lang.Unroll

/**
 * Every word that takes a number or a duration refuses negative, zero (where zero means nothing),
 * overflowing and sub-millisecond values with its own message at its own column, never a Groovy
 * error and never a silent default. Scripts as in {@link ScenarioErrorsSpec}: {@link #g} puts the
 * given lines in group 'g' from line 3, column 5; {@link #st} inside its loop from line 5, column 7.
 */
class NumberWordsSpec extends CompilingSpec {

    static String s(String... lines) {
        "scenario('s') {\n" + lines.collect { '  ' + it }.join('\n') + "\n}"
    }

    static String g(String... lines) {
        s(*(["group('g') {"] + lines.collect { '  ' + it } + ['}']))
    }

    static String st(String... lines) {
        g(*(['workers 1', 'loop {'] + lines.collect { '  ' + it } + ['}']))
    }

    @Unroll
    def "#word: #value"() {
        expect:
        problems(script) == [expected]

        where:
        word                 | value        | script                                                              || expected
        'workers'            | 'negative'   | g('workers -5', 'connect()')                                         || 'x.groovy:3:5: workers must be between 1 and 1000000 (got -5)'
        'workers'            | 'zero'       | g('workers 0', 'connect()')                                          || 'x.groovy:3:5: workers must be between 1 and 1000000 (got 0)'
        'workers'            | 'overflow'   | g('workers 99999999999999999999999', 'connect()')                    || 'x.groovy:3:5: workers must be between 1 and 1000000 (got 99999999999999999999999)'
        'workers'            | 'fraction'   | g('workers 0.5', 'connect()')                                        || 'x.groovy:3:5: workers needs a whole number (got 0.5)'
        'maxWorkers'         | 'negative'   | g('rate 5', 'maxWorkers -5', 'connect()')                            || 'x.groovy:4:5: maxWorkers must be between 1 and 1000000 (got -5)'
        'maxWorkers'         | 'zero'       | g('rate 5', 'maxWorkers 0', 'connect()')                             || 'x.groovy:4:5: maxWorkers must be between 1 and 1000000 (got 0)'
        'think'              | 'negative'   | g('think -5.ms', 'connect()')                                        || 'x.groovy:3:5: think needs a duration >= 0 (got -5ms)'
        'think'              | 'sub-ms'     | g('think 0.001.ms', 'connect()')                                     || 'x.groovy:3:5: think needs at least 1ms (got 1us)'
        'think'              | 'overflow'   | g('think 1e30.hours', 'connect()')                                   || 'x.groovy:3:5: think must be at most 8760h (got an overflowing duration)'
        'rate'               | 'negative'   | g('rate -5.perSecond', 'connect()')                                  || 'x.groovy:3:5: rate must be > 0 and <= 1000000 per second (got -5/s)'
        'rate'               | 'zero'       | g('rate 0', 'connect()')                                             || 'x.groovy:3:5: rate must be > 0 and <= 1000000 per second (got 0/s)'
        'rate'               | 'overflow'   | g('rate 1e400.perSecond', 'connect()')                               || 'x.groovy:3:5: rate must be > 0 and <= 1000000 per second (got Infinity/s)'
        'rate from:'         | 'negative'   | g('rate from: -1, to: 5, over: 1.seconds', 'connect()')              || 'x.groovy:3:5: rate from: must be > 0 and <= 1000000 per second (got -1/s)'
        'rate to:'           | 'zero'       | g('rate from: 1, to: 0, over: 1.seconds', 'connect()')               || 'x.groovy:3:5: rate to: must be > 0 and <= 1000000 per second (got 0/s)'
        'rate over:'         | 'sub-ms'     | g('rate from: 1, to: 5, over: 0.1.ms', 'connect()')                  || 'x.groovy:3:5: rate over: needs at least 1ms (got 100us)'
        'ramp to:'           | 'negative'   | g('ramp from: 0, to: -5, over: 1.seconds', 'connect()')              || 'x.groovy:3:5: ramp to: must be between 1 and 1000000 (got -5)'
        'ramp over:'         | 'overflow'   | g('ramp from: 0, to: 5, over: 400.days', 'connect()')                || "x.groovy:3:36: unknown word 'days' after a number"
        'ramp over:'         | 'too long'   | g('ramp from: 0, to: 5, over: 9000.hours', 'connect()')              || 'x.groovy:3:5: ramp must be at most 8760h (got 9000h)'
        'hold'               | 'zero'       | g('hold 0')                                                          || 'x.groovy:3:5: hold must be between 1 and 100000 (got 0)'
        'hold rampUp:'       | 'negative'   | g('hold 10, rampUp: -1.seconds')                                     || 'x.groovy:3:5: hold rampUp: needs a duration >= 0 (got -1s)'
        'hold batchPause:'   | 'sub-ms'     | g('hold 10, batchPause: 0.5.ms')                                     || 'x.groovy:3:5: hold batchPause: needs at least 1ms (got 500us)'
        'hikari minIdle:'    | 'negative'   | g('pool hikari(minIdle: -1)', 'connect()')                           || 'x.groovy:3:10: hikari minIdle: must be between 0 and 100000 (got -1)'
        'hikari maxSize:'    | 'overflow'   | g('pool hikari(maxSize: 1_000_000)', 'connect()')                    || 'x.groovy:3:10: hikari maxSize: must be between 1 and 100000 (got 1000000)'
        'pause'              | 'zero'       | st('pause 0.ms')                                                     || 'x.groovy:5:7: pause needs a duration > 0 (got 0s)'
        'pause'              | 'negative'   | st('pause(-5.seconds)')                                              || 'x.groovy:5:7: pause needs a duration > 0 (got -5s)'
        'pause'              | 'sub-ms'     | st('pause 0.9.ms')                                                   || 'x.groovy:5:7: pause needs at least 1ms (got 900us)'
        'random.between'     | 'sub-ms'     | st('pause random.between(0.1.ms, 5.ms)')                             || 'x.groovy:5:20: random.between needs durations from 0 or 1ms up to 8760h (got 100us, 5ms)'
        'random.between'     | 'negative'   | st('pause random.between(-5.ms, 5.ms)')                              || 'x.groovy:5:20: random.between needs durations from 0 or 1ms up to 8760h (got -5ms, 5ms)'
        'random.text'        | 'negative'   | st("sql 'SELECT ?', random.text(-1.kb)")                             || 'x.groovy:5:30: random.text needs a length between 1 and 16777216 like 1.kb (got -1024)'
        'fake.text'          | 'zero'       | st("sql 'SELECT ?', fake.text(0)")                                   || 'x.groovy:5:28: fake.text needs a length between 1 and 16777216 like 1.kb (got 0)'
        'insertBatch rows:'  | 'zero'       | st("insertBatch 't', rows: 0, row: fake.person()")                   || 'x.groovy:5:7: insertBatch rows: must be between 1 and 10000 (got 0)'
        'copy rows:'         | 'negative'   | st("copy 't', rows: -5, row: fake.person()")                         || 'x.groovy:5:7: copy rows: must be between 1 and 1000000 (got -5)'
        'mix weight'         | 'negative'   | st('mix {', '  -10.percent { connect() }', '  100.percent { connect() }', '}') || 'x.groovy:6:13: a mix branch needs a weight from 0% to 100% (got -10%)'
        'duration'           | 'negative'   | s('duration -5.seconds', "group('g') { connect() }")                 || 'x.groovy:2:3: duration needs a duration > 0 (got -5s)'
        'duration'           | 'zero'       | s('duration 0', "group('g') { connect() }")                          || 'x.groovy:2:3: duration needs a duration like 30.seconds or \'30s\' (got 0)'
        'duration'           | 'sub-ms'     | s("duration '0.5ms'", "group('g') { connect() }")                    || 'x.groovy:2:3: duration needs at least 1ms (got 500us)'
        'duration'           | 'overflow'   | s("duration '3000000h'", "group('g') { connect() }")                 || 'x.groovy:2:3: duration must be at most 8760h (got 3000000h)'
        'stage duration'     | 'sub-ms'     | s('stages {', "  stage('a') {", '    duration 0.5.ms', "    group('g') { connect() }", '  }', '}') || 'x.groovy:4:7: duration needs at least 1ms (got 500us)'
        'at'                 | 'negative'   | s("group('g') { connect() }", 'at(-5.seconds) { }')                  || 'x.groovy:3:3: at needs a duration >= 0 (got -5s)'
        'at'                 | 'sub-ms'     | s("group('g') { connect() }", 'at(0.5.ms) { }')                      || 'x.groovy:3:3: at needs at least 1ms (got 500us)'
        'minFreeConnections' | 'negative'   | s("group('g') { connect() }", 'safety { minFreeConnections(-1) }')   || 'x.groovy:3:12: minFreeConnections must be between 0 and 100000 (got -1)'
        'expect latency'     | 'negative'   | s("group('g') { connect() }", 'expect { p99() < -5.ms }')            || 'x.groovy:3:12: p99() is a latency: compare it with a duration like 200.ms (got -5ms)'
        'expect count'       | 'negative'   | s("group('g') { connect() }", "expect { count('connect') > -1 }")    || "x.groovy:3:12: count('connect') counts operations: compare it with a whole number >= 0 (got -1)"
        'expect errorRate'   | 'negative'   | s("group('g') { connect() }", 'expect { errorRate() < -1.percent }') || 'x.groovy:3:12: errorRate() is a fraction: compare it with 0.1.percent or a number from 0 to 1 (got -0.01)'
    }
}
