package dev.stampede.engine.run

import dev.stampede.engine.plan.*
import dev.stampede.engine.result.RunControl
import dev.stampede.engine.result.StopReason
import spock.lang.Timeout

import java.sql.Connection
import java.sql.DriverManager
import java.time.Duration

/** The safety watch on a real server of 25 slots, with another client taking slots while the run goes on. */
@Timeout(300)
class SafetyWatchSpec extends EmbeddedSpec {

    @Override
    Map<String, String> serverSettings() {
        [max_connections: '25']
    }

    static Plan plan(int minFree, List<Stage> stages) {
        new Plan('watch', '', SourceRef.file('w.groovy'), [:], TargetSpec.DEFAULT, stages, [], [], new Safety(minFree), [], [])
    }

    static Stage churn(String name, int workers, Duration d) {
        new Stage(name, d, [new Group('churn', new ClosedLoop(workers), [new Connect()], SourceRef.file('w.groovy'))])
    }

    def "the run stops itself while the server still has free slots when another client eats the margin"() {
        given:
        def control = new RunControl()
        List<Connection> others = [].asSynchronized()
        List<String> refusals = [].asSynchronized()
        def props = target.properties()
        def opener = Thread.startVirtualThread {
            // one slot every 600 ms, until the run stops (the watch's job) or the server refuses (its failure): the
            // margin of 5 slots gives the watch (a reading every 200 ms) 3 s to act, room for a busy machine
            while (!control.stopRequested() && others.size() < 40) {
                try {
                    others << DriverManager.getConnection(target.info().jdbcUrl(), props)
                } catch (java.sql.SQLException e) {
                    refusals << e.SQLState
                    break
                }
                Thread.sleep(600)
            }
        }

        when:
        def summary = new Runner(plan(5, [churn('s', 2, Duration.ofSeconds(120))]), target, 'embedded', settings, [], control, true).run()
        opener.join()

        then:
        summary.stop().reason() == StopReason.ABORTED
        summary.stop().message().startsWith('safety: only ')
        refusals.isEmpty()                       // the server was never full
        summary.elapsed() < Duration.ofSeconds(60)

        cleanup:
        others.each { it.close() }
    }

    def "a later stage that would cross the margin is not started, and says why"() {
        given:
        def control = new RunControl()

        when:
        def summary = new Runner(plan(5, [churn('small', 1, Duration.ofSeconds(1)), churn('big', 20, Duration.ofSeconds(1))]),
                target, 'embedded', settings, [], control, true).run()

        then:
        summary.stop().reason() == StopReason.ABORTED
        summary.stop().message() ==~ /safety: stage 'big' not started: its 20 connection\(s\) would leave -?\d+ free, fewer than minFreeConnections 5 \(max_connections 25, reserved 3, in use \d+\)/
        summary.stages()*.stage() == ['small']
    }
}
