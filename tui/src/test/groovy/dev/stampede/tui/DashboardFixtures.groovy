package dev.stampede.tui

import com.googlecode.lanterna.terminal.virtual.VirtualTerminal
import dev.stampede.engine.live.LiveStatus
import dev.stampede.engine.live.RunEvent
import dev.stampede.engine.live.RunState
import dev.stampede.engine.metrics.HostState
import dev.stampede.engine.metrics.IntervalSnapshot
import dev.stampede.engine.metrics.PoolStatus
import dev.stampede.engine.plan.ArrivalRate
import dev.stampede.engine.plan.Safety
import dev.stampede.engine.plan.Sql
import dev.stampede.engine.plan.Threshold
import dev.stampede.engine.plan.ThresholdResult
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

    /** Two stages, a closed and an open group, three thresholds, an at() event. */
    static RunHeader richHeader() {
        def where = SourceRef.file('mix.groovy')
        def groups = [new Group('connect', new ClosedLoop(10), [new Connect()], where),
                      new Group('readers', new ArrivalRate(500, 20), [new Sql('select', 'SELECT 1', [])], where)]
        def thresholds = [
                new Threshold("p99('connect') < 200.ms", 'connect', Threshold.Metric.P99, Threshold.Comparison.LT, 200, false, where),
                new Threshold('errorRate() < 0.1.percent', null, Threshold.Metric.ERROR_RATE, Threshold.Comparison.LT, 0.001, false, where),
                new Threshold("p99('missing') < 5.ms", 'missing', Threshold.Metric.P99, Threshold.Comparison.LT, 5, false, where)]
        def plan = new Plan('mix', '', where, [workers: 10], TargetSpec.DEFAULT,
                [new Stage('warm', Duration.ofSeconds(10), groups), new Stage('churn', Duration.ofSeconds(30), groups)],
                [], [], Safety.NONE, thresholds, [])
        new RunHeader(plan, TARGET, Instant.parse('2026-11-22T08:00:00Z'))
    }

    static Histogram histogram(long scale) {
        def h = new Histogram(3_600_000_000_000L, 3)
        h.recordValueWithCount(1_230_000L * scale, 500)
        h.recordValueWithCount(2_500_000L * scale, 400)
        h.recordValueWithCount(12_300_000L * scale, 90)
        h.recordValueWithCount(123_000_000L * scale, 9)
        h.recordValue(1_230_000_000L * scale)
        h
    }

    /**
     * 25 s into the run, 15 s into stage 2/2: connect (errors 53300), select and the readers' lag; a
     * pause, a live change and a warning among the events; one threshold passing, one failing, one
     * without data; 50/300 server connections, one pool.
     */
    static IntervalSnapshot richSnapshot(int index = 25) {
        def h = histogram(1)
        def total = histogram(1)
        total.add(histogram(2))
        def stats = LatencyStats.of(h)
        def connect = new OperationSnapshot('connect', 1000, 3, 812.4d, stats, 20012, 7, LatencyStats.of(total),
                ['53300': 7L], h, LatencyStats.EMPTY, LatencyStats.EMPTY, 0, 0, 10, total)
        def sh = new Histogram(3_600_000_000_000L, 3)
        sh.recordValueWithCount(400_000L, 450)
        sh.recordValueWithCount(900_000L, 50)
        def service = LatencyStats.of(sh)
        def select = new OperationSnapshot('select', 500, 0, 500.0d, service, 9000, 0, service, [:], sh,
                service, service, 0, 0, 2, sh)
        def lag = new OperationSnapshot('readers lag', 500, 0, 500.0d, LatencyStats.of(sh), 9000, 0, LatencyStats.of(sh),
                [:], sh)
        def events = [new RunEvent(Duration.ofMillis(300), 'warning', 'this run may open up to 30 connections but the open-file limit is 20'),
                      new RunEvent(Duration.ofSeconds(10), 'stage', "stage 2/2 'churn' starts"),
                      new RunEvent(Duration.ofSeconds(12), 'pause', 'load paused: no new iterations'),
                      new RunEvent(Duration.ofSeconds(14), 'resume', 'load resumed after 2.0s paused'),
                      new RunEvent(Duration.ofSeconds(18), 'control', "group 'connect': workers 10 → 11")]
        def plan = richHeader().plan()
        def thresholds = [new ThresholdResult(plan.thresholds()[0], 12.3d, true),
                          new ThresholdResult(plan.thresholds()[1], 0.0007d * 10, false),
                          new ThresholdResult(plan.thresholds()[2], Double.NaN, false)]
        def live = new LiveStatus(RunState.RUNNING, 2, 2, Duration.ofSeconds(15), Duration.ofSeconds(30), false,
                Duration.ofSeconds(2), events, thresholds, ['53300': 'FATAL: sorry, too many clients already'],
                [connect: '11 workers', readers: '500.0/s'])
        new IntervalSnapshot(index, Instant.parse('2026-11-22T08:00:25Z'), Duration.ofSeconds(index), Duration.ofSeconds(1),
                Duration.ofSeconds(40), 'churn', [connect, select, lag], Optional.of(new ServerStatus(50, 300, 3)),
                [new PoolStatus('readers', 4, 16, 0, 20)], ['opened 1200/2000, failed 3: too_many_connections'], live)
    }

    /** 25 intervals of history: rates rising and falling, a pause at 12-13 s, stage 2 from 11 s. */
    static History richHistory() {
        def history = History.EMPTY
        for (int i = 1; i <= 25; i++) {
            def s = richSnapshot(i)
            double rate = (i in [13, 14]) ? 0 : 400 + 40 * (i % 10)
            long p99 = (i in [13, 14]) ? -1 : 10_000_000L + 1_000_000L * (i % 7)
            long errors = i == 20 ? 3 : 0
            def tick = new History.Tick(Duration.ofSeconds(i), i <= 10 ? 1 : 2, i in [13, 14],
                    [connect: new History.Point(rate, p99, errors), select: new History.Point(500, 900_000, 0),
                     'readers lag': new History.Point(500, 10_000, 0)])
            history = new History(history.ticks() + [tick])
        }
        history
    }

    static Frame richFrame(ViewState view = ViewState.START, boolean color = false) {
        def s = richSnapshot()
        new Frame(richHeader(), s, richHistory(), s.live(), view, Optional.empty(), color)
    }

    /** The rich frame against a three-host target: a primary, a replica lagging, a replica down. */
    static Frame hostsFrame(ViewState view = ViewState.START, boolean color = false) {
        def rich = richSnapshot()
        def events = rich.live().events() + [new RunEvent(Duration.ofSeconds(21), 'host', '127.0.0.1:5434 down: Connection refused')]
        def l = rich.live()
        def live = new LiveStatus(l.state(), l.stageNumber(), l.stageCount(), l.stageElapsed(), l.stageDuration(), l.paused(),
                l.pausedTotal(), events, l.thresholds(), l.errorSamples(), l.levels())
        def s = rich.with(live).withHosts([
                new HostState('127.0.0.1:5432', true, 'primary', -1, Double.NaN, 8),
                new HostState('127.0.0.1:5433', true, 'replica', 12_800, 0.4d, 3),
                new HostState('127.0.0.1:5434', false, 'replica', -1, Double.NaN, 0)])
        new Frame(richHeader(), s, richHistory(), s.live(), view, Optional.empty(), color)
    }

    /** The visible text of one terminal row, trailing blanks removed. */
    static String line(VirtualTerminal terminal, int row) {
        def size = terminal.terminalSize
        (0..<size.columns).collect { terminal.getCharacter(it, row).characterString }.join('').replaceAll(/\s+$/, '')
    }
}
