package dev.stampede.dsl

import dev.stampede.engine.plan.ArrivalRate
import dev.stampede.engine.plan.ClosedLoop
import spock.lang.Unroll

import java.time.Duration

/** Sweep levels from every form people write, and the DSL's sweep word turning one stage into one per level. */
class SweepSpec extends CompilingSpec {

    @Unroll
    def "#knob levels written '#text' are #levels"() {
        expect:
        SweepLevels.parse(knob, text) == levels.collect { it as double }

        where:
        knob      | text            || levels
        'workers' | '1..256'        || [1, 2, 4, 8, 16, 32, 64, 128, 256]
        'workers' | '1..4'          || [1, 2, 4]
        'workers' | ' 3 .. 20 '     || [3, 6, 12, 20]
        'workers' | '1..1'.replace('1..1', '1,8,32') || [1, 8, 32]
        'workers' | '16'            || [16]
        'workers' | '32,8,1'        || [32, 8, 1]
        'rate'    | '100..3200'     || [100, 200, 400, 800, 1600, 3200]
        'rate'    | '100..1000'     || [100, 200, 400, 800, 1000]
        'rate'    | '0.5..2'        || [0.5, 1, 2]
        'rate'    | '250.5,500'     || [250.5, 500]
    }

    @Unroll
    def "#knob levels written '#text' are refused: #message"() {
        when:
        SweepLevels.parse(knob, text)

        then:
        def e = thrown(IllegalArgumentException)
        e.message == message

        where:
        knob      | text        || message
        'workers' | '64..1'     || 'workers needs from..to with 0 < from < to, like 1..256 (got 64..1)'
        'workers' | '0..8'      || 'workers needs from..to with 0 < from < to, like 1..256 (got 0..8)'
        'workers' | '4..4'      || 'workers needs from..to with 0 < from < to, like 1..256 (got 4..4)'
        'workers' | 'lots'      || "workers needs levels from..to like 1..256 or a list like 1,8,32 (got 'lots')"
        'workers' | ''          || "workers needs levels from..to like 1..256 or a list like 1,8,32 (got '')"
        'workers' | '1,,8'      || "workers needs levels from..to like 1..256 or a list like 1,8,32 (got '1,,8')"
        'workers' | '1.5,3'     || 'workers levels must be whole numbers > 0 and <= 1,000,000 (got 1.5,3)'
        'workers' | '0,4'       || 'workers levels must be whole numbers > 0 and <= 1,000,000 (got 0,4)'
        'workers' | '1,8,8'     || 'workers has a level twice (got 1,8,8)'
        'rate'    | '100..0'    || 'rate needs from..to with 0 < from < to, like 100..3200 (got 100..0)'
        'rate'    | '5000000'   || 'rate levels must be > 0 and <= 1,000,000 (got 5000000)'
        'rate'    | '-5..10'    || "rate needs levels from..to like 100..3200 or a list like 100,400,1600 (got '-5..10')"
    }

    @Unroll
    def "a scenario's #value is the levels #levels"() {
        expect:
        SweepLevels.of('workers', Eval.me(value)) == levels.collect { it as double }

        where:
        value        || levels
        '1..8'       || [1, 2, 4, 8]
        '[1, 8, 32]' || [1, 8, 32]
        "'2..8'"     || [2, 4, 8]
        '5'          || [5]
    }

    def "sweep inside a group makes one stage per level, each with its own workers and a pause before every level but the first"() {
        when:
        def plan = compile('''
            scenario('s') {
                duration 2.seconds
                group('g') {
                    sweep workers: 1..8, pause: 3.seconds
                    loop { connect() }
                }
            }''')

        then:
        plan.stages()*.name() == ['1 workers', '2 workers', '4 workers', '8 workers']
        plan.stages()*.duration() == [Duration.ofSeconds(2)] * 4
        plan.stages().collect { it.groups()[0].load() } == [1, 2, 4, 8].collect { new ClosedLoop(it) }
        plan.stages()*.settle() == [Duration.ZERO, Duration.ofSeconds(3), Duration.ofSeconds(3), Duration.ofSeconds(3)]
        plan.stages().every { it.sweep().get().group() == 'g' && it.sweep().get().knob() == 'workers' }
    }

    def "sweep at scenario level names the group among several, and sweeps an open model's rate"() {
        when:
        def plan = compile('''
            scenario('s') {
                sweep rate: [100, 400], group: 'readers', pause: 0.seconds
                group('writers') { workers 2; loop { connect() } }
                group('readers') { rate 50.perSecond, maxWorkers: 7; loop { connect() } }
            }''')

        then:
        plan.stages()*.name() == ['100/s', '400/s']
        plan.stages().collect { it.groups()[1].load() } == [new ArrivalRate(100, 7), new ArrivalRate(400, 7)]
        plan.stages().collect { it.groups()[0].load() } == [new ClosedLoop(2)] * 2
    }

    def "--duration shrinks a sweep's pauses with its levels"() {
        when:
        def plan = compile('''
            scenario('s') {
                duration 10.seconds
                sweep workers: '1,2', pause: 10.seconds
                group('g') { loop { connect() } }
            }''').withDuration(Duration.ofSeconds(2))

        then:
        plan.stages()*.duration() == [Duration.ofSeconds(1)] * 2
        plan.stages()[1].settle() == Duration.ofSeconds(1)
    }

    @Unroll
    def "a sweep that cannot be run is refused where it is written: #expected"() {
        expect:
        problems(text) == [expected]

        where:
        text || expected
        '''scenario('s') {
    group('g') { rate 10; sweep workers: 1..4; loop { connect() } }
}''' || "x.groovy:2:27: sweep g.workers: group 'g' is an open model (rate), its workers are not its load; sweep rate instead"
        '''scenario('s') {
    group('g') { sweep rate: 1..4; workers 3; loop { connect() } }
}''' || "x.groovy:2:18: sweep g.rate: group 'g' is a closed model (workers 3), it has no rate to sweep; sweep workers instead"
        '''scenario('s') {
    sweep workers: 1..4
    group('a') { loop { connect() } }
    group('b') { loop { connect() } }
}''' || "x.groovy:2:5: sweep workers: several groups could be swept ('a', 'b'); name one, like a.workers=…"
        '''scenario('s') {
    sweep workers: 1..4, group: 'c'
    group('a') { loop { connect() } }
}''' || "x.groovy:2:5: sweep a.workers: there is no group 'c' (groups: 'a')".replace('a.workers', 'c.workers')
        '''scenario('s') {
    sweep workers: 4..1
    group('a') { loop { connect() } }
}''' || 'x.groovy:2:5: sweep workers needs from..to with 0 < from < to, like 1..256 (got 4..1)'
        '''scenario('s') {
    sweep workers: 1..4, rate: 1..4
    group('a') { loop { connect() } }
}''' || 'x.groovy:2:5: sweep needs workers: or rate: (one of them), like sweep workers: 1..256 (got [workers: [1, 2, 3, 4], rate: [1, 2, 3, 4]])'
        '''scenario('s') {
    stages {
        stage('x') { duration 1.seconds; group('a') { sweep workers: 1..4; loop { connect() } } }
        stage('y') { duration 1.seconds; group('a') { loop { connect() } } }
    }
}''' || "x.groovy:3:55: sweep a.workers: scenario 's' has 2 stages; a sweep repeats a scenario of one stage"
    }
}
