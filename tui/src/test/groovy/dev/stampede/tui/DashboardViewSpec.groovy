package dev.stampede.tui

import com.googlecode.lanterna.TerminalSize
import com.googlecode.lanterna.screen.TerminalScreen
import com.googlecode.lanterna.terminal.virtual.DefaultVirtualTerminal
import dev.stampede.engine.metrics.IntervalSnapshot
import spock.lang.Specification

import static dev.stampede.tui.DashboardFixtures.header
import static dev.stampede.tui.DashboardFixtures.line
import static dev.stampede.tui.DashboardFixtures.snapshot

class DashboardViewSpec extends Specification {

    /** Draws the view once on a virtual terminal of {@code columns} x {@code rows}; returns its text by row. */
    List<String> draw(IntervalSnapshot snapshot, int columns = 100, int rows = 20) {
        def terminal = new DefaultVirtualTerminal(new TerminalSize(columns, rows))
        def screen = new TerminalScreen(terminal)
        screen.startScreen()
        try {
            DashboardView.render(header(), snapshot, screen.newTextGraphics(), screen.terminalSize)
            screen.refresh()
            (0..<rows).collect { line(terminal, it) }
        } finally {
            screen.stopScreen()
        }
    }

    def "the header names the scenario, the stage, the masked target, the time left and the server's connections"() {
        when:
        def text = draw(snapshot())

        then:
        text[0] == "stampede · scenario 'churn' · stage churn"
        text[1] == 'target postgresql://bench:***@db:5432/app (--url)'
        text[2] == 'elapsed 0:05 / 0:30  remaining 0:25  server conns 50/300'
    }

    def "each operation gets one row: rate, totals, errors and latencies in milliseconds"() {
        when:
        def text = draw(snapshot())

        then:
        text[4] == 'operation rate/s    total  err err total     p50     p90     p99   p99.9     max'
        text[5] == 'connect    812.4     4012    3         7  1.23ms  2.50ms  12.3ms   123ms   1.23s'
        text[7] == 'connect errors: too_many_connections 7'
    }

    def "the key help sits on the last row"() {
        expect:
        draw(snapshot())[19] == 'q quit'
    }

    def "before the first interval it shows the planned time and waits"() {
        when:
        def text = draw(null)

        then:
        text[0] == "stampede · scenario 'churn' · stage churn"
        text[2] == 'elapsed 0:00 / 0:30  remaining 0:30'
        text[5] == 'waiting for the first interval …'
        text[19] == 'q quit'
    }

    def "a terminal too small for the table is cut at the edges, not an error (#columns x #rows)"() {
        when:
        def text = draw(snap, columns, rows)

        then:
        text[0] == 'stampede · scenario'
        text[rows - 1] == 'q quit'

        where:
        snap       | columns | rows
        snapshot() | 20      | 5
        null       | 20      | 5
        snapshot() | 20      | 2
    }

    def "a terminal with no room at all draws nothing and does not throw"() {
        when:
        def text = draw(snapshot(), 1, 1)

        then:
        text == ['q']
    }

    def "durations read as minutes and seconds, hours once past the hour"() {
        expect:
        DashboardView.clock(java.time.Duration.ofSeconds(seconds)) == shown

        where:
        seconds | shown
        0       | '0:00'
        5       | '0:05'
        754     | '12:34'
        3723    | '1:02:03'
    }
}
