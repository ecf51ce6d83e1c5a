package dev.stampede.engine.load

import dev.stampede.engine.postgres.ServerMonitor
import dev.stampede.engine.run.EmbeddedSpec
import dev.stampede.engine.result.RunControl
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

    def "a constant arrival rate is achieved and every arrival is counted"() {
        when:
        def summary = new Runner(plan(new ArrivalRate(200, 20), Duration.ofSeconds(3), [new Sql('select', 'SELECT 1', [])]),
                target, 'embedded', settings, [], new RunControl(), false).run()
        def select = summary.operations().find { it.name() == 'select' }
        def lag = summary.operations().find { it.name() == 'readers lag' }

        then:
        Math.abs(select.count() - 600) <= 30
        select.errors() == 0
        and: 'every started arrival completed, but those cut off by the stop (at most maxWorkers)'
        lag.count() >= select.count()
        lag.count() - select.count() <= 20
        select.service().count() == select.count()
    }

    def "a target that stalls for 1 s shows the stall in response time while service time stays low"() {
        given: 'a lock that blocks every read from 1.0 s to 2.0 s'
        def locker = Thread.startVirtualThread {
            Thread.sleep(1000)
            target.open().withCloseable { c ->
                c.autoCommit = false
                c.createStatement().execute('LOCK TABLE stall IN ACCESS EXCLUSIVE MODE')
                Thread.sleep(1000)
                c.commit()
            }
        }

        when:
        def summary = new Runner(plan(new ArrivalRate(200, 4), Duration.ofSeconds(3), [new Sql('select', 'SELECT * FROM stall', [])]),
                target, 'embedded', settings, [], new RunControl(), false).run()
        locker.join()
        def select = summary.operations().find { it.name() == 'select' }
        def ms = { long nanos -> nanos / 1e6 }

        then: 'arrivals due during the stall waited for it: response-time p99 shows it'
        ms(select.latency().p99()) > 500
        ms(select.latency().max()) > 800
        and: 'only the few requests in flight when it began were slow to serve'
        ms(select.service().p99()) < 100
        and: 'no arrival was forgotten: the schedule caught up'
        select.count() > 500
        select.errors() == 0
    }

    def "a ramp of arrivals rises from one rate to the other"() {
        when:
        def summary = new Runner(plan(new ArrivalRate(100, 300, Duration.ofSeconds(2), 20), Duration.ofSeconds(2), [new Sql('select', 'SELECT 1', [])]),
                target, 'embedded', settings, [], new RunControl(), false).run()

        then: 'the mean of 100/s → 300/s over 2 s is 200/s'
        Math.abs(summary.operations().find { it.name() == 'select' }.count() - 400) <= 30
    }

    def "a closed ramp grows the number of workers"() {
        given:
        def seen = [].asSynchronized()
        def probe = new Timed('probe', new UserCode() {
            void run(StepContext ctx) { seen << Thread.currentThread().name; Thread.sleep(20) }
            SourceRef where() { SourceRef.file('x') }
        })

        when:
        new Runner(plan(new Ramp(1, 10, Duration.ofSeconds(1), Duration.ZERO), Duration.ofMillis(1500), [probe]),
                target, 'embedded', settings, [], new RunControl(), false).run()

        then:
        seen.toSet().size() == 10
    }

    def "hold opens N connections in batches, keeps them, runs keepalives, and closes them all at the end"() {
        when:
        def statusDuring = null
        Thread.startVirtualThread { Thread.sleep(1500); statusDuring = ServerMonitor.readOnce(target) }
        def summary = new Runner(plan(new Hold(50, 10, Duration.ofMillis(20), Duration.ofMillis(500), false), Duration.ofSeconds(2), []),
                target, 'embedded', settings, [], new RunControl(), false).run()

        then:
        summary.operations().find { it.name() == 'open' }.count() == 50
        summary.operations().find { it.name() == 'keepalive' }.count() >= 50
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
