package dev.stampede.cli

import com.fasterxml.jackson.databind.ObjectMapper
import dev.stampede.engine.config.Settings
import dev.stampede.engine.ha.EmbeddedCluster
import spock.lang.Shared
import spock.lang.Specification
import spock.lang.TempDir
import spock.util.concurrent.PollingConditions

import java.net.http.HttpClient
import java.net.http.HttpRequest
import java.net.http.HttpResponse
import java.nio.file.Files
import java.nio.file.Path
import java.time.Duration

/**
 * Faults as timed events and the failover measured, on real embedded clusters: a controlled cluster
 * failed over under load (synchronous: no acknowledged write lost), then interrupted with SIGINT;
 * an external cluster given by --url, where the fault events are dropped and the ledger still catches
 * rows deleted behind its back; and check refusing fault words where stampede controls nothing.
 * Two clusters in all (one shared), the cluster specs being heavy on 2 cores.
 */
class FailoverSpec extends Specification {

    @Shared
    EmbeddedCluster external
    @TempDir
    Path tmp

    def setupSpec() {
        external = EmbeddedCluster.start(Settings.load(), 1, false)
    }

    def cleanupSpec() {
        external?.close()
    }

    String externalUrl() {
        'postgresql://' + external.nodes().collect { "127.0.0.1:${it.port()}" }.join(',') + '/postgres?user=postgres'
    }

    def "check refuses fault words on a target stampede does not control, naming file:line:col, exit 2"() {
        given:
        def file = tmp.resolve('faults.groovy')
        file.toFile().text = """\
            scenario('faults') {
                target postgres('postgresql://db1:5432,db2:5432/app')
                group('app') { loop { write { sql 'SELECT 1' } } }
                at(10.seconds) { failover() }
            }""".stripIndent()

        when:
        def r = Cli.run('check', file.toString())

        then:
        r.exit == 2
        r.err.trim() == "$file:4:22: failover() needs a target stampede controls, such as target cluster(replicas: 2) " +
                "(the scenario's target is postgres(…), which stampede cannot break on purpose)"
    }

    def "a synchronous cluster failed over under load: reads go on, the figures are plausible, no acknowledged write is lost, and SIGINT leaves no server behind"() {
        given:
        def before = MultiHostRunSpec.clusterPostmasters()
        def out = tmp.resolve('sync')
        def p = new StampedeProcess('run', Cli.scenario('failover.groovy'), '--no-tui', '--duration', '60s', '--out', out.toString(),
                '--set', 'synchronous=true', '--set', 'replicas=2', '--set', 'writers=2', '--set', 'readers=2', '--set', 'failoverAt=2s')

        when:
        // the fault at 2 s, then a few intervals on the new primary
        assert p.waitFor('[   6s]', 240): p.out
        p.signal('INT')
        def exit = p.exitWithin(120)
        def json = new ObjectMapper().readTree(out.resolve('summary.json').toFile())
        def f = json.get('findings').get('failover')

        then:
        exit == 130
        p.out.contains('routing: roundRobin, fallback to the primary, 10 connection(s) a host, acquire timeout 2000ms, host checks every 250ms')
        f.get('fault').asText() == 'failover()'
        f.get('killed').asText() == 'node0'
        f.get('synchronous').asBoolean()
        // detection: the monitor checks every 250 ms (a check may wait out its 2 s timeout); the kill and pg_promote()
        // come first. Wide for a busy machine, yet far below the 60 s run a monitor that never noticed would take
        f.get('detectedAfterMs').asDouble() > 0
        f.get('detectedAfterMs').asDouble() <= f.get('killMs').asDouble() + f.get('promoteMs').asDouble() + 250 + 15000
        f.get('newPrimary').asText() != f.get('host').asText()
        f.get('firstFailedAfterMs').asDouble() >= 0
        // the write window: the last acknowledgement came from the old primary (before it was dead, with slack for a
        // busy machine), the first after it from the new one, which took writes only after the kill
        f.get('writeUnavailableMs').asDouble() > 0
        f.get('lastWriteBeforeMs').asDouble() <= f.get('killMs').asDouble() + 3000
        f.get('firstWriteAfterMs').asDouble() >= f.get('killMs').asDouble()
        Math.abs(f.get('firstWriteAfterMs').asDouble() - f.get('lastWriteBeforeMs').asDouble() - f.get('writeUnavailableMs').asDouble()) < 0.05
        f.get('readUnavailableMs').asDouble() >= 0
        f.get('errorsDuringWindow').size() > 0
        // reads were served on the replicas while the writes were refused
        f.get('readsDuringWriteOutage').asLong() > 0
        f.get('acknowledgedWrites').asLong() > 0
        f.get('lostWrites').asLong() == 0
        json.get('findings').get('ledger').get('failover_writes').get('missing').asLong() == 0
        p.out.contains('failover: failover(), first error after ')
        MultiHostRunSpec.noClusterPostmastersBeyond(before)

        cleanup:
        p?.kill()
    }

    def "kill('replica1') and restart('replica1') on a controlled cluster: reads move to the other replica, the replica comes back, and nothing is left running"() {
        given:
        def before = MultiHostRunSpec.clusterPostmasters()
        def file = tmp.resolve('replica.groovy')
        file.toFile().text = """\
            scenario('replica') {
                target cluster(replicas: 2)
                refresh 200.ms
                setup { sql 'CREATE TABLE seen (id bigserial PRIMARY KEY)' }
                group('readers') { workers 2; loop { read { sql 'SELECT count(*) FROM seen', name: 'read' } } }
                group('writers') { workers 1; loop { write { sql 'INSERT INTO seen DEFAULT VALUES', name: 'insert' } } }
                at(1.seconds) { kill('replica1') }
                at(2.seconds) { restart('replica1') }
            }""".stripIndent()

        when:
        def r = Cli.run('run', file.toString(), '--duration', '4s', '--no-tui', '--out', tmp.resolve('replica').toString())
        def json = new ObjectMapper().readTree(tmp.resolve('replica/summary.json').toFile())
        def f = json.get('findings').get('failover')

        then:
        r.exit == 0
        f.get('fault').asText() == "kill('replica1')"
        f.get('node').asText() == 'node1'
        !f.has('newPrimary')                               // a replica died: no promotion to wait for
        f.get('faults').collect { it.get('fault').asText() } == ["kill('replica1')", "restart('replica1')"]
        f.get('writesRecovered') == null && f.get('readsRecovered') == null
        f.get('readUnavailableMs').asDouble() < 2000       // the other replica went on serving reads
        f.get('downDetectedAfterMs').asDouble() > 0
        Files.readString(tmp.resolve('replica/timeline.csv')) =~ /127\.0\.0\.1:\d+ down/   // the host run event
        json.get('findings').get('hosts').every { it.get('state').asText() == 'up' } // replica1 back by the end
        MultiHostRunSpec.noClusterPostmastersBeyond(before)
    }

    def "against an external cluster given by --url the fault events are dropped with a note, and the ledger catches rows deleted behind its back"() {
        given:
        def file = tmp.resolve('external.groovy')
        file.toFile().text = """\
            scenario('external') {
                target cluster(replicas: 1)
                setup { sql 'DROP TABLE IF EXISTS ledger_rows; CREATE TABLE ledger_rows (id bigserial PRIMARY KEY, note text)' }
                group('writers') {
                    workers 2
                    loop { write { insertBatch 'ledger_rows', rows: 1, row: [note: random.text(8)], verify: true } }
                }
                at(1.seconds) { failover() }
                at(2.seconds, 'delete') { connection().createStatement().executeUpdate('DELETE FROM ledger_rows WHERE id IN (SELECT id FROM ledger_rows ORDER BY id LIMIT 3)') }
                expect { lostWrites() == 0; writeUnavailable() < 1.ms }
            }""".stripIndent()

        when:
        def r = Cli.run('run', file.toString(), '--url', externalUrl(), '--duration', '4s', '--no-tui', '--out', tmp.resolve('ext').toString())
        def json = new ObjectMapper().readTree(tmp.resolve('ext/summary.json').toFile())
        def thresholds = json.get('thresholds').collectEntries { [(it.get('expression').asText()): it.get('status').asText()] }

        then:
        def note = "--url replaces the scenario's cluster(replicas: 1, synchronous: false): its fault events are not run, " +
                "stampede does not control those hosts (at 1s: failover())"
        r.out.contains('note: ' + note)
        json.get('findings').get('faultsDropped').collect { it.asText() } == ['at 1s: failover()']
        r.out.count(note) >= 2 // the header and the summary
        !json.get('findings').has('failover')
        json.get('findings').get('ledger').get('ledger_rows').get('missing').asLong() == 3
        thresholds == ['lostWrites() == 0': 'failed', 'writeUnavailable() < 1.ms': 'not applicable']
        r.exit == 1
        external.primary().name() == 'node0' // nothing was failed over
    }

    def "scenarios/failover.groovy runs against an external cluster given by a multi-host --url, without its failover; each host's figures are on /metrics and in summary.json"() {
        given:
        def out = new ByteArrayOutputStream()
        int exit = -1
        def runner = Thread.start {
            exit = Main.execute(['run', Cli.scenario('failover.groovy'), '--url', externalUrl(), '--duration', '6s', '--no-tui',
                                 '--metrics-port', '0', '--out', tmp.resolve('bundled').toString()] as String[],
                    new PrintStream(out, true, 'UTF-8'), new PrintStream(new ByteArrayOutputStream(), true, 'UTF-8'), [:], false)
        }
        def primary = "127.0.0.1:${external.primary().port()}"
        def replica = "127.0.0.1:${external.replicas()[0].port()}"
        List<String> bodies = []

        when:
        new PollingConditions(timeout: 120, delay: 0.2).eventually {
            def m = out.toString('UTF-8') =~ /metrics: (http:\/\/127\.0\.0\.1:\d+\/metrics)/
            assert m.find()
            def response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(m.group(1))).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString())
            bodies << response.body()
            assert bodies.last().contains("stampede_host_rate_per_second{host=\"$replica\"}")
        }
        runner.join(120_000)
        def body = bodies.last()
        def json = new ObjectMapper().readTree(tmp.resolve('bundled/summary.json').toFile())
        def hosts = json.get('findings').get('hosts').collectEntries { [(it.get('host').asText()): it] }

        then:
        exit == 0
        out.toString('UTF-8').contains("note: --url replaces the scenario's cluster(replicas: 2, synchronous: false): its fault events are not run")
        body.contains("stampede_host_up{host=\"$primary\"} 1.0")
        body.contains("stampede_host_primary{host=\"$primary\"} 1.0")
        body.contains("stampede_host_primary{host=\"$replica\"} 0.0")
        body.readLines().any { it.startsWith("stampede_host_p99_seconds{host=\"$primary\"} ") }
        body.readLines().any { it.startsWith("stampede_host_lag_bytes{host=\"$replica\"} ") }
        hosts.keySet() == [primary, replica] as Set
        hosts[primary].get('role').asText() == 'primary'
        hosts[replica].get('role').asText() == 'replica'
        hosts.values().every { it.get('state').asText() == 'up' && it.get('blocks').asLong() > 0 && it.get('p99Ms').asDouble() > 0 }
        hosts[replica].has('maxLagBytes')
        json.get('operations').get('insert').get('count').asLong() > 0
        json.get('operations').get('read').get('count').asLong() > 0
        json.get('findings').get('ledger').get('failover_writes').get('missing').asLong() == 0
    }
}
