package dev.stampede.cli

import com.fasterxml.jackson.databind.ObjectMapper
import spock.lang.Specification
import spock.lang.TempDir

import java.nio.file.Files
import java.nio.file.Path

/** Runs the bundled churn scenario end to end on the embedded PostgreSQL. */
class ChurnRunSpec extends Specification {

    @TempDir
    Path tmp

    def "churn runs for 2 s on the embedded server: lines per second, a summary, summary.json with real counts"() {
        when:
        def r = Cli.run('run', Cli.scenario('churn.groovy'), '--duration', '2s', '--no-tui', '--out', tmp.toString())
        def json = new ObjectMapper().readTree(tmp.resolve('summary.json').toFile())
        def connect = json.get('operations').get('connect')

        then:
        r.exit == 0
        r.err == ''
        r.out.contains('starting embedded PostgreSQL 17')
        r.out.contains('(embedded PostgreSQL 17)')
        r.out.readLines().findAll { it ==~ /\[\s*\d+s\] connect .*/ }.size() == 2
        r.out.contains("scenario 'churn' completed after")
        r.out.readLines().any { it.startsWith('connect ') }

        json.get('scenario').asText() == 'churn'
        json.get('exitCode').asInt() == 0
        json.get('stopReason').asText() == 'completed'
        json.get('elapsedSeconds').asDouble() >= 2.0
        json.get('params').get('workers').asInt() == 10
        connect.get('count').asLong() > 20
        connect.get('errors').asLong() == 0
        connect.get('ratePerSecond').asDouble() > 10
        connect.get('latencyMs').get('p50').asDouble() > 0
        connect.get('latencyMs').get('max').asDouble() >= connect.get('latencyMs').get('p99').asDouble()
        json.get('errors').size() == 0
        json.get('target').asText().startsWith('postgresql://postgres@127.0.0.1:')
        def timeline = Files.readAllLines(tmp.resolve('timeline.csv'))
        timeline[0] == dev.stampede.engine.output.TimelineCsvOutput.HEADER
        timeline.size() == 3
        timeline[1].split(',')[2] == 'connect'
        timeline[1..2].collect { it.split(',')[3] as long }.sum() == connect.get('count').asLong()
        hlogTotal(tmp.resolve('latency.hlog')) == connect.get('count').asLong()
        Files.size(tmp.resolve('stampede.log')) > 0
        Files.readString(tmp.resolve('stampede.log')).contains('embedded PostgreSQL started')
    }

    static long hlogTotal(Path file) {
        def reader = new org.HdrHistogram.HistogramLogReader(file.toFile())
        long total = 0
        def h
        while ((h = reader.nextIntervalHistogram()) != null) {
            assert h.tag == 'connect'
            total += h.totalCount
        }
        total
    }

    def "--set reaches the scenario and is recorded in summary.json"() {
        when:
        def r = Cli.run('run', 'churn', '--duration', '1s', '--no-tui', '--set', 'workers=3', '--out', tmp.toString())

        then:
        r.exit == 0
        new ObjectMapper().readTree(tmp.resolve('summary.json').toFile()).get('params').get('workers').asInt() == 3
        r.out.contains('params: workers=3')
    }

    def "the summary says what each kind of failure was: the server's message, and the scenario line for user code"() {
        given:
        def file = tmp.resolve('failing.groovy')
        java.nio.file.Files.writeString(file, """\
            scenario('failing') {
                group('g') {
                    workers 2
                    loop {
                        timed('boom') { ctx ->
                            def m = [:]
                            m.x.y = 1
                        }
                    }
                }
                group('h') {
                    workers 1
                    loop { sql 'SELECT 1/0' }
                }
            }
            """.stripIndent())

        when:
        def r = Cli.run('run', file.toString(), '--duration', '1s', '--no-tui', '--out', tmp.resolve('out').toString())
        def samples = new ObjectMapper().readTree(tmp.resolve('out/summary.json').toFile()).get('findings').get('errorSamples')

        then:
        r.exit == 0
        r.out =~ /(?m)^  NullPointerException +\d+  first: java.lang.NullPointerException: .* \(at .*failing.groovy:7\)$/
        r.out =~ /(?m)^  22012 division_by_zero +\d+  first: ERROR: division by zero$/
        samples.get('22012').asText() == 'ERROR: division by zero'
        samples.get('NullPointerException').asText().endsWith('failing.groovy:7)')
    }
}
