package dev.stampede.engine.run

import dev.stampede.engine.result.RunControl

import dev.stampede.engine.postgres.ServerMonitor
import dev.stampede.engine.result.RunSummary
import dev.stampede.engine.result.StopReason

import dev.stampede.engine.config.Settings
import dev.stampede.engine.metrics.IntervalSnapshot
import dev.stampede.engine.output.Output
import dev.stampede.engine.plan.*
import dev.stampede.engine.postgres.EmbeddedServer
import dev.stampede.engine.postgres.PostgresTarget
import spock.lang.Shared
import spock.lang.Specification

import java.time.Duration

class RunnerSpec extends Specification {

    @Shared
    Settings settings = Settings.load()
    @Shared
    EmbeddedServer server

    def setupSpec() {
        server = EmbeddedServer.start(settings, [:])
    }

    def cleanupSpec() {
        server?.close()
    }

    def plan(int workers, Duration d) {
        new Plan('churn', '', SourceRef.file('churn.groovy'), [workers: workers], TargetSpec.DEFAULT,
                [new Stage('churn', d, [new Group('churn', new ClosedLoop(workers), [new Connect()], SourceRef.file('churn.groovy'))])])
    }

    class Collect implements Output {
        List<IntervalSnapshot> snaps = [].asSynchronized()
        RunSummary end

        void interval(IntervalSnapshot s) { snaps << s }

        void end(RunSummary s) { end = s }
    }

    def "a closed-loop churn run on a real server counts every connection, one snapshot per second"() {
        given:
        def out = new Collect()
        def target = new PostgresTarget(server.connectionInfo(), settings)

        when:
        def summary = new Runner(plan(4, Duration.ofSeconds(2)), target, 'embedded', settings, [out], new RunControl(), true).run()
        def connect = summary.operations().find { it.name() == 'connect' }

        then:
        summary.stop().reason() == StopReason.COMPLETED
        connect.count() > 20
        connect.errors() == 0
        connect.latency().p50() > 0
        connect.latency().max() >= connect.latency().p99()
        out.snaps.size() == 2
        out.snaps*.operation('connect')*.get()*.count().sum() == connect.count()
        out.snaps.last().operation('connect').get().totalCount() == connect.count()
        summary.elapsed() >= Duration.ofSeconds(2)
        summary.elapsed() < Duration.ofSeconds(20) // 2 s of load, plus set-up and shutdown (wide: a busy 2-core machine)
        out.snaps.last().server().isPresent()
        out.end.is(summary)
        noClientBackendsLeft(target)
    }

    def "outputs that write files see every interval before the console does, whatever order they were given in"() {
        given:
        def calls = [].asSynchronized()
        def console = new Output() {
            void interval(IntervalSnapshot s) { calls << 'console' }
        }
        def file = new Output() {
            boolean writesFiles() { true }

            void interval(IntervalSnapshot s) { calls << 'file' }
        }
        def target = new PostgresTarget(server.connectionInfo(), settings)

        when:
        new Runner(plan(1, Duration.ofSeconds(2)), target, 'embedded', settings, [console, file], new RunControl(), false).run()

        then:
        calls.size() == 4
        calls == ['file', 'console'] * 2
    }

    def "a stop request ends the run early with every worker stopped and connections closed"() {
        given:
        def control = new RunControl()
        def target = new PostgresTarget(server.connectionInfo(), settings)
        Thread.startVirtualThread {
            // once the load runs (a fixed delay could fall before the stage on a busy machine), then a little load
            long deadline = System.nanoTime() + 60_000_000_000L
            while (control.state() != dev.stampede.engine.live.RunState.RUNNING && System.nanoTime() < deadline) Thread.sleep(10)
            Thread.sleep(700)
            control.requestStop(StopReason.INTERRUPTED, 'SIGINT')
        }

        when:
        def summary = new Runner(plan(8, Duration.ofSeconds(30)), target, 'embedded', settings, [], control, false).run()

        then:
        summary.stop() == new RunControl.StopRequest(StopReason.INTERRUPTED, 'SIGINT')
        summary.elapsed() < Duration.ofSeconds(15) // far below the 30 s planned: the stop was not waited out
        summary.abandoned() == 0
        summary.operations()[0].count() > 0
        summary.operations()[0].errors() == 0
        noClientBackendsLeft(target)
    }

    def "failures are counted by kind and the worker backs off instead of spinning"() {
        given:
        def dead = new PostgresTarget(dev.stampede.engine.postgres.ConnectionInfo.parse('postgresql://u@127.0.0.1:1/db', 'u'), settings)

        when:
        def summary = new Runner(plan(2, Duration.ofSeconds(1)), dead, 'dead', settings, [], new RunControl(), false).run()
        def connect = summary.operations()[0]

        then:
        connect.count() == 0
        connect.errors() > 0
        connect.errors() < 2 * 1000 / 10 + 10   // 10 ms back-off per failure, 2 workers, 1 s
        connect.errorsByKind().keySet() == ['refused'] as Set
    }

    def "an operation that fails on every attempt is named in the findings with its first error"() {
        given:
        def missing = new Plan('missing', '', SourceRef.file('m.groovy'), [:], TargetSpec.DEFAULT,
                [new Stage('s', Duration.ofSeconds(1), [new Group('g', new ClosedLoop(1),
                        [new Sql('select', 'SELECT * FROM no_such_table', [])], SourceRef.file('m.groovy'))])])
        def target = new PostgresTarget(server.connectionInfo(), settings)

        when:
        def summary = new Runner(missing, target, 'embedded', settings, [], new RunControl(), false).run()
        def select = summary.operations().find { it.name() == 'select' }
        def never = summary.findings().neverSucceeded.select

        then:
        select.count() == 0
        select.errors() > 0
        never.attempts == select.errors()
        never.firstError == 'ERROR: relation "no_such_table" does not exist'
        summary.notes().contains("'select' never succeeded: all ${select.errors()} attempt(s) failed; first error: " +
                'ERROR: relation "no_such_table" does not exist' as String)
        summary.findings().errorSamples.keySet() == summary.errors().keySet()
    }

    def "while the server cannot be read, the snapshots say it is unreachable instead of repeating a count"() {
        given:
        // port 1: nothing listens there, and no other process can take it meanwhile (as a freed ephemeral port could be)
        def dead = new PostgresTarget(dev.stampede.engine.postgres.ConnectionInfo.parse('postgresql://u@127.0.0.1:1/db', 'u'), settings)
        def out = new Collect()

        when:
        new Runner(plan(1, Duration.ofSeconds(2)), dead, 'dead', settings, [out], new RunControl(), true).run()
        def server = out.snaps.last().server()

        then:
        server.isPresent()
        !server.get().reachable()
        server.get().describe() == 'server unreachable (refused)'
        dev.stampede.engine.output.LinePrinter.line(out.snaps.last()).endsWith('| server unreachable (refused)')
    }

    static boolean noClientBackendsLeft(PostgresTarget target) {
        // only this check's own connection may remain; a backend leaves on its own schedule after its client closed
        // (seconds on a busy machine), so wait generously
        def deadline = System.nanoTime() + 60_000_000_000L
        while (System.nanoTime() < deadline) {
            def status = ServerMonitor.readOnce(target)
            if (status.connections() <= 1) return true
            Thread.sleep(50)
        }
        return false
    }

    def "timed events run once at their moment, with a connection of their own"() {
        given:
        def ran = [].asSynchronized()
        def code = new UserCode() {
            void run(StepContext ctx) {
                ctx.connection().createStatement().execute('SELECT 1')
                ran << System.nanoTime()
            }
            SourceRef where() { SourceRef.file('e.groovy') }
        }
        def base = plan(1, Duration.ofMillis(3000)) // room after 0.7 s for a late wake-up on a busy machine
        def p = new Plan(base.name(), '', base.source(), [:], TargetSpec.DEFAULT, base.stages(), [], [], Safety.NONE, [],
                [new TimedEvent(Duration.ofMillis(700), 'halfway', code), new TimedEvent(Duration.ofSeconds(60), 'never', code)])
        long t0 = System.nanoTime()

        when:
        def summary = new Runner(p, new PostgresTarget(server.connectionInfo(), settings), 'embedded', settings, [], new RunControl(), false).run()

        then:
        ran.size() == 1
        (ran[0] - t0) / 1e6 >= 700
        summary.notes() == ["event 'halfway' ran at 0.7s"]
    }
}
