package dev.stampede.cli

import com.fasterxml.jackson.databind.ObjectMapper
import spock.lang.Requires
import spock.lang.Specification
import spock.lang.TempDir
import spock.lang.Timeout

import java.nio.file.Files
import java.nio.file.Path

/**
 * The dashboard in a real terminal: tmux runs stampede, send-keys types, capture-pane reads the screen.
 * Every wait is on a screen condition with a generous bound; each feature has its own tmux session.
 */
@Timeout(300)
@Requires({ ['sh', '-c', 'command -v tmux'].execute().waitFor() == 0 })
class DashboardTmuxSpec extends Specification {

    @TempDir
    Path tmp

    String session = "stampede-spec-${ProcessHandle.current().pid()}-${System.nanoTime()}"

    def cleanup() {
        ['tmux', 'kill-session', '-t', session].execute().waitFor()
    }

    /** Starts stampede with {@code args} in a detached tmux window of {@code columns} x {@code rows}. */
    void start(int columns, int rows, String... args) {
        def script = tmp.resolve('run.sh')
        def cmd = StampedeProcess.command(args)
        Files.writeString(script, "#!/bin/sh\nunset DATABASE_URL PGHOST PGPORT PGDATABASE\n" +
                cmd.collect { "'" + it.replace("'", "'\\''") + "'" }.join(' ') + "\necho EXIT=\$?\nsleep 120\n")
        script.toFile().setExecutable(true)
        assert ['tmux', 'new-session', '-d', '-s', session, '-x', "$columns", '-y', "$rows", script.toString()].execute().waitFor() == 0
    }

    void keys(String... keys) {
        (['tmux', 'send-keys', '-t', session] + keys.toList()).execute().waitFor()
    }

    String screen() {
        def p = ['tmux', 'capture-pane', '-p', '-t', session].execute()
        def text = p.inputStream.text
        p.waitFor()
        text
    }

    boolean waitForScreen(String text, int seconds) {
        waitUntil(seconds) { it.contains(text) }
    }

    /** Polls the screen until {@code condition} holds for it; false after {@code seconds}. */
    boolean waitUntil(int seconds, Closure<Boolean> condition) {
        long deadline = System.nanoTime() + seconds * 1_000_000_000L
        while (System.nanoTime() < deadline) {
            if (condition(screen())) return true
            Thread.sleep(200)
        }
        false
    }

    /** The rate column of operation {@code name}'s table row, or null when the row is not on screen. */
    static Double rate(String screen, String name) {
        def row = screen.readLines().find { it.startsWith(name + ' ') }
        def m = row =~ /^\S+\s+([0-9.]+)\s/
        m ? m[0][1] as double : null
    }

    def "the dashboard shows the run live and q ends it with the summary and exit 130"() {
        when:
        start(120, 30, 'run', 'churn', '--duration', '60s', '--out', tmp.resolve('out').toString())

        then: 'the dashboard is drawn and updated'
        waitForScreen('stampede · churn · stage 1/1 churn', 90)
        waitForScreen('connect ', 30)
        waitForScreen('q quit', 30)
        waitForScreen('(embedded PostgreSQL 17)', 30) // a capture may land mid-redraw: wait for a whole frame

        when:
        keys('q')

        then: 'the terminal is given back, the summary printed and written'
        waitForScreen('EXIT=130', 30)
        waitForScreen("scenario 'churn' interrupted (stopped from the dashboard (q))", 30)
        new ObjectMapper().readTree(tmp.resolve('out/summary.json').toFile()).get('operations').get('connect').get('count').asLong() > 0
    }

    def "keys switch the views and the layout follows the terminal when it is resized"() {
        when:
        start(120, 40, 'run', 'churn', '--duration', '120s', '--out', tmp.resolve('out').toString())

        then:
        waitForScreen('over time · connect', 90)
        waitForScreen('latency · connect · cumulative', 30)

        when: '? shows the keys, Esc closes them'
        keys('?')

        then:
        waitForScreen('│ keys', 30)

        when:
        keys('Escape')

        then:
        waitUntil(30) { !it.contains('│ keys') }

        when: 'c: cumulative figures; h: the last interval in the histogram; tab: the events panel first'
        keys('c', 'h', 'Tab')

        then:
        waitUntil(30) { it.readLines().any { l -> l.startsWith('cumulative ') } }
        waitForScreen('latency · connect · last interval', 30)
        waitUntil(30) { it.indexOf('─ events') >= 0 && it.indexOf('─ events') < it.indexOf('─ errors') }

        when: 'the terminal shrinks to 80x24'
        ['tmux', 'resize-window', '-t', session, '-x', '80', '-y', '24'].execute().waitFor()

        then: 'every line fits, the table and the keys are still there'
        waitUntil(30) { s ->
            def lines = s.readLines()
            lines.size() <= 24 && lines.every { it.length() <= 80 } && lines.any { it.startsWith('connect ') } &&
                    lines.any { it.startsWith('q quit') }
        }

        when: 'and grows to 250x70'
        ['tmux', 'resize-window', '-t', session, '-x', '250', '-y', '70'].execute().waitFor()

        then:
        waitUntil(30) { s -> s.readLines().any { it.length() > 200 && it.endsWith('? help') } && s.readLines().size() >= 60 }

        when:
        keys('q')

        then:
        waitForScreen('EXIT=130', 60)
    }

    def "p pauses and resumes the load, + and - change the measured rate, and all of it is recorded"() {
        when: 'an open model at 40 arrivals/s'
        start(120, 40, 'run', 'steady-reads', '--set', 'rate=40', '--duration', '240s', '--out', tmp.resolve('out').toString())

        then:
        waitUntil(120) { rate(it, 'select') != null && rate(it, 'select') >= 30 && rate(it, 'select') <= 50 }

        when: 'p pauses'
        keys('p')

        then: 'the header says so and a whole paused interval measures nothing'
        waitForScreen('PAUSED', 30)
        waitUntil(30) { rate(it, 'select') == 0d }

        when: 'p resumes'
        keys('p')

        then:
        waitUntil(30) { !it.contains('PAUSED') && rate(it, 'select') >= 30 }

        when: '+ five times: 40 × 1.1^5 ≈ 64/s'
        5.times { keys('+'); Thread.sleep(100) }

        then:
        waitForScreen("group 'readers': rate", 30)
        waitUntil(30) { rate(it, 'select') >= 56 }

        when: '- ten times: 64 / 1.1^10 ≈ 25/s'
        10.times { keys('-'); Thread.sleep(100) }

        then:
        waitUntil(30) { rate(it, 'select') != null && rate(it, 'select') <= 30 }

        when:
        keys('q')

        then: 'the summary and the timeline carry the pause and every change'
        waitForScreen('EXIT=130', 60)
        def summary = new ObjectMapper().readTree(tmp.resolve('out/summary.json').toFile())
        def controls = summary.get('findings').get('liveControl')*.get('kind')*.asText()
        controls.count('pause') == 1
        controls.count('resume') == 1
        controls.count('control') == 15
        summary.get('findings').get('pausedSeconds').asDouble() > 1
        def timeline = Files.readString(tmp.resolve('out/timeline.csv'))
        timeline.contains("control: group 'readers': rate 40.0/s → 44.0/s")
        timeline.contains('pause: load paused')
    }
}
