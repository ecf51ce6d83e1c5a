package dev.stampede.engine.threshold

import dev.stampede.engine.metrics.LatencyStats
import dev.stampede.engine.metrics.Metrics
import dev.stampede.engine.plan.SourceRef
import dev.stampede.engine.plan.Threshold
import dev.stampede.engine.plan.Threshold.Comparison
import dev.stampede.engine.plan.Threshold.Metric
import dev.stampede.engine.result.OperationTotals
import dev.stampede.engine.result.RunControl
import dev.stampede.engine.result.RunSummary
import dev.stampede.engine.result.StopReason
import org.HdrHistogram.Histogram
import spock.lang.Specification

import java.time.Duration
import java.time.Instant

class ThresholdsSpec extends Specification {

    static OperationTotals op(String name, List<Long> millis, long errors) {
        def h = new Histogram(3_600_000_000_000L, 3)
        millis.each { h.recordValue(it * 1_000_000L) }
        new OperationTotals(name, millis.size(), errors, millis.size() / 10.0d, LatencyStats.of(h), errors ? [x: errors] : [:], h)
    }

    static RunSummary summary() {
        new RunSummary('s', Instant.now(), Duration.ofSeconds(10), 't', new RunControl.StopRequest(StopReason.COMPLETED, 'completed'), [:],
                [op('insert', (1..100).collect { it as long }, 0), op('select', [5L] * 100, 1), op('readers lag', [900L] * 100, 0)],
                Duration.ZERO, 0)
    }

    static Threshold t(String op, Metric m, Comparison c, double v) {
        new Threshold("${m}(${op}) ${c.symbol()} $v", op, m, c, v, false, SourceRef.file('x'))
    }

    def "evaluates #metric of #op #cmp #value against the full-run totals"() {
        when:
        def r = Thresholds.evaluate([t(op, metric, cmp, value)], summary())[0]

        then:
        r.passed() == passed
        Math.abs(r.actual() - actual) < 0.2

        where:
        op       | metric           | cmp             | value || actual | passed
        'insert' | Metric.P99       | Comparison.LT   | 200   || 99     | true
        'insert' | Metric.P50       | Comparison.LT   | 40    || 50     | false
        'insert' | Metric.MAX       | Comparison.LE   | 101   || 100    | true
        'insert' | Metric.MEAN      | Comparison.LT   | 50    || 50.5   | false
        'insert' | Metric.RATE      | Comparison.GE   | 10    || 10     | true
        'insert' | Metric.COUNT     | Comparison.GT   | 0     || 100    | true
        'select' | Metric.ERROR_RATE| Comparison.LT   | 0.001 || 0.0099 | false
        'select' | Metric.ERRORS    | Comparison.LE   | 1     || 1      | true
        null     | Metric.MAX       | Comparison.LT   | 200   || 100    | true
        null     | Metric.COUNT     | Comparison.GE   | 200   || 200    | true
    }

    def "a threshold on an operation of the run that never completed fails with no actual value"() {
        given:
        def s = summary()
        def withIdle = new RunSummary('s', s.startedAt(), s.elapsed(), 't', s.stop(), [:], s.operations() + [op('idle', [], 3)],
                Duration.ZERO, 0)

        expect:
        with(Thresholds.evaluate([t('idle', Metric.P99, Comparison.LT, 1)], withIdle)[0]) {
            !passed()
            !notApplicable()
            status() == 'failed'
            Double.isNaN(actual())
        }
    }

    def "a threshold on an operation the run does not have (its params switched it off) is not applicable, and does not fail"() {
        expect:
        with(Thresholds.evaluate([t('update', Metric.P99, Comparison.LT, 1)], summary())[0]) {
            notApplicable()
            passed()
            status() == 'not applicable'
            Double.isNaN(actual())
        }
    }

    def "during the run only abortOnFail thresholds that fail on the totals so far are reported"() {
        given:
        def metrics = new Metrics(Duration.ofHours(1), 3, ['insert'])
        10.times { metrics.meter('insert').record(300_000_000L) }
        def snap = metrics.snapshot(Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(10), 's', Optional.empty())
        def abort = new Threshold('p99(insert) < 200ms', 'insert', Metric.P99, Comparison.LT, 200, true, SourceRef.file('x'))
        def keep = new Threshold('p99(insert) < 100ms', 'insert', Metric.P99, Comparison.LT, 100, false, SourceRef.file('x'))

        expect:
        Thresholds.failingAbortOnFail([abort, keep], snap)*.threshold() == [abort]
    }

    def "failover thresholds read findings.failover and the ledger: #what"() {
        given:
        def s = summary().withFinding('failover', failover, []).withFinding('ledger', ledger, [])

        when:
        def r = Thresholds.evaluate([t(null, metric, cmp, value)], s)[0]

        then:
        r.status() == status
        r.actual() == actual || (Double.isNaN(r.actual()) && Double.isNaN(actual))

        where:
        what                                  | failover                                      | ledger                                     | metric                   | cmp             | value || status           | actual
        'writes back within the limit'        | [writeUnavailableMs: 1250.5d]                 | null                                       | Metric.WRITE_UNAVAILABLE | Comparison.LT   | 5000  || 'passed'         | 1250.5d
        'reads refused too long'              | [readUnavailableMs: 7000d]                    | null                                       | Metric.READ_UNAVAILABLE  | Comparison.LT   | 5000  || 'failed'         | 7000d
        'the new primary seen in time'        | [newPrimary: 'h:2', detectedAfterMs: 410d]    | null                                       | Metric.DETECT_TIME       | Comparison.LT   | 2000  || 'passed'         | 410d
        'no new primary ever seen'            | [newPrimary: null]                            | null                                       | Metric.DETECT_TIME       | Comparison.LT   | 2000  || 'failed'         | Double.POSITIVE_INFINITY
        'lost writes after the failover'      | [lostWrites: 3L]                              | null                                       | Metric.LOST_WRITES       | Comparison.EQ   | 0     || 'failed'         | 3d
        'no fault: the ledger alone'          | null                                          | [t: [acknowledged: 9L, present: 9L, missing: 0L]] | Metric.LOST_WRITES | Comparison.EQ   | 0     || 'passed'         | 0d
        'a ledger check that failed'          | null                                          | [error: 'connection refused']              | Metric.LOST_WRITES       | Comparison.EQ   | 0     || 'failed'         | Double.POSITIVE_INFINITY
        'no fault happened (events dropped)'  | null                                          | null                                       | Metric.WRITE_UNAVAILABLE | Comparison.LT   | 5000  || 'not applicable' | Double.NaN
        'nothing acknowledged, no fault'      | null                                          | null                                       | Metric.LOST_WRITES       | Comparison.EQ   | 0     || 'not applicable' | Double.NaN
    }
}
