package dev.stampede.engine.run

import dev.stampede.engine.result.RunControl

import dev.stampede.engine.postgres.ServerMonitor
import dev.stampede.engine.result.StopReason

import dev.stampede.engine.config.Settings
import dev.stampede.engine.plan.*
import dev.stampede.engine.postgres.EmbeddedServer
import dev.stampede.engine.postgres.PostgresTarget
import spock.lang.Shared
import spock.lang.Specification
import spock.lang.Timeout

import java.time.Duration

@Timeout(180)
class ShutdownSpec extends EmbeddedSpec {

    Map<String, String> serverSettings() {
        [max_connections: '1100']
    }


    def "a run holding 1,000 open connections, interrupted, ends within the bound and leaves no backend connected"() {
        given:
        def control = new RunControl()
        def plan = new Plan('hold', '', SourceRef.file('hold.groovy'), [:], TargetSpec.DEFAULT,
                [new Stage('hold', Duration.ofMinutes(5), [
                        new Group('held', new Hold(1000, 100, Duration.ZERO, Duration.ofSeconds(1), false), [], SourceRef.file('hold.groovy')),
                        new Group('busy', new ClosedLoop(20), [new Sql('select', 'SELECT pg_sleep(0.05)', [])], SourceRef.file('hold.groovy'))])])
        def opened = false
        Thread.startVirtualThread {
            // interrupt once all 1,000 are open (and keepalives are running)
            def deadline = System.nanoTime() + 120_000_000_000L
            while (System.nanoTime() < deadline && ServerMonitor.readOnce(target).connections() < 1000) Thread.sleep(200)
            opened = true
            Thread.sleep(1500)
            control.requestStop(StopReason.INTERRUPTED, 'SIGINT')
        }

        when:
        def summary = new Runner(plan, target, 'embedded', settings, [], control, true).run()

        then:
        opened
        summary.stop().reason() == StopReason.INTERRUPTED
        summary.findings().hold.opened == 1000

        and: 'held by the lean client: a few KB of heap each, where a pgjdbc connection keeps about 49 KB'
        summary.findings().hold.client == 'lean'
        summary.findings().hold.clientHeapBytesPerConnection < 8 * 1024
        summary.notes().any { it ==~ /hold: opened 1000\/1000 connection\(s\) in [\d.]+s \(lean client\), client memory -?[\d.]+ KB RSS per connection .*/ }
        summary.shutdown() < settings.shutdownGrace()
        summary.abandoned() == 0
        summary.operations().find { it.name() == 'keepalive' }.count() > 0
        summary.operations().find { it.name() == 'select' }.errors() == 0
        RunnerSpec.noClientBackendsLeft(target)
    }
}
