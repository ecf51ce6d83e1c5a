package dev.stampede.engine.postgres

import dev.stampede.engine.config.Settings
import dev.stampede.engine.metrics.ErrorKinds
import spock.lang.Shared
import spock.lang.Specification
import spock.lang.Timeout

import java.nio.charset.StandardCharsets
import java.nio.file.Files
import java.nio.file.Path
import java.sql.SQLException
import java.time.Duration

/**
 * The lean wire-protocol client against a real embedded PostgreSQL whose pg_hba.conf asks each user for
 * a different authentication method.
 */
@Timeout(120)
class LeanConnectionSpec extends Specification {

    @Shared
    Settings settings = Settings.load()
    @Shared
    EmbeddedServer server
    @Shared
    Path hba

    def setupSpec() {
        hba = Files.createTempFile('stampede-hba', '.conf')
        Files.writeString(hba, '''\
            local all all trust
            host all lean_pw 127.0.0.1/32 password
            host all lean_md5 127.0.0.1/32 md5
            host all lean_scram 127.0.0.1/32 scram-sha-256
            host all all 127.0.0.1/32 trust
            '''.stripIndent())
        server = EmbeddedServer.start(settings, [hba_file: hba.toString(), max_connections: '30'])
        def admin = new PostgresTarget(server.connectionInfo(), settings)
        admin.open().withCloseable { c ->
            c.createStatement().withCloseable { s ->
                s.execute("SET password_encryption = 'md5'")
                s.execute("CREATE ROLE lean_md5 LOGIN PASSWORD 'md5 sëcret'")
                s.execute("SET password_encryption = 'scram-sha-256'")
                s.execute("CREATE ROLE lean_scram LOGIN PASSWORD 'scram sëcret'")
                s.execute("CREATE ROLE lean_pw LOGIN PASSWORD 'plain sëcret'")
            }
        }
    }

    def cleanupSpec() {
        server?.close()
        if (hba) Files.deleteIfExists(hba)
    }

    ConnectionInfo as(String user, String password, Map<String, String> options = [:]) {
        new ConnectionInfo([new HostPort('127.0.0.1', server.port())], 'postgres', user, password, options)
    }

    def "opens, pings, queries and closes with #method authentication"() {
        when:
        def c = LeanConnection.open(as(user, password), Duration.ofSeconds(5), 'stampede-test')
        c.ping()
        def row = c.query("SELECT current_user, current_setting('application_name'), 1 + 1, NULL::text").first()

        then:
        row == [user, 'stampede-test', '2', null]

        when: 'the server sees the session go away after close'
        c.close()
        def gone = waitFor { backendsOf(user) == 0 }

        then:
        gone

        where:
        method          | user         | password
        'trust'         | 'postgres'   | null
        'password'      | 'lean_pw'    | 'plain sëcret'
        'md5'           | 'lean_md5'   | 'md5 sëcret'
        'scram-sha-256' | 'lean_scram' | 'scram sëcret'
    }

    def "the URL's options and application_name reach the server in the startup packet"() {
        given:
        def c = LeanConnection.open(as('postgres', null, [options: '-c work_mem=1234kB', application_name: 'from-url']),
                Duration.ofSeconds(5), 'stampede-test')

        expect:
        c.query("SELECT current_setting('work_mem'), current_setting('application_name')") == [['1234kB', 'from-url']]

        cleanup:
        c?.close()
    }

    def "a wrong password fails with the server's SQLSTATE 28P01 for #method"() {
        when:
        LeanConnection.open(as(user, 'wrong'), Duration.ofSeconds(5), 'stampede-test')

        then:
        def e = thrown(SQLException)
        e.SQLState == '28P01'
        e.message.contains(user)

        where:
        method          | user
        'password'      | 'lean_pw'
        'md5'           | 'lean_md5'
        'scram-sha-256' | 'lean_scram'
    }

    def "a password-based method without a password says so"() {
        when:
        LeanConnection.open(as('lean_scram', null), Duration.ofSeconds(5), 'x')

        then:
        def e = thrown(SQLException)
        e.SQLState == '28P01'
        e.message.contains('no password')
    }

    def "a failing query raises its SQLSTATE and leaves the connection usable"() {
        given:
        def c = LeanConnection.open(as('postgres', null), Duration.ofSeconds(5), 'x')

        when:
        c.query('SELECT * FROM no_such_table')

        then:
        def e = thrown(SQLException)
        e.SQLState == '42P01'

        expect:
        c.query('SELECT 41 + 1') == [['42']]

        cleanup:
        c?.close()
    }

    def "when the server has no slots left the refusal is classified too_many_connections"() {
        given: 'no backend of an earlier feature still leaving (it would free its slot between the refusal and the count)'
        assert waitFor { clientBackends() == 0 }

        and: 'every non-reserved slot taken'
        def held = []
        SQLException refusal = null
        while (refusal == null && held.size() < 40) {
            try {
                held << LeanConnection.open(as('lean_md5', 'md5 sëcret'), Duration.ofSeconds(5), 'x')
            } catch (SQLException e) {
                refusal = e
            }
        }

        expect:
        refusal != null
        ErrorKinds.classify(refusal) == ErrorKinds.TOO_MANY_CONNECTIONS
        held.size() > 20
        clientBackends() == 30 - 3 // max_connections less superuser_reserved_connections: every ordinary slot in use

        cleanup:
        held.each { it.close() }
        waitFor { backendsOf('lean_md5') == 0 }
    }

    def "a closed port is classified refused"() {
        given:
        int port = 1 // nothing listens there, and no other process can take it meanwhile (as a freed ephemeral port could be)

        when:
        LeanConnection.open(new ConnectionInfo([new HostPort('127.0.0.1', port)], 'postgres', 'postgres', null, [:]),
                Duration.ofSeconds(2), 'x')

        then:
        def e = thrown(SQLException)
        ErrorKinds.classify(e) == ErrorKinds.REFUSED
    }

    def "targets the lean client cannot serve as pgjdbc would are left to pgjdbc"() {
        expect:
        LeanConnection.supports(ConnectionInfo.parse(url, 'me')) == lean

        where:
        url                                                                  | lean
        'postgresql://u@db:5432/app'                                         | true
        'postgresql://u@db/app?sslmode=require&application_name=x'           | true
        'postgresql://u@db/app?connect_timeout=3&options=-c%20work_mem%3D1MB' | true
        'postgresql://u@a:5432,b:5432/app'                                   | false
        'postgresql://u@db/app?sslmode=verify-full'                          | false
        'postgresql://u@db/app?target_session_attrs=read-write'              | false
        'postgresql://u@db/app?sslcert=/tmp/c.pem'                           | false
    }

    def "the pgjdbc fallback and the lean client are chosen by stampede.connect.client"() {
        expect:
        new PostgresTarget(server.connectionInfo(), settings).bareClient() == 'lean'
        new PostgresTarget(server.connectionInfo(),
                Settings.of(com.typesafe.config.ConfigFactory.parseMap(['stampede.connect.client': 'jdbc']))).bareClient() == 'pgjdbc'
        new PostgresTarget(ConnectionInfo.parse('postgresql://u@a:1,b:2/app', 'me'), settings).bareClient() == 'pgjdbc'

        when: 'pgjdbc serves a held connection just the same'
        def c = new PostgresTarget(server.connectionInfo(),
                Settings.of(com.typesafe.config.ConfigFactory.parseMap(['stampede.connect.client': 'jdbc']))).openBare()
        c.ping()

        then:
        c.query("SELECT 'a', NULL::int") == [['a', null]]

        cleanup:
        c?.close()
    }

    def "connect() churns through the lean client with SCRAM authentication, and a wrong password counts as 28P01"() {
        given:
        def plan = { String password ->
            new dev.stampede.engine.plan.Plan('churn', '', dev.stampede.engine.plan.SourceRef.file('c.groovy'), [:],
                    dev.stampede.engine.plan.TargetSpec.DEFAULT, [new dev.stampede.engine.plan.Stage('churn', Duration.ofSeconds(1), [
                    new dev.stampede.engine.plan.Group('g', new dev.stampede.engine.plan.ClosedLoop(2),
                            [new dev.stampede.engine.plan.Connect()], dev.stampede.engine.plan.SourceRef.file('c.groovy'))])])
        }
        def run = { String password ->
            def t = new PostgresTarget(as('lean_scram', password), settings)
            new dev.stampede.engine.run.Runner(plan(password), t, 'spec', settings, [], new dev.stampede.engine.result.RunControl(), false)
                    .run().operations().find { it.name() == 'connect' }
        }

        when:
        def good = run('scram sëcret')
        def bad = run('wrong')

        then:
        good.count() > 10
        good.errors() == 0
        bad.count() == 0
        bad.errors() > 0
        bad.errorsByKind().keySet() == ['28P01'] as Set
        backendsOf('lean_scram') == 0 || waitFor { backendsOf('lean_scram') == 0 }
    }

    def "SCRAM-SHA-256 matches RFC 7677's worked example"() {
        given:
        def scram = new LeanConnection.Scram('user', 'pencil', 'rOprNGfwEbeRWgbNEkqO')

        expect:
        new String(scram.clientFirst(), StandardCharsets.UTF_8) == 'n,,n=user,r=rOprNGfwEbeRWgbNEkqO'
        new String(scram.clientFinal('r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096'
                .getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8) ==
                'c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ='

        when:
        scram.verifyServerFinal('v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4='.getBytes(StandardCharsets.UTF_8))

        then:
        noExceptionThrown()

        when: 'a server that does not know the password cannot prove it does'
        scram.verifyServerFinal('v=AAAATRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4='.getBytes(StandardCharsets.UTF_8))

        then:
        thrown(SQLException)
    }

    def "md5 hashes as PostgreSQL stores and expects it"() {
        expect: "md5('secret' || 'bob') is PostgreSQL's stored form; salted once more with the server's 4 bytes"
        LeanConnection.md5('secret', 'bob', [1, 2, 3, 4] as byte[]) ==
                'md5' + md5Hex((md5Hex('secretbob'.bytes).bytes as List) + [1, 2, 3, 4] as byte[])
    }

    static String md5Hex(byte[] b) {
        java.security.MessageDigest.getInstance('MD5').digest(b).encodeHex().toString()
    }

    int clientBackends() {
        count("SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'client backend' AND pid <> pg_backend_pid()")
    }

    int backendsOf(String user) {
        count("SELECT count(*) FROM pg_stat_activity WHERE usename = '${user}' AND backend_type = 'client backend' AND pid <> pg_backend_pid()")
    }

    int count(String sql) {
        new PostgresTarget(server.connectionInfo(), settings).open().withCloseable { c ->
            def rs = c.createStatement().executeQuery(sql)
            rs.next()
            rs.getInt(1)
        }
    }

    static boolean waitFor(Closure<Boolean> condition) {
        def deadline = System.nanoTime() + 60_000_000_000L // backends leave on their own schedule: seconds on a busy machine
        while (System.nanoTime() < deadline) {
            if (condition()) return true
            Thread.sleep(50)
        }
        false
    }

    def "goes to the server directly unless the JVM is told to use a SOCKS proxy, which it then honours"() {
        given: 'a SOCKS proxy that only counts who knocks and hangs up'
        def proxy = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())
        def knocks = new java.util.concurrent.atomic.AtomicInteger()
        def acceptor = Thread.ofPlatform().daemon(true).start {
            try {
                while (true) { def s = proxy.accept(); knocks.incrementAndGet(); s.close() } // counted before the client sees the hang-up
            } catch (IOException ignored) {
                // closed
            }
        }

        expect: 'no proxy configured: straight to the server'
        !LeanConnection.socksConfigured()
        LeanConnection.open(as('postgres', null), Duration.ofSeconds(10), 'spec').withCloseable { it.query('SELECT 1') } == [['1']]

        when: 'socksProxyHost names the proxy (the JDK never proxies loopback addresses: the server is named by another)'
        System.setProperty('socksProxyHost', '127.0.0.1')
        System.setProperty('socksProxyPort', String.valueOf(proxy.localPort))
        LeanConnection.open(new ConnectionInfo([new HostPort('10.255.255.1', 5432)], 'postgres', 'postgres', null, [:]),
                Duration.ofSeconds(10), 'spec').close()

        then: 'the connection went to the proxy'
        LeanConnection.socksConfigured()
        thrown(SQLException)
        knocks.get() == 1

        cleanup:
        System.clearProperty('socksProxyHost')
        System.clearProperty('socksProxyPort')
        proxy?.close()
        acceptor?.join(5000)
    }
}
