package dev.stampede.engine.metrics

import spock.lang.Specification

import java.time.Duration

class MetricsSpec extends Specification {

    def metrics = new Metrics(Duration.ofHours(1), 3, ['connect'])

    def snap(long seconds) {
        metrics.snapshot(Duration.ofSeconds(seconds), Duration.ofSeconds(1), Duration.ofSeconds(10), 's', Optional.empty())
    }

    def "an interval holds what was recorded since the last snapshot; totals hold everything"() {
        given:
        def m = metrics.meter('connect')

        when:
        100.times { m.record(1_000_000) }     // 1 ms
        m.recordError('53300')
        def first = snap(1)
        50.times { m.record(3_000_000) }      // 3 ms
        m.recordError('refused')
        m.recordError('refused')
        def second = snap(2)

        then:
        with(first.operation('connect').get()) {
            count() == 100
            errors() == 1
            ratePerSecond() == 100d
            latency().p50() == 1_000_447 || Math.abs(latency().p50() - 1_000_000) < 1_000
            totalCount() == 100
        }
        with(second.operation('connect').get()) {
            count() == 50
            errors() == 2
            Math.abs(latency().p50() - 3_000_000) < 3_000
            totalCount() == 150
            totalErrors() == 3
            errorsByKind() == ['53300': 1L, refused: 2L]
            Math.abs(totalLatency().p50() - 1_000_000) < 1_000
            Math.abs(totalLatency().max() - 3_000_000) < 3_000
        }
        second.index() == 2
    }

    def "the rate divides by the interval's real length"() {
        given:
        def m = metrics.meter('connect')
        30.times { m.record(10) }

        when:
        def s = metrics.snapshot(Duration.ofMillis(1500), Duration.ofMillis(500), Duration.ofSeconds(10), 's', Optional.empty())

        then:
        s.operation('connect').get().ratePerSecond() == 60d
    }

    def "values beyond the histogram's range are clamped to it and counted"() {
        given:
        def m = metrics.meter('connect')

        when:
        m.record(Duration.ofHours(2).toNanos())

        then:
        m.clampedCount() == 1
        snap(1).operation('connect').get().latency().max() >= Duration.ofMinutes(59).toNanos()
    }

    def "an operation first seen during the run is added after the planned ones"() {
        when:
        metrics.meter('later').record(5)
        then:
        snap(1).operations()*.name() == ['connect', 'later']
    }

    def "in-flight operations are a gauge read at the end of each interval"() {
        given:
        def m = metrics.meter('connect')

        when:
        3.times { m.started() }
        m.ended()

        then:
        snap(1).operation('connect').get().inFlight() == 2
    }

    def "values recorded by many threads while the reader swaps land in exactly one interval (response and service)"() {
        given: 'more writer threads than stripes, so stripes are shared and made while the reader swaps'
        def m = metrics.meter('connect')
        int threads = StripedRecorder.STRIPES * 2 + 1, each = 20_000
        def go = new java.util.concurrent.CountDownLatch(1)
        def writers = (1..threads).collect { int t ->
            Thread.ofVirtual().start {
                go.await()
                each.times { int i -> if (i % 2 == 0) m.record(1_000L * t) else m.record(2_000L * t, 1_000L * t) }
            }
        }

        when: 'the reader swaps while they write, then once more after they ended'
        go.countDown()
        long counted = 0, serviceCounted = 0
        int n = 0
        while (writers.any { it.alive }) {
            def o = snap(++n).operation('connect').get()
            counted += o.count()
            serviceCounted += o.service().count()
        }
        writers*.join()
        def last = snap(++n).operation('connect').get()
        counted += last.count()
        serviceCounted += last.service().count()

        then:
        counted == threads * each
        last.totalCount() == threads * each
        serviceCounted == threads * each / 2
        last.totalLatency().max() >= 2_000L * threads * 0.999
    }
}
