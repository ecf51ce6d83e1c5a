package dev.stampede.cli

import dev.stampede.engine.postgres.ContainerServer
import org.opentest4j.TestAbortedException
import spock.lang.Specification
import spock.lang.TempDir
import spock.lang.Timeout

import java.nio.file.Path

/** `--url container:IMAGE` and `target container('IMAGE')` through the command line. */
class ContainerTargetSpec extends Specification {

    @TempDir Path dir

    @Timeout(30)
    def "without Docker, a container target is one line on stderr and exit 3, with no stack trace"() {
        given:
        def missing = ContainerServer.dockerMissing(System.getenv())
        if (missing.isEmpty()) throw new TestAbortedException('skipped: a Docker engine answers here')

        when:
        def r = Cli.run('run', Cli.scenario('churn.groovy'), '--url', 'container:postgres:16', '--duration', '1s',
                '--no-tui', '--out', dir.resolve('out').toString())

        then:
        r.exit == 3
        r.out.contains('starting container postgres:16 …')
        def lines = r.err.readLines()
        lines.size() == 1
        lines[0] == "stampede run: cannot start the container postgres:16: ${missing.get()}: container: targets need Docker; " +
                'without --url (or with a postgresql:// URL) stampede uses its embedded PostgreSQL 17'
    }

    def "check accepts target container('…') and names it; a malformed one is a file:line:col error"() {
        given:
        def good = dir.resolve('good.groovy').toFile()
        good.text = """scenario('versions') {
    target container('postgres:16-alpine')
    duration 1.seconds
    group('g') { workers 1; loop { sql 'SELECT 1' } }
}
"""
        def bad = dir.resolve('bad.groovy').toFile()
        bad.text = """scenario('versions') {
    target container('')
    duration 1.seconds
    group('g') { workers 1; loop { sql 'SELECT 1' } }
}
"""

        when:
        def ok = Cli.run('check', good.path)
        def ko = Cli.run('check', bad.path)

        then:
        ok.exit == 0
        ko.exit == 2
        ko.err.contains("${bad.path}:2:12: container needs an image name, e.g. container('postgres:16-alpine') (got '')")
    }

    @Timeout(600)
    def "where Docker exists, a scenario runs on another PostgreSQL version and the header names image and version"() {
        given:
        def missing = ContainerServer.dockerMissing(System.getenv())
        if (missing.isPresent()) {
            println "ContainerTargetSpec: skipped the container run: ${missing.get()}"
            throw new TestAbortedException('skipped: ' + missing.get())
        }

        when:
        def r = Cli.run('run', Cli.scenario('churn.groovy'), '--url', 'container:postgres:16-alpine', '--duration', '2s',
                '--no-tui', '--out', dir.resolve('out').toString())

        then:
        r.exit == 0
        r.out =~ /target: postgresql:\/\/postgres:\*+@.* \(container postgres:16-alpine, PostgreSQL 16\./
        !r.out.contains('stampede@') && !r.out.contains(':stampede@')
    }
}
