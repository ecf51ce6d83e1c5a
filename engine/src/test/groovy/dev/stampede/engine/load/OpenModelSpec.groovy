package dev.stampede.engine.load

import dev.stampede.engine.postgres.ServerMonitor
import dev.stampede.engine.run.EmbeddedSpec
import dev.stampede.engine.result.RunControl
import dev.stampede.engine.result.RunSummary
import dev.stampede.engine.live.RunState
import dev.stampede.engine.metrics.IntervalSnapshot
import dev.stampede.engine.output.Output
import dev.stampede.engine.result.StopReason
import dev.stampede.engine.run.Runner
import dev.stampede.engine.run.RunnerSpec

import dev.stampede.engine.config.Settings
import dev.stampede.engine.plan.*
import dev.stampede.engine.postgres.EmbeddedServer
import dev.stampede.engine.postgres.PostgresTarget
import spock.lang.Shared
import spock.lang.Specification

import java.time.Duration

class OpenModelSpec extends EmbeddedSpec {

    def setupSpec() { // runs after EmbeddedSpec's
        target.open().withCloseable { it.createStatement().execute('CREATE TABLE stall (id int); INSERT INTO stall VALUES (1)') }
    }

    Plan plan(LoadModel load, Duration d, List<Step> steps) {
        new Plan('open', '', SourceRef.file('open.groovy'), [:], TargetSpec.DEFAULT,
                [new Stage('open', d, [new Group('readers', load, steps, SourceRef.file('open.groovy'))])])
    }

    /**
     * Seconds the stage was measured over (its rate's denominator): the stage ends when the ticker wakes,
     * which a busy machine may make late, so specs compare counts with the schedule over this time.
     */
    static double measuredSeconds(op) {
        op.count() / op.ratePerSecond()
    }

    def "a constant arrival rate is achieved and every arrival is counted"() {
        when:
        def summary = new Runner(plan(new ArrivalRate(200, 20), Duration.ofSeconds(3), [new Sql('select', 'SELECT 1', [])]),
                target, 'embedded', settings, [], new RunControl(), false).run()
        def select = summary.operations().find { it.name() == 'select' }
        def lag = summary.operations().find { it.name() == 'readers lag' }
        double due = 200 * measuredSeconds(select)

        then: 'the schedule of 200/s was kept over the measured time (3 s, or a little more when the stop came late)'
        measuredSeconds(select) >= 2.9
        // never ahead of the schedule; at most 10 % behind it (a scheduler a busy machine starves lags a little)
        select.count() <= due + 10
        select.count() >= 0.9 * due
        select.errors() == 0
        and: 'every started arrival completed, but those cut off by the stop (at most maxWorkers)'
        lag.count() >= select.count()
        lag.count() - select.count() <= 20
        select.service().count() == select.count()
    }

    def "a target that stalls for 1 s shows the stall in response time while service time stays low"() {
        given: 'a lock that blocks every read for 1 s, taken 0.5 s after the stage started (the run has 4 s: room for a late start)'
        def control = new RunControl()
        RunSummary summary = null
        def run = Thread.startVirtualThread {
            summary = new Runner(plan(new ArrivalRate(200, 4), Duration.ofSeconds(4), [new Sql('select', 'SELECT * FROM stall', [])]),
                    target, 'embedded', settings, [], control, false).run()
        }
        long deadline = System.nanoTime() + 60_000_000_000L
        while (control.state() != RunState.RUNNING && System.nanoTime() < deadline) Thread.sleep(10)
        assert control.state() == RunState.RUNNING
        Thread.sleep(500)
        long lockedNanos = 0
        target.open().withCloseable { c ->
            c.autoCommit = false
            c.createStatement().execute('LOCK TABLE stall IN ACCESS EXCLUSIVE MODE')
            long t = System.nanoTime()
            Thread.sleep(1000)
            c.commit()
            lockedNanos = System.nanoTime() - t
        }

        when:
        run.join()
        def select = summary.operations().find { it.name() == 'select' }
        def ms = { long nanos -> nanos / 1e6 }

        then: 'the lock was held within the run'
        control.state() == RunState.DONE
        lockedNanos >= 1_000_000_000L
        and: 'arrivals due during the stall waited for it: response-time p99 shows it'
        ms(select.latency().p99()) > 500
        ms(select.latency().max()) > 800
        and: 'only the few requests in flight when it began (4 of some 800) were slow to serve: service p99 stays well below the stall'
        // not a fixed bound: on a busy machine a plain SELECT may itself take tens of ms; timed from the intended start
        // (the defect this guards against) service would equal response time
        select.service().p99() < select.latency().p99() / 2
        select.service().count() == select.count()
        and: 'no arrival was forgotten: they queued behind the stall (the p99 above) and the schedule caught up'
        // most of the way: on a busy machine 4 workers may still be working off the stall's backlog when the stage ends
        double due = 200 * measuredSeconds(select)
        measuredSeconds(select) >= 3.9
        select.count() >= 0.8 * due
        select.count() <= due + 10
        select.errors() == 0
    }

    def "a ramp of arrivals rises from one rate to the other"() {
        given:
        List<dev.stampede.engine.metrics.IntervalSnapshot> snaps = [].asSynchronized()
        def collect = { s -> snaps << s } as dev.stampede.engine.output.Output

        when:
        def summary = new Runner(plan(new ArrivalRate(100, 300, Duration.ofSeconds(2), 20), Duration.ofSeconds(2), [new Sql('select', 'SELECT 1', [])]),
                target, 'embedded', settings, [collect], new RunControl(), false).run()
        def select = summary.operations().find { it.name() == 'select' }
        double m = measuredSeconds(select)
        // 100/s rising to 300/s over 2 s: 100 m + 50 m² arrivals due by m seconds (400 by 2 s), then 300/s
        double due = m <= 2 ? 100 * m + 50 * m * m : 400 + 300 * (m - 2)
        def rates = snaps.collect { it.operations().find { it.name() == 'select' }.ratePerSecond() }

        then: 'the mean of 100/s → 300/s over 2 s is 200/s: 400 arrivals, a few more if the stop came late'
        m >= 1.9
        select.count() <= due + 10
        select.count() >= 0.9 * due
        select.errors() == 0
        and: 'it rose: the second interval ran well above the first (about 250/s against 150/s)'
        rates.size() == 2
        rates[1] > 1.25 * rates[0]
    }

    def "a closed ramp grows the number of workers"() {
        given:
        def seen = [].asSynchronized()
        def probe = new Timed('probe', new UserCode() {
            void run(StepContext ctx) { seen << Thread.currentThread().name; Thread.sleep(20) }
            SourceRef where() { SourceRef.file('x') }
        })

        when:
        new Runner(plan(new Ramp(1, 10, Duration.ofSeconds(1), Duration.ZERO), Duration.ofMillis(3000), [probe]),
                target, 'embedded', settings, [], new RunControl(), false).run()

        then: 'the tenth worker starts at 1 s; the 2 s after it leave room for a busy machine to start it late'
        seen.toSet().size() == 10
    }

    def "hold opens N connections in batches, keeps them, runs keepalives, and closes them all at the end"() {
        given: 'the run is stopped once the server was seen holding them and every connection had its keepalive'
        // keepalives begin only after the opening and a GC for the memory figures, which a busy machine makes slow:
        // the run waits for what it checks (up to 60 s) instead of counting on a fixed 2 s
        def statusDuring = null
        def control = new RunControl()
        long keepalives = 0
        def out = { IntervalSnapshot snap ->
            snap.operation('keepalive').ifPresent { keepalives = it.totalCount() }
        } as Output
        def watcher = Thread.startVirtualThread {
            long deadline = System.nanoTime() + 60_000_000_000L
            while (System.nanoTime() < deadline && control.state() != RunState.DONE) {
                if (statusDuring == null) {
                    def st = ServerMonitor.readOnce(target)
                    if (st.connections() >= 51) statusDuring = st
                }
                if (statusDuring != null && keepalives >= 50) break
                Thread.sleep(50)
            }
            control.requestStop(StopReason.INTERRUPTED, 'seen enough')
        }

        when:
        def summary = new Runner(plan(new Hold(50, 10, Duration.ofMillis(20), Duration.ofMillis(500), false), Duration.ofSeconds(60), []),
                target, 'embedded', settings, [out], control, false).run()
        watcher.join()

        then:
        summary.stop().message() == 'seen enough'
        summary.operations().find { it.name() == 'open' }.count() == 50
        summary.operations().find { it.name() == 'keepalive' }.count() >= 50
        summary.operations().find { it.name() == 'keepalive' }.errors() == 0
        statusDuring != null
        statusDuring.connections() >= 51
        RunnerSpec.noClientBackendsLeft(target)
    }

    def "the limit finder keeps opening until the server refuses and reports the server's own numbers"() {
        given:
        def limited = EmbeddedServer.start(settings, [max_connections: '30'])
        def t = new PostgresTarget(limited.connectionInfo(), settings)

        when:
        def summary = new Runner(plan(new Hold(10, 5, Duration.ZERO, Duration.ZERO, true), Duration.ofSeconds(4), []),
                t, 'embedded', settings, [], new RunControl(), false).run()
        def hold = summary.findings().hold

        then: 'the embedded user is a superuser, so it may take the reserved slots too: all 30; then 53300'
        hold.limitReached
        hold.opened == 30
        hold.maxConnections == 30
        hold.superuserReservedConnections == 3
        summary.operations().find { it.name() == 'open' }.errorsByKind().keySet().contains('53300')
        summary.notes().any { it.startsWith('limit: 30 connection(s) opened before the server refused; max_connections 30') }

        cleanup:
        limited?.close()
    }
}
