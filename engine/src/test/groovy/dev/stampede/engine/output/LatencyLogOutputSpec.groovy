package dev.stampede.engine.output

import dev.stampede.engine.metrics.IntervalSnapshot
import dev.stampede.engine.metrics.LatencyStats
import dev.stampede.engine.metrics.OperationSnapshot
import org.HdrHistogram.Histogram
import org.HdrHistogram.HistogramLogReader
import spock.lang.Specification
import spock.lang.TempDir

import java.nio.file.Path
import java.time.Duration
import java.time.Instant

class LatencyLogOutputSpec extends Specification {

    @TempDir
    Path dir

    def "an operation whose name has a space is logged under a tag HdrHistogram's reader reads to the end"() {
        given:
        def lag = histogram('arrivals lag', 5)
        def connect = histogram('connect', 3)
        def snapshot = new IntervalSnapshot(1, Instant.now(), Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(2),
                'main', [op(lag), op(connect)], Optional.empty())

        when:
        def out = new LatencyLogOutput(dir)
        out.interval(snapshot)
        out.interval(snapshot)
        out.close()
        def reader = new HistogramLogReader(dir.resolve('latency.hlog').toFile())
        def read = []
        def h
        while ((h = reader.nextIntervalHistogram()) != null) read << [h.tag, h.totalCount]

        then:
        read == [['arrivals_lag', 5], ['connect', 3], ['arrivals_lag', 5], ['connect', 3]]
        lag.tag == 'arrivals lag' // the snapshot's histogram is shared: never changed
    }

    static Histogram histogram(String name, int samples) {
        def h = new Histogram(3_600_000_000_000L, 3)
        samples.times { h.recordValue(1_000_000L * (it + 1)) }
        h.startTimeStamp = System.currentTimeMillis() - 1000
        h.endTimeStamp = System.currentTimeMillis()
        h.tag = name
        h
    }

    static OperationSnapshot op(Histogram h) {
        new OperationSnapshot(h.tag, h.totalCount, 0, h.totalCount, LatencyStats.of(h), h.totalCount, 0, LatencyStats.of(h), [:], h)
    }
}
