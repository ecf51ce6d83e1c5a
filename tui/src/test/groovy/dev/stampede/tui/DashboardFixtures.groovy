package dev.stampede.tui

import com.googlecode.lanterna.terminal.virtual.VirtualTerminal
import dev.stampede.engine.metrics.IntervalSnapshot
import dev.stampede.engine.metrics.LatencyStats
import dev.stampede.engine.metrics.OperationSnapshot
import dev.stampede.engine.metrics.ServerStatus
import dev.stampede.engine.plan.ClosedLoop
import dev.stampede.engine.plan.Connect
import dev.stampede.engine.plan.Group
import dev.stampede.engine.plan.Plan
import dev.stampede.engine.plan.SourceRef
import dev.stampede.engine.plan.Stage
import dev.stampede.engine.plan.TargetSpec
import dev.stampede.engine.result.RunHeader
import org.HdrHistogram.Histogram

import java.time.Duration
import java.time.Instant

/** A hand-built run for the dashboard specs, and a way to read a virtual terminal's text back. */
class DashboardFixtures {

    static final String TARGET = 'postgresql://bench:***@db:5432/app (--url)'

    static RunHeader header() {
        def plan = new Plan('churn', '', SourceRef.file('churn.groovy'), [workers: 10], TargetSpec.DEFAULT,
                [new Stage('churn', Duration.ofSeconds(30),
                        [new Group('connect', new ClosedLoop(10), [new Connect()], SourceRef.file('x'))])])
        new RunHeader(plan, TARGET, Instant.parse('2026-11-22T08:00:00Z'))
    }

    /**
     * Five seconds into a 30 s run: 1000 connects with p50 1.23ms, p90 2.50ms, p99 12.3ms, p99.9 123ms,
     * max 1.23s; 3 errors in the interval, 7 in all; 50 of 300 server connections in use.
     */
    static IntervalSnapshot snapshot() {
        def h = new Histogram(3_600_000_000_000L, 3)
        h.recordValueWithCount(1_230_000L, 500)
        h.recordValueWithCount(2_500_000L, 400)
        h.recordValueWithCount(12_300_000L, 90)
        h.recordValueWithCount(123_000_000L, 9)
        h.recordValue(1_230_000_000L)
        def stats = LatencyStats.of(h)
        def connect = new OperationSnapshot('connect', 1000, 3, 812.4d, stats, 4012, 7, stats, ['53300': 7L], h)
        new IntervalSnapshot(5, Instant.parse('2026-11-22T08:00:05Z'), Duration.ofSeconds(5), Duration.ofSeconds(1),
                Duration.ofSeconds(30), 'churn', [connect], Optional.of(new ServerStatus(50, 300, 3)))
    }

    /** The visible text of one terminal row, trailing blanks removed. */
    static String line(VirtualTerminal terminal, int row) {
        def size = terminal.terminalSize
        (0..<size.columns).collect { terminal.getCharacter(it, row).characterString }.join('').replaceAll(/\s+$/, '')
    }
}
