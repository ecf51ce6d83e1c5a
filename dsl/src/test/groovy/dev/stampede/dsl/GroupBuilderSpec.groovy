package dev.stampede.dsl

import dev.stampede.engine.plan.ArrivalRate
import dev.stampede.engine.plan.ClosedLoop
import dev.stampede.engine.plan.Connect
import dev.stampede.engine.plan.Group
import dev.stampede.engine.plan.Hold
import dev.stampede.engine.plan.Pool
import dev.stampede.engine.plan.Ramp
import dev.stampede.engine.plan.SourceRef
import spock.lang.Unroll

import java.time.Duration

class GroupBuilderSpec extends CompilingSpec {

    @Unroll
    def "a group with #words runs the load model #load"() {
        expect:
        group(words + '\nconnect()').load() == load

        where:
        words                                                                || load
        ''                                                                   || new ClosedLoop(1)
        'workers 10'                                                         || new ClosedLoop(10)
        'workers 10; think 100.ms'                                           || new ClosedLoop(10, Duration.ofMillis(100))
        "workers 10; think '250ms'"                                          || new ClosedLoop(10, Duration.ofMillis(250))
        'rate 500.perSecond'                                                 || new ArrivalRate(500, GroupBuilder.DEFAULT_MAX_WORKERS)
        'rate 500'                                                           || new ArrivalRate(500, GroupBuilder.DEFAULT_MAX_WORKERS)
        'rate 120.perMinute; maxWorkers 5'                                   || new ArrivalRate(2, 5)
        'rate 500.perSecond, maxWorkers: 200'                                || new ArrivalRate(500, 200)
        'rate from: 100.perSecond, to: 1000.perSecond, over: 30.seconds'     || new ArrivalRate(100, 1000, Duration.ofSeconds(30), GroupBuilder.DEFAULT_MAX_WORKERS)
        'rate from: 1, to: 10, over: 5.seconds, maxWorkers: 7'               || new ArrivalRate(1, 10, Duration.ofSeconds(5), 7)
        'ramp from: 0, to: 100, over: 30.seconds'                            || new Ramp(0, 100, Duration.ofSeconds(30), Duration.ZERO)
        'ramp to: 100, over: 30.seconds; think 5.ms'                         || new Ramp(0, 100, Duration.ofSeconds(30), Duration.ofMillis(5))
    }

    @Unroll
    def "a hold group written #words holds #expected and needs no steps"() {
        expect:
        with(group(words)) {
            load() == expected
            steps() == []
        }

        where:
        words                                                                                 || expected
        'hold 500'                                                                            || new Hold(500, 50, Duration.ZERO, Duration.ZERO, false)
        'hold 20'                                                                             || new Hold(20, 20, Duration.ZERO, Duration.ZERO, false)
        'hold 500, batch: 50, batchPause: 100.ms, keepalive: 30.seconds, findLimit: false'    || new Hold(500, 50, Duration.ofMillis(100), Duration.ofSeconds(30), false)
        'hold 1000, batch: 100, rampUp: 10.seconds, findLimit: true'                          || new Hold(1000, 100, Duration.ofSeconds(1), Duration.ZERO, true)
    }

    def "steps written in the group and in loop { } are one iteration, in order"() {
        expect:
        group('''
            connect('a')
            loop { connect('b') }
            connect('c')
        ''').steps() == [new Connect('a'), new Connect('b'), new Connect('c')]
    }

    @Unroll
    def "pool #words gives #pool"() {
        expect:
        group(words + '\nconnect()').pool() == pool

        where:
        words                                      || pool
        ''                                         || Pool.RAW
        'pool raw()'                               || Pool.RAW
        'pool hikari()'                            || new Pool.Hikari(10, 10)
        'pool hikari(maxSize: 20)'                 || new Pool.Hikari(20, 20)
        'pool hikari(maxSize: 20, minIdle: 2)'     || new Pool.Hikari(20, 2)
    }

    def "the whole group record: name, load, steps, where it was written, pool"() {
        expect:
        compile('''
            scenario('s') {
                param 'n', 3
                group('readers') {
                    workers param('n')
                    pool hikari(maxSize: 3)
                    connect()
                }
            }''').stages()[0].groups() == [new Group('readers', new ClosedLoop(3), [new Connect()],
                new SourceRef('x.groovy', 4, 5), new Pool.Hikari(3, 3))]
    }

    def "unnamed groups are named group1, group2 … in their stage"() {
        expect:
        compile('''
            scenario('s') {
                group { connect() }
                group { connect() }
            }''').stages()[0].groups()*.name() == ['group1', 'group2']
    }

    def "load words take params, converted from --set"() {
        expect:
        compile('''
            scenario('s') {
                param 'rate', 500
                param 'maxWorkers', 100
                group('readers') {
                    rate param('rate').perSecond
                    maxWorkers param('maxWorkers')
                    sql 'SELECT 1'
                }
            }''', [rate: '50', maxWorkers: '5']).stages()[0].groups()[0].load() == new ArrivalRate(50, 5)
    }
}
