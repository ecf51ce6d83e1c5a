package dev.stampede.dsl

import dev.stampede.engine.plan.ArrivalRate
import dev.stampede.engine.plan.ClosedLoop
import dev.stampede.engine.plan.Connect
import dev.stampede.engine.plan.Group
import dev.stampede.engine.plan.Ramp
import dev.stampede.engine.plan.SourceRef
import dev.stampede.engine.plan.Stage

import java.time.Duration

class StagesBuilderSpec extends CompilingSpec {

    def "stages run one after another, each with its own duration and groups"() {
        when:
        def plan = compile('''
            scenario('s') {
                stages {
                    stage('warm-up') {
                        duration 10.seconds
                        group('ramp') { ramp from: 0, to: 10, over: 10.seconds; connect() }
                    }
                    stage('peak') {
                        duration 1.minutes
                        group('a') { workers 10; connect() }
                        group('b') { rate 100.perSecond; connect() }
                    }
                }
            }''')

        then:
        plan.stages() == [
                new Stage('warm-up', Duration.ofSeconds(10), [
                        new Group('ramp', new Ramp(0, 10, Duration.ofSeconds(10), Duration.ZERO), [new Connect()], new SourceRef('x.groovy', 6, 13))]),
                new Stage('peak', Duration.ofMinutes(1), [
                        new Group('a', new ClosedLoop(10), [new Connect()], new SourceRef('x.groovy', 10, 13)),
                        new Group('b', new ArrivalRate(100, GroupBuilder.DEFAULT_MAX_WORKERS), [new Connect()], new SourceRef('x.groovy', 11, 13))])]
        plan.duration() == Duration.ofSeconds(70)
    }

    def "a stage without a duration runs the default 30 seconds; unnamed stages and groups are numbered"() {
        expect:
        with(compile('''
            scenario('s') {
                stages {
                    stage { group { connect() } }
                    stage { group { connect() }; group { connect() } }
                }
            }''')) {
            stages()*.name() == ['stage1', 'stage2']
            stages()*.duration() == [ScenarioBuilder.DEFAULT_DURATION] * 2
            stages()[1].groups()*.name() == ['group1', 'group2']
        }
    }

    def "the same group name may be used again in another stage"() {
        expect:
        compile('''
            scenario('s') {
                stages {
                    stage('a') { group('g') { connect() } }
                    stage('b') { group('g') { workers 2; connect() } }
                }
            }''').stages().collect { it.groups()*.name() } == [['g'], ['g']]
    }

    def "a scenario without stages has one, named after it"() {
        expect:
        compile('''
            scenario('s') {
                duration 5.seconds
                group('g') { connect() }
            }''').stages() == [new Stage('s', Duration.ofSeconds(5), [new Group('g', new ClosedLoop(1), [new Connect()], new SourceRef('x.groovy', 4, 5))])]
    }
}
