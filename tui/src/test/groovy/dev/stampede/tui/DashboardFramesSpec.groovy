package dev.stampede.tui

import com.googlecode.lanterna.TerminalSize
import com.googlecode.lanterna.TextColor
import com.googlecode.lanterna.screen.TerminalScreen
import com.googlecode.lanterna.terminal.virtual.DefaultVirtualTerminal
import spock.lang.Specification

import java.nio.file.Files
import java.nio.file.Path

import static dev.stampede.tui.DashboardFixtures.hostsFrame
import static dev.stampede.tui.DashboardFixtures.line
import static dev.stampede.tui.DashboardFixtures.richFrame

/**
 * Whole frames of the dashboard at the sizes it is made for: every panel's exact text, compared with the
 * frames kept in {@code src/test/resources/frames/} (run with {@code -Dframes.update=true} to write them
 * again after a deliberate change, and review the diff).
 */
class DashboardFramesSpec extends Specification {

    static final Path FRAMES = Path.of('src/test/resources/frames')

    static List<String> draw(Frame frame, int columns, int rows) {
        def terminal = new DefaultVirtualTerminal(new TerminalSize(columns, rows))
        def screen = new TerminalScreen(terminal)
        screen.startScreen()
        try {
            DashboardView.render(frame, screen.newTextGraphics(), screen.terminalSize)
            screen.refresh()
            (0..<rows).collect { line(terminal, it) }
        } finally {
            screen.stopScreen()
        }
    }

    static String expected(String name, List<String> actual) {
        def file = FRAMES.resolve(name + '.txt')
        if (Boolean.getBoolean('frames.update')) {
            Files.createDirectories(FRAMES)
            Files.writeString(file, actual.join('\n') + '\n')
            return Files.readString(file)
        }
        // read from the test classpath, so the spec does not depend on the working directory
        DashboardFramesSpec.getResource("/frames/${name}.txt").getText('UTF-8')
    }

    def "the whole screen at #columns x #rows, #name"() {
        when:
        def text = draw(richFrame(view), columns, rows)

        then:
        text.join('\n') + '\n' == expected("${columns}x${rows}-${name}", text)

        where:
        columns | rows | name          | view
        80      | 24   | 'default'     | ViewState.START
        120     | 40   | 'default'     | ViewState.START
        250     | 70   | 'default'     | ViewState.START
        80      | 24   | 'cumulative'  | ViewState.START.toggleCumulative().toggleHistogram().select(1, 3)
        120     | 40   | 'cumulative'  | ViewState.START.toggleCumulative().toggleHistogram().select(1, 3)
        80      | 24   | 'events-panel'| ViewState.START.nextPanel(5)
        120     | 40   | 'findings'    | ViewState.START.nextPanel(5).nextPanel(5).nextPanel(5)
        250     | 70   | 'help'        | ViewState.START.toggleHelp()
    }

    def "the target panel in front, one row per host of a three-host target, at #columns x #rows"() {
        when:
        def text = draw(hostsFrame(ViewState.START.nextPanel(5).nextPanel(5).nextPanel(5).nextPanel(5)), columns, rows)

        then:
        text.join('\n') + '\n' == expected("${columns}x${rows}-hosts", text)

        where:
        columns | rows
        80      | 24
        120     | 40
    }
}
