package dev.stampede.cli

import com.fasterxml.jackson.databind.JsonNode
import com.fasterxml.jackson.databind.ObjectMapper
import dev.stampede.engine.postgres.PgBouncer
import spock.lang.Requires
import spock.lang.Shared
import spock.lang.Specification
import spock.lang.TempDir
import spock.lang.Timeout

import java.nio.file.Files
import java.nio.file.Path

/** target pgbouncer(…) with a real PgBouncer in front of a real embedded PostgreSQL. */
@Timeout(900)
@Requires(value = { PgBouncer.executable(System.getenv()).isPresent() }, reason = 'pgbouncer is not installed (apt-get install pgbouncer)')
class PoolerRunSpec extends Specification {

    @Shared
    Map<String, JsonNode> probe = [:]
    @Shared
    Map<String, Cli> probeRuns = [:]
    @Shared
    Path shared = Files.createTempDirectory('stampede-pooler-spec-')
    /** The PgBouncers stampede started that were running before the probes (a run elsewhere on this machine). */
    @Shared
    Set<Long> poolersBefore = [] as Set

    /** Pids of the PgBouncers stampede starts (their files are under {@code stampede-pgbouncer-*}). */
    static Set<Long> stampedePoolers() {
        ProcessHandle.allProcesses().filter { it.alive && it.info().commandLine().orElse('').contains('stampede-pgbouncer-') }
                .collect { it.pid() } as Set<Long>
    }

    /**
     * True once no PgBouncer of stampede's runs that was not in {@code before} (waited for, generously: it is
     * stopped with a signal and leaves on its own schedule). Sets of pids: one started elsewhere before is not ours.
     */
    static boolean noPoolersBeyond(Set<Long> before) {
        long deadline = System.nanoTime() + 60_000_000_000L
        while (System.nanoTime() < deadline) {
            if ((stampedePoolers() - before).isEmpty()) return true
            Thread.sleep(100)
        }
        (stampedePoolers() - before).isEmpty()
    }

    def setupSpec() {
        if (!PgBouncer.executable(System.getenv()).isPresent()) return
        poolersBefore = stampedePoolers()
        ['transaction', 'session'].each { mode ->
            def dir = shared.resolve(mode)
            def cli = Cli.run([:], 'run', Cli.scenario('pooler-probe.groovy'), '--set', "mode=$mode", '--duration', '2s',
                    '--no-tui', '--out', dir.toString())
            probeRuns[mode] = cli
            probe[mode] = new ObjectMapper().readTree(dir.resolve('summary.json').toFile())
        }
    }

    def cleanupSpec() {
        shared?.toFile()?.deleteDir()
    }

    def "the probe observes '#feature' as #direct directly and #pooled through pgbouncer in #mode mode"() {
        expect:
        probeRuns[mode].exit == 0
        def rows = probe[mode].get('findings').get('pooler').get('probe')
        def row = rows.find { it.get('feature').asText() == feature }
        row != null
        row.get('direct').asText() == direct
        row.get('pooled').asText() == pooled

        where:
        feature                                              | mode          | direct        | pooled
        'SET persists across transactions'                   | 'transaction' | 'persists'    | 'lost'
        'SET LOCAL stays in its transaction'                 | 'transaction' | 'scoped'      | 'scoped'
        'RESET ALL by another client'                        | 'transaction' | 'own session' | "other's too"
        'DISCARD ALL resets own session'                     | 'transaction' | 'resets'      | 'resets'
        'temporary table across transactions'                | 'transaction' | 'persists'    | 'lost'
        'SQL PREPARE/EXECUTE across transactions'            | 'transaction' | 'works'       | 'lost'
        'protocol-level prepared statement'                  | 'transaction' | 'works'       | 'fails'
        'session advisory lock'                              | 'transaction' | 'exclusive'   | 'shared'
        'LISTEN/NOTIFY delivery'                             | 'transaction' | 'delivered'   | 'not delivered'
        'WITH HOLD cursor across transactions'               | 'transaction' | 'works'       | 'lost'
        'application_name seen by the server'                | 'transaction' | 'seen'        | 'seen'
        'search_path (startup parameter) seen by the server' | 'transaction' | 'seen'        | 'refused'
        'session state leaks to another client'              | 'transaction' | 'isolated'    | 'leaks'
        'SET persists across transactions'                   | 'session'     | 'persists'    | 'persists'
        'SET LOCAL stays in its transaction'                 | 'session'     | 'scoped'      | 'scoped'
        'RESET ALL by another client'                        | 'session'     | 'own session' | 'own session'
        'DISCARD ALL resets own session'                     | 'session'     | 'resets'      | 'resets'
        'temporary table across transactions'                | 'session'     | 'persists'    | 'persists'
        'SQL PREPARE/EXECUTE across transactions'            | 'session'     | 'works'       | 'works'
        'protocol-level prepared statement'                  | 'session'     | 'works'       | 'works'
        'session advisory lock'                              | 'session'     | 'exclusive'   | 'exclusive'
        'LISTEN/NOTIFY delivery'                             | 'session'     | 'delivered'   | 'delivered'
        'WITH HOLD cursor across transactions'               | 'session'     | 'works'       | 'works'
        'application_name seen by the server'                | 'session'     | 'seen'        | 'seen'
        'search_path (startup parameter) seen by the server' | 'session'     | 'seen'        | 'refused'
        'session state leaks to another client'              | 'session'     | 'isolated'    | 'isolated'
    }

    def "the probe's table is printed, the pooler is named in the header and summary.json (password masked), and stopped after the run"() {
        given:
        def cli = probeRuns['transaction']
        def json = probe['transaction']
        def port = (cli.out =~ /target: PgBouncer 1\.\d+\.\d+ \(transaction mode, pool size 2\) on 127\.0\.0\.1:(\d+)/)[0][1] as int

        expect:
        cli.out.contains('pooler probe (transaction mode):')
        cli.out =~ /  session advisory lock\s+exclusive\s+shared\s+B acquired the lock A holds/
        json.get('target').asText().startsWith('PgBouncer 1.')
        def pooler = json.get('findings').get('pooler')
        pooler.get('mode').asText() == 'transaction'
        pooler.get('poolSize').asInt() == 2
        pooler.get('pooler').asText().startsWith('PgBouncer 1.')
        pooler.get('address').asText().contains(':***@127.0.0.1:')
        !Files.readString(shared.resolve('transaction/summary.json')).matches(/(?s).*postgres:[0-9a-f]{36}@.*/)
        !SignalSpec.listening(port)
        noPoolersBeyond(poolersBefore)
    }

    @TempDir
    Path tmp

    def "holds 2,000 client connections through pgbouncer on a pool of 10 server connections"() {
        given:
        def before = stampedePoolers()

        when:
        def cli = Cli.run([:], 'run', Cli.scenario('pooler-hold.groovy'), '--set', 'connections=2000', '--set', 'batch=200',
                '--set', 'poolSize=10', '--duration', '40s', '--no-tui', '--out', tmp.toString())
        def json = new ObjectMapper().readTree(tmp.resolve('summary.json').toFile())
        def hold = json.get('findings').get('hold')
        def pooler = json.get('findings').get('pooler')

        then:
        cli.exit == 0
        hold.get('opened').asInt() == 2000
        pooler.get('peakClientConnections').asInt() >= 2000
        pooler.get('peakServerConnections').asInt() <= 10
        cli.out =~ /pooler: PgBouncer 1\.\d+\.\d+, transaction mode, pool size 10: up to \d{4,} client connection\(s\) on \d+ server connection\(s\)/
        noPoolersBeyond(before)
    }

    def "without pgbouncer the run says so in one line, exits 3 and leaves the cannot-start record"() {
        when:
        def cli = Cli.run([STAMPEDE_PGBOUNCER: '/nonexistent/pgbouncer'], 'run', Cli.scenario('pooler-probe.groovy'),
                '--no-tui', '--out', tmp.toString())
        def json = new ObjectMapper().readTree(tmp.resolve('summary.json').toFile())

        then:
        cli.exit == 3
        cli.err.trim() == 'stampede run: pgbouncer is not installed (looked on PATH, in /usr/sbin and /usr/local/sbin): ' +
                'install it, e.g. apt-get install pgbouncer, or point --url at a running pooler'
        json.get('exitCode').asInt() == 3
        json.get('stopMessage').asText().startsWith('pgbouncer is not installed')
    }

    def "SIGTERM ends a pooled run with exit 130 and stops pgbouncer"() {
        given:
        def before = stampedePoolers()
        def p = new StampedeProcess('run', Cli.scenario('pooler-probe.groovy'), '--duration', '60s', '--no-tui', '--out', tmp.toString())

        when:
        assert p.waitFor('[   1s] select', 240)
        def port = (p.out =~ /target: PgBouncer \S+ \(transaction mode, pool size 2\) on 127\.0\.0\.1:(\d+)/)[0][1] as int
        assert SignalSpec.listening(port)
        p.signal('TERM')
        def exit = p.exitWithin(120)

        then:
        exit == 130
        !SignalSpec.listening(port)
        noPoolersBeyond(before)

        cleanup:
        p?.kill()
    }

    def "kill -9 of stampede: pgbouncer's watchdog stops it and deletes its folder"() {
        given:
        def p = new StampedeProcess('run', Cli.scenario('pooler-probe.groovy'), '--duration', '60s', '--no-tui', '--out', tmp.toString())

        when:
        assert p.waitFor('[   1s] select', 240)
        def port = (p.out =~ /target: PgBouncer \S+ \(transaction mode, pool size 2\) on 127\.0\.0\.1:(\d+)/)[0][1] as int
        def pooler = ProcessHandle.allProcesses().filter {
            it.info().command().orElse('').endsWith('pgbouncer') && it.info().commandLine().orElse('').contains('stampede-pgbouncer-')
        }.toList()
        assert pooler.size() == 1
        def folder = (pooler[0].info().commandLine().get() =~ /(\S*stampede-pgbouncer-[^\s\/]+)/)[0][1]
        p.signal('KILL')
        assert p.exitWithin(120) != null

        then: 'the watchdog polls once a second: wait for it, generously'
        SignalSpec.eventually(120) { !SignalSpec.listening(port) && !pooler[0].alive }
        SignalSpec.eventually(60) { !Files.exists(Path.of(folder)) }

        cleanup:
        p?.kill()
        pooler?.each { it.destroyForcibly() }
    }
}
