package dev.stampede.report

import spock.lang.Specification
import spock.lang.TempDir
import spock.lang.Timeout

import javax.imageio.ImageIO
import java.nio.file.Files
import java.nio.file.Path

/** report.html from folders the engine may leave: partial ones, runs without a single success. */
class HtmlReportSpec extends Specification {

    @TempDir
    Path dir

    static final String SUMMARY = '''{"scenario": "s <b>", "startedAt": "2026-11-23T00:00:00Z", "exitCode": 3,
        "stopReason": "aborted", "params": {"think": "PT0.25S"},
        "operations": {"q": {"count": 0, "errors": 7, "ratePerSecond": 0,
          "latencyMs": {"mean": 0, "p50": 0, "p90": 0, "p95": 0, "p99": 0, "p999": 0, "max": 0}}},
        "errors": {"refused": 7}, "events": [{"name": "kill", "atSeconds": 1.5}],
        "findings": {"failover": {"detectedAfterSeconds": 1.2, "writeUnavailableSeconds": 2.5}}}'''

    def "a folder with summary.json alone gets a report without charts over time, and no histogram.png"() {
        given:
        Files.writeString(dir.resolve('summary.json'), SUMMARY)

        when:
        def written = HtmlReport.write(dir)
        def html = Files.readString(dir.resolve('report.html'))

        then:
        written == [dir.resolve('report.html')]
        html.contains('no timeline.csv: no charts over time')
        html.contains('<h1>stampede · <span id="scenario">s &lt;b&gt;</span></h1>') // names are escaped
        html.contains('think=250ms')
        html.contains('<table id="failover"')
        html.contains('<td data-key="writeUnavailableSeconds">2.5</td>')
        !Files.exists(dir.resolve('histogram.png'))
    }

    @Timeout(300) // a half line must not make the reader wait for more (a hang), however slow the machine draws
    def "a run that never succeeded still draws its charts: flat rate, its errors, the events marked"() {
        given:
        Files.writeString(dir.resolve('summary.json'), SUMMARY)
        Files.writeString(dir.resolve('timeline.csv'), 'elapsed_s,stage,operation,count,errors,rate_per_s,mean_ms,p50_ms,p90_ms,'
                + 'p95_ms,p99_ms,p999_ms,max_ms,total_count,total_errors,server_connections,server_max_connections,in_flight\n'
                + '1.000,main,q,0,3,0.000,0,0,0,0,0,0,0,0,3,,,0\n'
                + '2.000,main,q,0,4,0.000,0,0,0,0,0,0,0,0,7,5,100,1\n'
                + '2.5,main,q,0') // a half line left by kill -9

        when:
        HtmlReport.write(dir)
        def html = Files.readString(dir.resolve('report.html'))
        def images = (html =~ /data:image\/png;base64,([^"]+)"/).collect { ImageIO.read(new ByteArrayInputStream(it[1].decodeBase64())) }

        then:
        images.size() == 3
        images.every { it.width == 960 }
        html.contains('marked: event kill at 1.50 s')
    }
}
