package dev.stampede.cli

import spock.lang.Specification
import spock.lang.TempDir
import spock.util.concurrent.PollingConditions

import java.net.http.HttpClient
import java.net.http.HttpRequest
import java.net.http.HttpResponse
import java.nio.charset.StandardCharsets
import java.nio.file.Path
import java.time.Duration

/** `run --metrics-port` serves Prometheus text during the run; scraped while churn runs. */
class MetricsEndpointSpec extends Specification {

    @TempDir
    Path tmp

    def "a scrape during a run finds the operation's counter, its latency and the server's connections"() {
        given:
        def out = new ByteArrayOutputStream()
        def err = new ByteArrayOutputStream()
        int exit = -1
        def runner = Thread.start {
            exit = Main.execute(['run', 'churn', '--duration', '8s', '--set', 'workers=2', '--no-tui', '--metrics-port', '0',
                                 '--out', tmp.toString()] as String[],
                    new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8), [:], false)
        }
        def conditions = new PollingConditions(timeout: 120, delay: 0.2)
        String url = null
        String body = null

        when:
        conditions.eventually {
            def m = out.toString(StandardCharsets.UTF_8) =~ /metrics: (http:\/\/127\.0\.0\.1:\d+\/metrics)/
            assert m.find()
            url = m.group(1)
        }
        def http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build()
        conditions.eventually {
            def response = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString())
            assert response.statusCode() == 200
            body = response.body()
            assert counter(body, 'stampede_operations_total{operation="connect"}') > 0
            // the server's reading comes from its own monitor thread, maybe an interval after the first counts
            assert counter(body, 'stampede_server_connections') >= 1
        }
        runner.join(120_000)

        then:
        body.contains('# TYPE stampede_operations_total counter')
        body.readLines().any { it.startsWith('stampede_operation_latency_seconds{operation="connect",quantile="0.99"} ') }
        body.readLines().any { it.startsWith('stampede_operations_in_flight{operation="connect"} ') }
        body.readLines().any { it.startsWith('stampede_operation_rate_per_second{operation="connect"} ') }
        counter(body, 'stampede_server_connections') >= 1
        exit == 0
        err.toString(StandardCharsets.UTF_8) == ''
    }

    def "the endpoint is gone when the run has ended"() {
        when:
        def r = Cli.run('run', 'churn', '--duration', '1s', '--set', 'workers=1', '--no-tui', '--metrics-port', '0', '--out', tmp.toString())
        def url = (r.out =~ /metrics: (http:\/\/127\.0\.0\.1:\d+\/metrics)/)[0][1]
        HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString())

        then:
        r.exit == 0
        thrown(IOException)
    }

    def "a port out of range is one line and exit 2"() {
        when:
        def r = Cli.run('run', 'churn', '--metrics-port', '70000', '--no-tui', '--out', tmp.toString())

        then:
        r.exit == 2
        r.err == 'stampede run: --metrics-port needs a port between 0 and 65535 (got 70000)\n'
    }

    /** The value of one sample line, or -1 when absent. */
    static double counter(String body, String sample) {
        def line = body.readLines().find { it.startsWith(sample + ' ') }
        line == null ? -1 : line.substring(sample.length() + 1).trim() as double
    }
}
