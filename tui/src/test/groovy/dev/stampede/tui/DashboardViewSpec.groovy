package dev.stampede.tui

import com.googlecode.lanterna.TerminalSize
import com.googlecode.lanterna.TextColor
import com.googlecode.lanterna.screen.TerminalScreen
import com.googlecode.lanterna.terminal.virtual.DefaultVirtualTerminal
import com.googlecode.lanterna.terminal.virtual.VirtualTerminal
import dev.stampede.engine.metrics.IntervalSnapshot
import dev.stampede.engine.metrics.OperationSnapshot
import spock.lang.Specification

import static dev.stampede.tui.DashboardFixtures.hostsFrame
import static dev.stampede.tui.DashboardFixtures.header
import static dev.stampede.tui.DashboardFixtures.line
import static dev.stampede.tui.DashboardFixtures.richFrame
import static dev.stampede.tui.DashboardFixtures.snapshot

class DashboardViewSpec extends Specification {

    VirtualTerminal terminal
    /** The colour of every cell of the last drawing, by row. */
    List<List<TextColor>> colours
    List<String> lastText

    /** Draws the view once on a virtual terminal of {@code columns} x {@code rows}; returns its text by row. */
    List<String> draw(IntervalSnapshot snapshot, int columns = 100, int rows = 20) {
        drawSnapshot(snapshot, columns, rows)
    }

    List<String> drawSnapshot(IntervalSnapshot snapshot, int columns, int rows) {
        drawWith(columns, rows) { g, size -> DashboardView.render(header(), snapshot, g, size) }
    }

    List<String> draw(Frame frame, int columns, int rows) {
        drawWith(columns, rows) { g, size -> DashboardView.render(frame, g, size) }
    }

    List<String> drawWith(int columns, int rows, Closure render) {
        terminal = new DefaultVirtualTerminal(new TerminalSize(columns, rows))
        def screen = new TerminalScreen(terminal)
        screen.startScreen()
        try {
            render(screen.newTextGraphics(), screen.terminalSize)
            screen.refresh()
            colours = (0..<rows).collect { row -> (0..<columns).collect { terminal.getCharacter(it, row).foregroundColor } }
            lastText = (0..<rows).collect { line(terminal, it) }
        } finally {
            screen.stopScreen()
        }
    }

    def "the header names the scenario, stage n/N and state, draws progress bars, the masked target and the server's connections"() {
        when:
        def text = draw(snapshot())

        then:
        text[0] == "stampede · churn · stage 1/1 churn · running" + ' ' * 50 + '? help'
        text[1] == 'stage ████░░░░░░░░░░░░░░░░░░ 0:05/0:30  run ████░░░░░░░░░░░░░░░░░░ 0:05/0:30  remaining 0:25'
        text[2] == 'target postgresql://bench:***@db:5432/app (--url) · server conns 50/300'
    }

    def "between two sweep levels the header says it is settling and counts the pause down"() {
        given:
        def s = snapshot()
        def was = s.live()
        def settling = new dev.stampede.engine.live.LiveStatus(dev.stampede.engine.live.RunState.SETTLING, was.stageNumber(), was.stageCount(),
                was.stageElapsed(), was.stageDuration(), false, java.time.Duration.ZERO, [], [], [:], [:], java.time.Duration.ofSeconds(3))

        when:
        def text = draw(new Frame(header(), s, History.EMPTY.add(s), settling, ViewState.START, Optional.empty(), false), 100, 20)

        then:
        text[0] == "stampede · churn · stage 1/1 churn · settling 0:03" + ' ' * 44 + '? help'
        text[1] == 'stage ████░░░░░░░░░░░░░░░░░░ 0:05/0:30  run ████░░░░░░░░░░░░░░░░░░ 0:05/0:30  remaining 0:25'
    }

    def "each operation gets one row: rate, totals, errors and latencies in milliseconds"() {
        when:
        def text = draw(snapshot())

        then:
        text[3] == 'interval                 rate/s    total  err  all err     p50     p90     p99   p99.9     max'
        text[4] == 'connect                   812.4     4012    3        7  1.23ms  2.50ms  12.3ms   123ms   1.23s'
    }

    def "the key help sits on the last row"() {
        expect:
        draw(snapshot())[19] == DashboardView.KEYS
    }

    def "before the first interval it shows the planned time and waits"() {
        when:
        def text = draw(null)

        then:
        text[0].startsWith("stampede · churn · stage 1/1 churn · running")
        text[1].endsWith('0:00/0:30  remaining 0:30')
        text[4] == 'waiting for the first interval …'
        text[19] == DashboardView.KEYS
    }

    def "a terminal too small for the table is cut at the edges, not an error (#columns x #rows)"() {
        when:
        def text = drawSnapshot(snap, columns, rows)

        then:
        text[0] == 'stampede · churn · s'
        text[rows - 1] == DashboardView.KEYS.substring(0, 20)

        where:
        snap       | columns | rows
        snapshot() | 20      | 5
        null       | 20      | 5
        snapshot() | 20      | 2
    }

    def "below 80x24 the lower parts go first: #columns x #rows keeps the header, the table and the keys"() {
        when:
        def text = draw(richFrame(), columns, rows)

        then:
        text[0].startsWith('stampede · mix · stage 2/2 churn')
        text.any { it.startsWith('connect') }
        text[rows - 1] == DashboardView.KEYS.take(columns).trim()

        where:
        columns | rows
        60      | 12
        79      | 23
        40      | 8
    }

    def "a terminal with no room at all draws nothing and does not throw"() {
        when:
        def text = draw(snapshot(), 1, 1)

        then:
        text == ['q']
    }

    def "errors are red, failing thresholds red and passing ones green; NO_COLOR keeps every colour out"() {
        when:
        draw(richFrame(ViewState.START.nextPanel(5).nextPanel(5), color), 120, 40)
        def all = colours.flatten().toSet()
        def at = { String text -> colourOf(text) }

        then:
        color ? at('FAIL') == TextColor.ANSI.RED : all == [TextColor.ANSI.DEFAULT] as Set
        color ? at('pass') == TextColor.ANSI.GREEN : true
        color ? at('too_many_connections 53300') == TextColor.ANSI.RED : true

        where:
        color << [true, false]
    }

    def "the target panel shows one row per host: the primary green, a replica plain with its lag, a host down red"() {
        when:
        draw(hostsFrame(ViewState.START.nextPanel(5).nextPanel(5).nextPanel(5).nextPanel(5), true), 100, 30)

        then:
        lastText.any { it.contains('127.0.0.1:5433  replica up   3 conns  lag 13kB 0.4s') }
        colourOf('127.0.0.1:5432  primary up') == TextColor.ANSI.GREEN
        colourOf('127.0.0.1:5433  replica up') == TextColor.ANSI.DEFAULT
        colourOf('127.0.0.1:5434  replica down') == TextColor.ANSI.RED
    }

    def "the help overlay lists every key"() {
        when:
        def text = draw(richFrame(ViewState.START.toggleHelp()), 120, 40).join('\n')

        then:
        DashboardView.HELP.every { text.contains(it) }
    }

    def "with more operations than rows the table scrolls to keep the selected one in view, and says which rows it shows"() {
        given:
        def rich = richFrame(ViewState.START.select(9, 12))
        def one = rich.latest().operations()[0]
        def ops = (0..<12).collect { i -> new OperationSnapshot("op$i", one.count(), one.errors(), one.ratePerSecond(),
                one.latency(), one.totalCount(), one.totalErrors(), one.totalLatency(), one.errorsByKind(), one.interval()) }
        def many = new Frame(rich.header(), new IntervalSnapshot(25, rich.latest().at(), rich.latest().elapsed(),
                rich.latest().length(), rich.latest().planned(), 'churn', ops, rich.latest().server(), [], [], rich.live()),
                rich.history(), rich.live(), rich.view(), Optional.empty(), false)

        when:
        def text = draw(many, 100, 24)

        then: 'seven rows fit; the selected tenth operation is the last of them'
        text[3] == 'interval           rate/s    total  err  all err     p50     p90     p99   p99.9     max 4-10 of 12'
        text[4].startsWith('op3 ')
        text[10].startsWith('op9 ')
        text[11].startsWith('over time · op9')
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

    private TextColor colourOf(String text) {
        for (int row = 0; row < lastText.size(); row++) {
            int at = lastText[row].indexOf(text)
            if (at >= 0) return colours[row][at]
        }
        null
    }
}
