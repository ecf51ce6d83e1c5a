package dev.stampede.engine.run

import dev.stampede.engine.metrics.ServerStatus
import dev.stampede.engine.plan.*
import spock.lang.Specification

import java.time.Duration

class SafetyCheckSpec extends Specification {

    static Plan plan(int minFree, LoadModel... loads) {
        def groups = loads.collect { new Group('g', it, [new Connect()], SourceRef.file('x')) }
        new Plan('p', '', SourceRef.file('x'), [:], TargetSpec.DEFAULT, [new Stage('s', Duration.ofSeconds(1), groups)],
                [], [], new Safety(minFree), [], [])
    }

    def "counts the busiest stage's connections plus stampede's own monitor"() {
        expect:
        SafetyCheck.peakConnections(plan(0, new ClosedLoop(20), new ArrivalRate(100, 30))) == 51
        SafetyCheck.peakConnections(plan(0, new Ramp(0, 40, Duration.ofSeconds(1), Duration.ZERO))) == 41
        SafetyCheck.peakConnections(plan(0, new Hold(500, 50, Duration.ZERO, Duration.ZERO, false))) == 501
    }

    def "refuses to start when the run would leave fewer than minFreeConnections free, naming max, current, requested and the reserve"() {
        expect:
        SafetyCheck.refusal(plan(5, new ClosedLoop(50)), new ServerStatus(44, 100, 3)).get() ==
                'refusing to start: the run would leave 2 free connection(s), fewer than minFreeConnections 5 (max_connections 100, reserved 3, in use 44, this run needs up to 51)'
        SafetyCheck.refusal(plan(5, new ClosedLoop(50)), new ServerStatus(40, 100, 3)).isEmpty()
        SafetyCheck.refusal(plan(0, new ClosedLoop(500)), new ServerStatus(40, 100, 3)).isEmpty()
    }

    def "during the run a shrinking margin is a breach"() {
        expect:
        SafetyCheck.breach(plan(5, new ClosedLoop(1)), new ServerStatus(93, 100, 3)).get() ==
                'safety: only 4 free connection(s) left, fewer than minFreeConnections 5 (max_connections 100, reserved 3, in use 93)'
        SafetyCheck.breach(plan(5, new ClosedLoop(1)), new ServerStatus(92, 100, 3)).isEmpty()
    }

    def "a reading of an unreachable server is never a breach: nothing is known then"() {
        expect:
        SafetyCheck.breach(plan(5, new ClosedLoop(1)), ServerStatus.unreachable('refused', new ServerStatus(99, 100, 3))).isEmpty()
    }

    def "a stage is not started when its own connections, all still to be opened, would cross the margin"() {
        given:
        def p = plan(5, new ClosedLoop(30))

        expect:
        SafetyCheck.stageRefusal(p, p.stages()[0], new ServerStatus(63, 100, 3)).get() ==
                "safety: stage 's' not started: its 30 connection(s) would leave 4 free, fewer than minFreeConnections 5 (max_connections 100, reserved 3, in use 63)"
        SafetyCheck.stageRefusal(p, p.stages()[0], new ServerStatus(62, 100, 3)).isEmpty()
        SafetyCheck.stageRefusal(plan(0, new ClosedLoop(300)), p.stages()[0], new ServerStatus(99, 100, 3)).isEmpty()
    }
}
