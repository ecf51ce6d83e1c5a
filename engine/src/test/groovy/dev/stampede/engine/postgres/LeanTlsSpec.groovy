package dev.stampede.engine.postgres

import dev.stampede.engine.config.Settings
import spock.lang.Requires
import spock.lang.Shared
import spock.lang.Specification
import spock.lang.Timeout

import java.nio.file.Files
import java.nio.file.Path
import java.sql.SQLException
import java.time.Duration

/** The lean client's TLS, against an embedded PostgreSQL with a throwaway self-signed certificate. */
@Timeout(120)
@Requires({ ['sh', '-c', 'command -v openssl'].execute().waitFor() == 0 })
class LeanTlsSpec extends Specification {

    @Shared
    Settings settings = Settings.load()
    @Shared
    EmbeddedServer server
    @Shared
    Path dir

    def setupSpec() {
        dir = Files.createTempDirectory('stampede-tls')
        def p = ['openssl', 'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=localhost',
                 '-keyout', dir.resolve('server.key').toString(), '-out', dir.resolve('server.crt').toString()]
                .execute()
        p.consumeProcessOutput(new StringBuilder(), new StringBuilder())
        assert p.waitFor() == 0
        dir.resolve('server.key').toFile().setReadable(false, false)
        dir.resolve('server.key').toFile().setReadable(true, true)
        server = EmbeddedServer.start(settings, [ssl: 'on', ssl_cert_file: dir.resolve('server.crt').toString(),
                                                 ssl_key_file: dir.resolve('server.key').toString()])
    }

    def cleanupSpec() {
        server?.close()
        dir?.toFile()?.deleteDir()
    }

    LeanConnection open(String sslmode) {
        LeanConnection.open(new ConnectionInfo([new HostPort('127.0.0.1', server.port())], 'postgres', 'postgres', null,
                sslmode == null ? [:] : [sslmode: sslmode]), Duration.ofSeconds(5), 'tls-spec')
    }

    def "sslmode #mode: the session is encrypted = #encrypted"() {
        when:
        def c = open(mode)
        def row = c.query('SELECT ssl::text FROM pg_stat_ssl WHERE pid = pg_backend_pid()').first()

        then:
        row == [encrypted ? 'true' : 'false']

        cleanup:
        c?.close()

        where:
        mode      | encrypted
        null      | true     // libpq's default is prefer
        'prefer'  | true
        'require' | true
        'allow'   | false
        'disable' | false
    }

    def "require against a server without TLS fails with a message saying so"() {
        given:
        def plain = EmbeddedServer.start(settings, [:])

        when:
        LeanConnection.open(new ConnectionInfo([new HostPort('127.0.0.1', plain.port())], 'postgres', 'postgres', null,
                [sslmode: 'require']), Duration.ofSeconds(5), 'tls-spec')

        then:
        def e = thrown(SQLException)
        e.message.contains('does not support SSL')

        cleanup:
        plain?.close()
    }
}
