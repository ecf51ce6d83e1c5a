package dev.stampede.tui

import com.googlecode.lanterna.TerminalSize
import com.googlecode.lanterna.input.KeyStroke
import com.googlecode.lanterna.input.KeyType
import com.googlecode.lanterna.terminal.virtual.DefaultVirtualTerminal
import dev.stampede.engine.live.LiveGroup
import dev.stampede.engine.live.RunState
import dev.stampede.engine.result.RunControl
import dev.stampede.engine.result.StopReason
import spock.lang.Specification
import spock.util.concurrent.PollingConditions

import java.time.Duration

import static dev.stampede.tui.DashboardFixtures.header
import static dev.stampede.tui.DashboardFixtures.line
import static dev.stampede.tui.DashboardFixtures.snapshot

class DashboardSpec extends Specification {

    def terminal = new DefaultVirtualTerminal(new TerminalSize(100, 20))
    def control = new RunControl()
    def dashboard = new Dashboard(terminal, control, Duration.ofMillis(20))
    /** Generous: the drawing thread is woken every 20 ms, but a busy machine may not run it for seconds. */
    def conditions = new PollingConditions(timeout: 30)

    def cleanup() {
        dashboard.close()
    }

    def "#name asks the run to stop, as interrupted from the dashboard"() {
        when:
        terminal.addInput(key)

        then:
        control.awaitStop(Duration.ofSeconds(30))
        control.request().get() == new RunControl.StopRequest(StopReason.INTERRUPTED, message)

        where:
        name     | key                                  | message
        'q'      | new KeyStroke('q' as char, false, false) | 'stopped from the dashboard (q)'
        'Q'      | new KeyStroke('Q' as char, false, false) | 'stopped from the dashboard (q)'
        'Ctrl-C' | new KeyStroke('c' as char, true, false)  | 'stopped from the dashboard (Ctrl-C)'
        'Escape' | new KeyStroke(KeyType.Escape)            | 'stopped from the dashboard (Esc)'
    }

    def "other keys leave the run alone"() {
        when:
        terminal.addInput(new KeyStroke('x' as char, false, false))
        terminal.addInput(new KeyStroke('q' as char, false, true))

        then:
        !control.awaitStop(Duration.ofMillis(300))
    }

    def "shows that it is starting until the run's header arrives"() {
        expect:
        conditions.eventually {
            assert line(terminal, 0) == 'stampede · starting …'
        }
    }

    def "draws the operations of the latest interval once it arrives"() {
        when:
        dashboard.start(header())

        then:
        conditions.eventually {
            assert line(terminal, 4) == 'waiting for the first interval …'
        }

        when:
        dashboard.interval(snapshot())

        then:
        conditions.eventually {
            assert line(terminal, 4).startsWith('connect                   812.4     4012')
        }
    }

    def "after a stop request the last row says why the run is stopping"() {
        given:
        dashboard.start(header())

        when:
        terminal.addInput(new KeyStroke('q' as char, false, false))

        then:
        conditions.eventually {
            assert line(terminal, 19) == 'stopping: stopped from the dashboard (q)'
        }
    }

    def "end and close stop the drawing thread and give the terminal back, any number of times"() {
        given:
        dashboard.start(header())
        conditions.eventually {
            assert drawingThreads() == 1
            assert line(terminal, 0).startsWith('stampede · churn')
        }

        when:
        dashboard.end(null)
        dashboard.close()
        dashboard.close()

        then: 'close waits for the drawing thread (a bounded while); on a busy machine it may still be finishing a frame'
        conditions.eventually {
            assert drawingThreads() == 0
        }
        line(terminal, 0) == ''  // back on the normal screen, the dashboard's alternate one is gone
    }

    def "p pauses and resumes the load; the header and the footer say it is paused"() {
        given:
        control.state(RunState.RUNNING)
        dashboard.start(header())
        dashboard.interval(snapshot())

        when:
        terminal.addInput(new KeyStroke('p' as char, false, false))

        then:
        conditions.eventually {
            assert control.paused()
            assert line(terminal, 0).startsWith('stampede · churn · stage 1/1 churn · running · PAUSED 0:0')
            assert line(terminal, 19).startsWith('PAUSED — p resumes · q quit')
        }

        when:
        terminal.addInput(new KeyStroke('p' as char, false, false))

        then:
        conditions.eventually {
            assert !control.paused()
            assert line(terminal, 19) == DashboardView.KEYS
        }
        control.events()*.kind == ['pause', 'resume']
    }

    def "a sweep's pause between levels shows as settling with the time left, then the next level runs"() {
        given:
        control.state(RunState.RUNNING)
        dashboard.start(header())
        dashboard.interval(snapshot())

        when:
        long settledAt = System.nanoTime()
        control.settle(Duration.ofSeconds(30))

        then: 'the time left counts down from 0:30 (the frame may come late on a busy machine: seconds left as of that frame)'
        conditions.eventually {
            def m = line(terminal, 0) =~ /^stampede · churn · stage 1\/1 churn · settling 0:(\d\d)\s+\? help$/
            assert m.find()
            int left = m.group(1) as int
            int passed = (int) ((System.nanoTime() - settledAt) / 1_000_000_000L)
            assert left <= 30 && left >= 30 - passed - 1
        }

        when:
        control.state(RunState.RUNNING)

        then:
        conditions.eventually {
            assert line(terminal, 0).startsWith('stampede · churn · stage 1/1 churn · running ')
        }
        control.settleLeft() == Duration.ZERO
    }

    def "+ and - scale the group of the selected operation by 10% through the run's control"() {
        given:
        def factors = []
        control.register(new LiveGroup() {
            String name() { 'connect' }
            String level() { '10 workers' }
            Optional<String> scale(double factor) { factors << factor; Optional.of('workers 10 → 11') }
        })
        dashboard.start(header())
        dashboard.interval(snapshot())

        when:
        terminal.addInput(new KeyStroke('+' as char, false, false))
        terminal.addInput(new KeyStroke('-' as char, false, false))

        then:
        conditions.eventually {
            assert factors.size() == 2
        }
        factors[0] == 1.1d
        Math.abs(factors[1] - 1 / 1.1d) < 1e-9
        control.events()*.text == ["group 'connect': workers 10 → 11"] * 2
    }

    def "c switches the table to cumulative figures, ? shows the keys and Esc closes them, tab brings the next panel forward"() {
        given:
        dashboard.start(header())
        dashboard.interval(snapshot())

        when:
        terminal.addInput(new KeyStroke('c' as char, false, false))

        then:
        conditions.eventually {
            assert line(terminal, 3).startsWith('cumulative')
        }

        when:
        terminal.addInput(new KeyStroke('?' as char, false, false))

        then:
        conditions.eventually {
            assert (0..<20).any { line(terminal, it).contains('│ keys') }
        }

        when:
        terminal.addInput(new KeyStroke(KeyType.Escape))
        terminal.addInput(new KeyStroke(KeyType.Tab))

        then: 'Esc closed the help and did not stop the run'
        conditions.eventually {
            assert !(0..<20).any { line(terminal, it).contains('│ keys') }
            assert (0..<20).any { line(terminal, it).startsWith('─ events') }
        }
        !control.stopRequested()
    }

    private static int drawingThreads() {
        Thread.allStackTraces.keySet().count { it.name == Dashboard.THREAD_NAME && it.alive } as int
    }
}
