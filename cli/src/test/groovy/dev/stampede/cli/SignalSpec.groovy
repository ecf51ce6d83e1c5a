package dev.stampede.cli

import com.fasterxml.jackson.databind.ObjectMapper
import spock.lang.Specification
import spock.lang.TempDir
import spock.lang.Timeout

import java.nio.file.Path

@Timeout(600)
class SignalSpec extends Specification {

    @TempDir
    Path tmp

    def "#signal ends a run gracefully: summary printed and written, exit 130, embedded server stopped"() {
        given:
        def p = new StampedeProcess('run', 'churn', '--duration', '60s', '--no-tui', '--out', tmp.toString())

        when:
        assert p.waitFor('[   1s] connect', 240)
        def port = (p.out =~ /127\.0\.0\.1:(\d+)/)[0][1] as int
        long t0 = System.nanoTime()
        p.signal(signal)
        def exit = p.exitWithin(120)
        def seconds = (System.nanoTime() - t0) / 1e9
        def json = new ObjectMapper().readTree(tmp.resolve('summary.json').toFile())

        then:
        exit == 130
        seconds < 60                  // graceful, not the 60 s of the run (wide: a busy 2-core machine)
        p.waitFor("scenario 'churn' interrupted (SIG$signal)", 60)
        json.get('exitCode').asInt() == 130
        json.get('stopReason').asText() == 'interrupted'
        json.get('operations').get('connect').get('count').asLong() > 0
        !listening(port)
        p.process.descendants().count() == 0

        cleanup:
        p?.kill()

        where:
        signal << ['INT', 'TERM']
    }

    def "kill -9 keeps every completed interval on disk, and the embedded server does not outlive stampede"() {
        given:
        def p = new StampedeProcess('run', 'churn', '--duration', '60s', '--no-tui', '--out', tmp.toString())

        when:
        assert p.waitFor('[   3s] connect', 240)
        def port = (p.out =~ /127\.0\.0\.1:(\d+)/)[0][1] as int
        p.signal('KILL')
        assert p.exitWithin(120) != null
        // the embedded server notices its parent is gone on its own schedule: wait for it, generously
        def deadline = System.nanoTime() + 120_000_000_000L
        while (listening(port) && System.nanoTime() < deadline) Thread.sleep(200)
        def rows = java.nio.file.Files.readAllLines(tmp.resolve('timeline.csv'))
        def reader = new org.HdrHistogram.HistogramLogReader(tmp.resolve('latency.hlog').toFile())
        int intervals = 0
        while (reader.nextIntervalHistogram() != null) intervals++

        then:
        rows.size() >= 4              // header + at least the 3 intervals printed (files are written before the line)
        intervals >= 3
        !java.nio.file.Files.exists(tmp.resolve('summary.json'))
        !listening(port)

        cleanup:
        p?.kill()
    }

    /** Polls {@code condition} every 200 ms for up to {@code seconds}; true once it held. */
    static boolean eventually(int seconds, Closure<Boolean> condition) {
        long deadline = System.nanoTime() + seconds * 1_000_000_000L
        while (System.nanoTime() < deadline) {
            if (condition()) return true
            Thread.sleep(200)
        }
        condition()
    }

    static boolean listening(int port) {
        try {
            new Socket('127.0.0.1', port).close()
            true
        } catch (IOException ignored) {
            false
        }
    }
}
