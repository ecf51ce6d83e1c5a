package dev.stampede.engine.output

import com.fasterxml.jackson.databind.ObjectMapper
import dev.stampede.engine.metrics.HostState
import dev.stampede.engine.metrics.LatencyStats
import dev.stampede.engine.metrics.Metrics
import dev.stampede.engine.metrics.ServerStatus
import dev.stampede.engine.result.OperationTotals
import dev.stampede.engine.result.RunControl
import dev.stampede.engine.result.RunSummary
import dev.stampede.engine.result.StopReason
import org.HdrHistogram.Histogram
import spock.lang.Specification
import spock.lang.TempDir

import java.nio.file.Files
import java.nio.file.Path
import java.time.Duration
import java.time.Instant

class OutputsSpec extends Specification {

    @TempDir
    Path dir

    def summary() {
        def h = new Histogram(3_600_000_000_000L, 3)
        [1_000_000L, 2_000_000L, 3_000_000L, 4_000_000L].each { h.recordValue(it) }
        new RunSummary('churn', Instant.parse('2026-11-22T08:00:00Z'), Duration.ofSeconds(2), 'postgresql://u:***@h:5432/db (--url)',
                new RunControl.StopRequest(StopReason.COMPLETED, 'completed'), [workers: 10],
                [new OperationTotals('connect', 4, 1, 2.0, LatencyStats.of(h), ['53300': 1L], h)], Duration.ofMillis(5), 0)
    }

    def "the plain line reads like pgbench -P, with the server's connection count"() {
        given:
        def metrics = new Metrics(Duration.ofHours(1), 3, ['connect'])
        def m = metrics.meter('connect')
        [1_100_000L, 1_100_000L, 3_200_000L, 9_800_000L].each { m.record(it) }
        m.recordError('53300')

        when:
        def line = LinePrinter.line(metrics.snapshot(Duration.ofSeconds(5), Duration.ofSeconds(1), Duration.ofSeconds(10), 's',
                Optional.of(new ServerStatus(50, 500, 3))))

        then:
        line == '[   5s] connect 4.0/s  total 4  err 1 (too_many_connections 1 total)  p50 1.10ms p99 9.81ms  max 9.81ms | server conns 50/500'  // HdrHistogram keeps 3 digits: 9.80ms reads back as 9.807ms
    }

    def "a multi-host target adds each host's role (DOWN when down) and a replica's lag to the line"() {
        given:
        def metrics = new Metrics(Duration.ofHours(1), 3, ['select'])
        metrics.meter('select').record(1_100_000L)
        def hosts = [new HostState('127.0.0.1:5432', true, 'primary', -1, Double.NaN, 4),
                     new HostState('127.0.0.1:5433', true, 'replica', 0, 0.0d, 2, 640.5d, 1_100_000L),
                     new HostState('127.0.0.1:5434', false, 'unknown', -1, Double.NaN, 0)]

        when:
        def line = LinePrinter.line(metrics.snapshot(Duration.ofSeconds(5), Duration.ofSeconds(1), Duration.ofSeconds(10), 's',
                Optional.empty()).withHosts(hosts))

        then:
        line.endsWith(' | hosts 127.0.0.1:5432 primary, 127.0.0.1:5433 replica lag 0B 640.5/s p99 1.10ms, 127.0.0.1:5434 DOWN')
        !line.contains('\n')
    }

    def "with many operations the interval wraps: one line for the run, one indented line per operation"() {
        given:
        def names = (1..8).collect { "operation-$it".toString() }
        def metrics = new Metrics(Duration.ofHours(1), 3, names)
        names.each { metrics.meter(it).record(1_100_000L) }

        when:
        def lines = LinePrinter.line(metrics.snapshot(Duration.ofSeconds(5), Duration.ofSeconds(1), Duration.ofSeconds(10), 's',
                Optional.of(new ServerStatus(50, 500, 3)))).readLines()

        then:
        lines.size() == 9
        lines[0] == '[   5s] 8 operations | server conns 50/500'
        lines[1] == '        operation-1 1.0/s  total 1  err 0  p50 1.10ms p99 1.10ms  max 1.10ms'
        lines.every { it.length() <= LinePrinter.WIDTH }
    }

    def "summary.json has the documented schema and no password"() {
        when:
        def file = SummaryJson.write(dir, summary(), 0, [new SummaryJson.ThresholdRow('p99(connect) < 200ms', 4.0d, true)])
        def json = new ObjectMapper().readTree(file.toFile())

        then:
        !Files.exists(dir.resolve('summary.json.tmp'))
        json.get('scenario').asText() == 'churn'
        json.get('startedAt').asText() == '2026-11-22T08:00:00Z'
        json.get('elapsedSeconds').asDouble() == 2.0d
        json.get('target').asText() == 'postgresql://u:***@h:5432/db (--url)'
        json.get('exitCode').asInt() == 0
        json.get('params').get('workers').asInt() == 10
        with(json.get('operations').get('connect')) {
            get('count').asLong() == 4
            get('errors').asLong() == 1
            get('ratePerSecond').asDouble() == 2.0d
            get('errorRate').asDouble() == 0.2d
            ['mean', 'p50', 'p90', 'p95', 'p99', 'p999', 'max'].every { k -> get('latencyMs').has(k) }
            Math.abs(get('latencyMs').get('max').asDouble() - 4.0) < 0.01
            Math.abs(get('latencyMs').get('mean').asDouble() - 2.5) < 0.01
        }
        json.get('errors').get('53300').asLong() == 1
        json.get('thresholds').get(0).get('passed').asBoolean()
    }

    def "the summary table has one row per operation and the errors by name"() {
        when:
        def text = SummaryTable.render(summary())

        then:
        text.startsWith("scenario 'churn' completed after 2.0s")
        text.contains('operation  count  rate/s  errors      min    mean     p50     p75     p90     p95     p99   p99.9     max')
        text.contains('connect        4     2.0       1  1.000ms  2.50ms  2.00ms  3.00ms  4.00ms  4.00ms  4.00ms  4.00ms  4.00ms')
        text.contains('connect: 5 attempts, 4 succeeded (80.00%)')
        text.contains('53300 too_many_connections')
        text.contains('latency histogram of connect (every sample):')
    }

    def "the log histogram counts every sample, the largest included"() {
        given:
        def h = new Histogram(3_600_000_000_000L, 3)
        [50_000L, 150_000L, 150_000L, 900_000L, 7_777_777L].each { h.recordValue(it) }

        when:
        def buckets = LogHistogram.buckets(h)

        then:
        buckets.sum { it.count() } == 5
        buckets.first().fromNanos() == 0
        buckets.last().toNanos() > h.maxValue
        buckets.last().count() == 1
        buckets*.toNanos() == [100_000L, 200_000L, 400_000L, 800_000L, 1_600_000L, 3_200_000L, 6_400_000L, 12_800_000L]
    }

    def "latencies print with precision that fits their size"() {
        expect:
        Format.latency(nanos) == text
        where:
        nanos           || text
        412_000L        || '0.412ms'
        3_204_000L      || '3.20ms'
        12_340_000L     || '12.3ms'
        123_400_000L    || '123ms'
        1_234_000_000L  || '1.23s'
    }

    def "operation names become valid HdrHistogram log tags: #name → #tag"() {
        expect:
        LatencyLogOutput.tag(name) == tag

        where:
        name            || tag
        'connect'       || 'connect'
        'arrivals lag'  || 'arrivals_lag'
        'a,b'           || 'a_b'
        'tab\there'     || 'tab_here'
        'café'          || 'caf_'
        'p.q-r_s9'      || 'p.q-r_s9'
        ''              || '_'
    }

    def "a threshold that does not apply is shown as n/a in the table and as 'not applicable' in summary.json"() {
        given:
        def th = new dev.stampede.engine.plan.Threshold("p99('update') < 1.seconds", 'update',
                dev.stampede.engine.plan.Threshold.Metric.P99, dev.stampede.engine.plan.Threshold.Comparison.LT, 1000, false,
                dev.stampede.engine.plan.SourceRef.file('x'))
        def na = dev.stampede.engine.plan.ThresholdResult.notApplicable(th)

        when:
        def text = SummaryTable.render(summary(), [na])
        def json = new ObjectMapper().readTree(SummaryJson.write(dir, summary(), 0, [SummaryJson.ThresholdRow.of(na)]).toFile())

        then:
        text.contains("  n/a   p99('update') < 1.seconds  not applicable: no step of this run records 'update' (its params switch it off)")
        with(json.get('thresholds').get(0)) {
            get('status').asText() == 'not applicable'
            get('actual').isNull()
            get('passed').asBoolean()
        }
        json.get('stopMessage').asText() == 'completed'
    }

    def "the live line says the server is unreachable instead of a stale count"() {
        given:
        def metrics = new Metrics(Duration.ofHours(1), 3, ['connect'])

        when:
        def line = LinePrinter.line(metrics.snapshot(Duration.ofSeconds(5), Duration.ofSeconds(1), Duration.ofSeconds(10), 's',
                Optional.of(ServerStatus.unreachable('refused', new ServerStatus(50, 500, 3)))))

        then:
        line == '[   5s] connect 0.0/s  total 0  err 0 | server unreachable (refused)'
    }
}
