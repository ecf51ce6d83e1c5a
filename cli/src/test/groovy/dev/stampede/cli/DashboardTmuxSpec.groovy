package dev.stampede.cli

import com.fasterxml.jackson.databind.ObjectMapper
import spock.lang.Requires
import spock.lang.Specification
import spock.lang.TempDir
import spock.lang.Timeout

import java.nio.file.Files
import java.nio.file.Path

/** The dashboard in a real terminal: tmux runs stampede, send-keys types, capture-pane reads the screen. */
@Timeout(120)
@Requires({ ['sh', '-c', 'command -v tmux'].execute().waitFor() == 0 })
class DashboardTmuxSpec extends Specification {

    @TempDir
    Path tmp

    String session = "stampede-spec-${ProcessHandle.current().pid()}"

    def cleanup() {
        ['tmux', 'kill-session', '-t', session].execute().waitFor()
    }

    String screen() {
        def p = ['tmux', 'capture-pane', '-p', '-t', session].execute()
        def text = p.inputStream.text
        p.waitFor()
        text
    }

    boolean waitForScreen(String text, int seconds) {
        long deadline = System.nanoTime() + seconds * 1_000_000_000L
        while (System.nanoTime() < deadline) {
            if (screen().contains(text)) return true
            Thread.sleep(200)
        }
        false
    }

    def "the dashboard shows the run live and q ends it with the summary and exit 130"() {
        given:
        def script = tmp.resolve('run.sh')
        def cmd = StampedeProcess.command('run', 'churn', '--duration', '60s', '--out', tmp.resolve('out').toString())
        Files.writeString(script, "#!/bin/sh\n" + cmd.collect { "'" + it.replace("'", "'\\''") + "'" }.join(' ') +
                "\necho EXIT=\$?\nsleep 60\n")
        script.toFile().setExecutable(true)

        when:
        ['tmux', 'new-session', '-d', '-s', session, '-x', '120', '-y', '30', script.toString()].execute().waitFor()

        then: 'the dashboard is drawn and updated'
        waitForScreen("stampede · scenario 'churn'", 60)
        waitForScreen('connect', 30)
        waitForScreen('q quit', 5)
        waitForScreen('(embedded PostgreSQL 17)', 10) // a capture may land mid-redraw: wait for a whole frame

        when:
        ['tmux', 'send-keys', '-t', session, 'q'].execute().waitFor()

        then: 'the terminal is given back, the summary printed and written'
        waitForScreen('EXIT=130', 30)
        waitForScreen("scenario 'churn' interrupted (stopped from the dashboard (q))", 5)
        new ObjectMapper().readTree(tmp.resolve('out/summary.json').toFile()).get('operations').get('connect').get('count').asLong() > 0
    }
}
