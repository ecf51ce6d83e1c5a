package dev.stampede.engine.output

import dev.stampede.engine.metrics.IntervalSnapshot
import dev.stampede.engine.metrics.LatencyStats
import dev.stampede.engine.metrics.OperationSnapshot
import dev.stampede.engine.metrics.ServerStatus
import org.HdrHistogram.Histogram
import spock.lang.Specification

import java.time.Duration
import java.time.Instant

class PrometheusOutputSpec extends Specification {

    def "counters add up the intervals, errors count by kind once each, gauges show the last interval"() {
        given:
        def out = PrometheusOutput.start('127.0.0.1', 0)

        when:
        out.interval(snapshot(1, 10, ['53300': 2L]))
        out.interval(snapshot(2, 5, ['53300': 3L, 'timeout': 1L]))
        def body = new URL("http://127.0.0.1:${out.port()}/metrics").text

        then:
        sample(body, 'stampede_operations_total{operation="connect"}') == 15
        sample(body, 'stampede_operation_errors_total{kind="53300",operation="connect"}') == 3
        sample(body, 'stampede_operation_errors_total{kind="timeout",operation="connect"}') == 1
        sample(body, 'stampede_operation_rate_per_second{operation="connect"}') == 5
        Math.abs(sample(body, 'stampede_operation_latency_seconds{operation="connect",quantile="1"}') - 0.005) < 0.00001 // 5 ms, to 3 digits
        sample(body, 'stampede_server_connections') == 7
        sample(body, 'stampede_server_max_connections') == 100

        cleanup:
        out?.close()
    }

    def "a port already taken is one clear message"() {
        given:
        def taken = new ServerSocket(0, 50, InetAddress.getByName('127.0.0.1'))

        when:
        PrometheusOutput.start('127.0.0.1', taken.localPort)

        then:
        def e = thrown(UncheckedIOException)
        e.message.startsWith("cannot serve metrics on 127.0.0.1:${taken.localPort}: ")

        cleanup:
        taken.close()
    }

    static IntervalSnapshot snapshot(int index, int count, Map<String, Long> errors) {
        def h = new Histogram(3_600_000_000_000L, 3)
        count.times { h.recordValue(1_000_000L * (it + 1)) }
        def op = new OperationSnapshot('connect', count, 0, count, LatencyStats.of(h), count, 0, LatencyStats.of(h), errors, h)
        new IntervalSnapshot(index, Instant.now(), Duration.ofSeconds(index), Duration.ofSeconds(1), Duration.ofSeconds(10),
                'main', [op], Optional.of(new ServerStatus(7, 100, 3)))
    }

    static double sample(String body, String name) {
        def line = body.readLines().find { it.startsWith(name + ' ') }
        assert line != null: "no $name in\n$body"
        line.substring(name.length() + 1) as double
    }
}
