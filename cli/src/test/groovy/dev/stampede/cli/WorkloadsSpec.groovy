package dev.stampede.cli

import com.fasterxml.jackson.databind.ObjectMapper
import dev.stampede.engine.config.Settings
import dev.stampede.engine.postgres.EmbeddedServer
import spock.lang.Shared
import spock.lang.Specification
import spock.lang.TempDir

import java.nio.file.Path

/** The bundled PostgreSQL workloads against a server of known size, through the command line. */
class WorkloadsSpec extends Specification {

    @Shared
    EmbeddedServer server
    @Shared
    String url

    @TempDir
    Path tmp

    def setupSpec() {
        server = EmbeddedServer.start(Settings.load(), [max_connections: '40'])
        url = "postgresql://postgres@127.0.0.1:${server.port()}/postgres"
    }

    def cleanupSpec() {
        server?.close()
    }

    def json() {
        new ObjectMapper().readTree(tmp.resolve('summary.json').toFile())
    }

    def tableExists() {
        server.connectionInfo()
        def c = new dev.stampede.engine.postgres.PostgresTarget(server.connectionInfo(), Settings.load()).open()
        try {
            def rs = c.createStatement().executeQuery("SELECT to_regclass('load_test_data') IS NOT NULL")
            rs.next()
            rs.getBoolean(1)
        } finally {
            c.close()
        }
    }

    def "write-mix refuses to start with exit 3 when it would leave fewer than minFreeConnections free"() {
        when:
        def r = Cli.run('run', 'write-mix', '--url', url, '--set', 'workers=36', '--duration', '2s', '--no-tui', '--out', tmp.toString())

        then:
        r.exit == 3
        r.err.readLines().size() == 1
        r.err ==~ /stampede run: refusing to start: the run would leave -?\d+ free connection\(s\), fewer than minFreeConnections 5 \(max_connections 40, reserved 3, in use \d+, this run needs up to 37\)\n/
        !tableExists()
    }

    def "write-mix writes, verifies every acknowledged insert, and drops its table with cleanup=true"() {
        when:
        def r = Cli.run('run', 'write-mix', '--url', url, '--set', 'workers=4', '--set', 'cleanup=true', '--duration', '3s',
                '--no-tui', '--out', tmp.toString())
        def insert = json().get('operations').get('insert')
        def ledger = json().get('findings').get('ledger').get('load_test_data')

        then:
        r.exit == 0
        insert.get('rows').asLong() == insert.get('count').asLong() * 100
        insert.get('megabytesPerSecond').asDouble() > 0
        ledger.get('acknowledged').asLong() == insert.get('rows').asLong()
        ledger.get('missing').asLong() == 0
        r.out.contains("ledger: ${insert.get('rows').asLong()} acknowledged insert(s) into load_test_data, all present")
        r.out =~ /insert: \d+ rows, [\d.k]+ rows\/s, [\d.]+ MB\/s sent/
        !tableExists()
    }

    def "--cleanup runs the teardown the scenario keeps for it; without it the table stays"() {
        when:
        def kept = Cli.run('run', 'write-mix', '--url', url, '--set', 'workers=2', '--duration', '2s', '--no-tui', '--out', tmp.resolve('a').toString())
        def stays = tableExists()
        def dropped = Cli.run('run', 'write-mix', '--url', url, '--set', 'workers=2', '--duration', '2s', '--cleanup', '--no-tui',
                '--out', tmp.resolve('b').toString())

        then:
        kept.exit == 0
        stays
        dropped.exit == 0
        !tableExists()
    }

    def "hold's limit finder opens until the server refuses and reports the server's limit"() {
        when:
        def r = Cli.run('run', 'hold', '--url', url, '--set', 'connections=10', '--set', 'batch=5', '--set', 'batchPause=0s',
                '--set', 'findLimit=true', '--duration', '4s', '--no-tui', '--out', tmp.toString())
        def hold = json().get('findings').get('hold')

        then: 'superuser postgres may use every slot but the monitor\'s one'
        r.exit == 0
        hold.get('limitReached').asBoolean()
        hold.get('client').asText() == 'lean'
        hold.get('opened').asInt() == 39
        hold.get('maxConnections').asInt() == 40
        r.out.contains('limit: 39 connection(s) opened before the server refused; max_connections 40')
    }

    def "hold exits 3 when not a single connection could be opened"() {
        when:
        def r = Cli.run('run', 'hold', '--url', 'postgresql://postgres@127.0.0.1:' + server.port() + '/no_such_db',
                '--set', 'connections=5', '--duration', '2s', '--no-tui', '--out', tmp.toString())

        then:
        r.exit == 3
    }

    def "churn's sweep runs one stage per power of two and writes the per-level table to summary.json"() {
        when:
        def r = Cli.run('run', 'churn', '--url', url, '--set', 'sweep=1..4', '--set', 'stageDuration=1s', '--no-tui', '--out', tmp.toString())
        def stages = json().get('stages')

        then:
        r.exit == 0
        stages*.get('workers')*.asInt() == [1, 2, 4]
        stages.every { it.get('operations').get('connect').get('count').asLong() > 0 }
        r.out.contains('stages:')
        r.out.contains('latency histogram of connect (every sample):')
    }
}
