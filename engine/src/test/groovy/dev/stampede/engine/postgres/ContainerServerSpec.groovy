package dev.stampede.engine.postgres

import dev.stampede.engine.config.Settings
import dev.stampede.engine.plan.TargetSpec
import org.opentest4j.TestAbortedException
import spock.lang.Specification
import spock.lang.Timeout

import java.nio.file.Path
import java.time.Duration

/** {@code container:IMAGE} targets: names, the no-Docker answer, and (where Docker exists) a real server of another version. */
class ContainerServerSpec extends Specification {

    def "container: URLs name an image; a bare version means the official postgres image"() {
        expect:
        ContainerServer.image(url) == image

        where:
        url                                 | image
        'container:postgres:16-alpine'      | 'postgres:16-alpine'
        'container:16'                      | 'postgres:16'
        'container:13.4'                    | 'postgres:13.4'
        'container:ghcr.io/acme/pg:15'      | 'ghcr.io/acme/pg:15'
    }

    def "a malformed container: URL is a usage error that says what to write"() {
        when:
        ContainerServer.image(url)

        then:
        def e = thrown(IllegalArgumentException)
        e.message == message

        where:
        url                   | message
        'container:'          | 'container: needs an image, e.g. container:postgres:16-alpine'
        'container:pg 16'     | "container: an image name has no spaces (got 'pg 16')"
    }

    def "the resolver sees a container target from --url or from the scenario, and it wins like any --url"() {
        given:
        def resolver = new TargetResolver([:], Path.of('/nonexistent'), Settings.load())

        expect:
        resolver.containerImage(['container:postgres:16'], TargetSpec.DEFAULT).get() == 'postgres:16'
        resolver.containerImage([], TargetSpec.container('postgres:15-alpine')).get() == 'postgres:15-alpine'
        resolver.containerImage(['postgresql://u@h/db'], TargetSpec.container('postgres:15')).isEmpty()
        resolver.choose(['container:postgres:16'], TargetSpec.DEFAULT).isEmpty() // started for the run
    }

    @Timeout(300)
    def "without Docker, starting a container fails at once with one line naming what is missing and the embedded default"() {
        given:
        def missing = ContainerServer.dockerMissing(System.getenv())
        if (missing.isEmpty()) throw new TestAbortedException('skipped: a Docker engine answers here')

        when: 'given a start-up timeout of 120 s'
        long t0 = System.nanoTime()
        ContainerServer.start('postgres:16-alpine', [:], System.getenv(), Duration.ofSeconds(120))

        then: 'it fails well before the timeout (not waiting it out), however busy the machine'
        def e = thrown(IOException)
        (System.nanoTime() - t0) < 60_000_000_000L
        !e.message.contains('\n')
        e.message.startsWith(missing.get())
        e.message.endsWith('container: targets need Docker; without --url (or with a postgresql:// URL) stampede uses its embedded PostgreSQL 17')
    }

    @Timeout(600)
    def "where Docker exists, a container of another PostgreSQL version is started, named, reachable and stopped"() {
        given:
        def missing = ContainerServer.dockerMissing(System.getenv())
        if (missing.isPresent()) {
            println "ContainerServerSpec: skipped the container run: ${missing.get()}"
            throw new TestAbortedException('skipped: ' + missing.get())
        }

        when:
        def server = ContainerServer.start('postgres:16-alpine', [max_connections: '150'], System.getenv(), Duration.ofMinutes(5))
        def info = server.connectionInfo()
        def conn = java.sql.DriverManager.getConnection(info.jdbcUrl(), info.driverProperties())
        def max = conn.createStatement().executeQuery('SHOW max_connections').with { next(); getString(1) }
        conn.close()
        server.close()

        then:
        server.version().startsWith('16')
        max == '150'
    }
}
