package dev.stampede.engine.tcp

import dev.stampede.engine.config.Settings
import dev.stampede.engine.metrics.IntervalSnapshot
import dev.stampede.engine.output.Output
import dev.stampede.engine.plan.*
import dev.stampede.engine.result.RunControl
import dev.stampede.engine.result.RunSummary
import dev.stampede.engine.result.StopReason
import dev.stampede.engine.run.Runner
import spock.lang.Requires
import spock.lang.Shared
import spock.lang.Specification

import java.time.Duration

/** The TCP request/response target against a Fibonacci server written in Python. */
@Requires({ PythonFibServer.available() })
class TcpTargetSpec extends Specification {

    static final SourceRef HERE = SourceRef.file('tcp.groovy')

    @Shared
    Settings settings = Settings.load()
    @Shared
    PythonFibServer server

    def setupSpec() {
        server = PythonFibServer.start()
    }

    def cleanupSpec() {
        server?.close()
    }

    static Plan plan(LoadModel load, List<Step> steps, Duration d = Duration.ofSeconds(2)) {
        new Plan('tcp', '', HERE, [:], TargetSpec.tcp('127.0.0.1:1'),
                [new Stage('tcp', d, [new Group('g', load, steps, HERE)])])
    }

    static Request request(String payload, String expect = null, String name = 'request') {
        new Request(name, Value.of(payload), Optional.ofNullable(expect))
    }

    TcpTarget target(int port = server.port) {
        TcpTarget.parse("tcp://127.0.0.1:$port", settings)
    }

    RunSummary runPlan(Plan plan, TcpTarget target = target(), List<Output> outputs = [], RunControl control = new RunControl()) {
        new Runner(plan, target, target.describe(), settings, outputs, control, true).run()
    }

    static op(RunSummary s, String name) {
        s.operations().find { it.name() == name }
    }

    def "requests to a server written in Python are answered and checked, and every one is counted"() {
        when:
        def s = runPlan(plan(new ClosedLoop(3), [request('30', '832040', 'fib30'),
                                             new Request('fibN', { r -> r.nextInt(1, 31) } as Value, Optional.empty())]))

        then:
        s.stop().reason() == StopReason.COMPLETED
        op(s, 'fib30').count() > 10
        op(s, 'fib30').errors() == 0
        op(s, 'fibN').errors() == 0
        // one fibN per fib30 in every completed iteration
        Math.abs(op(s, 'fib30').count() - op(s, 'fibN').count()) <= 3
    }

    def "a reply other than the expected one counts as unexpected_reply, an ERR reply as server_error"() {
        when:
        def wrong = runPlan(plan(new ClosedLoop(1), [request('10', '56', 'wrong')], Duration.ofSeconds(1)))
        def bad = runPlan(plan(new ClosedLoop(1), [request('ten', null, 'bad')], Duration.ofSeconds(1)))

        then:
        op(wrong, 'wrong').count() == 0
        op(wrong, 'wrong').errorsByKind().keySet() == ['unexpected_reply'] as Set
        wrong.findings().errorSamples.unexpected_reply.contains("expected '56' for '10', got '55'")
        op(bad, 'bad').count() == 0
        op(bad, 'bad').errorsByKind().keySet() == ['server_error'] as Set
        bad.findings().errorSamples.server_error.contains('ERR not a number')
    }

    def "connect() opens and closes a TCP connection, timed"() {
        when:
        def s = runPlan(plan(new ClosedLoop(2), [new Connect()], Duration.ofSeconds(1)))

        then:
        op(s, 'connect').count() > 10
        op(s, 'connect').errors() == 0
    }

    def "the open model runs against a TCP target at its rate"() {
        when:
        def s = runPlan(plan(new ArrivalRate(50, 5), [request('20', '6765')], Duration.ofSeconds(2)))

        then:
        op(s, 'request').errors() == 0
        // 50/s over the measured time: 100 due in 2 s (a little more when a busy machine ends the stage late)
        double due = 50 * op(s, 'request').count() / op(s, 'request').ratePerSecond()
        due >= 95
        op(s, 'request').count() >= 50   // wide on a busy machine
        op(s, 'request').count() <= due + 10
    }

    def "nothing listening: every request fails as refused and the run still completes"() {
        given:
        int closed = new ServerSocket(0, 1, InetAddress.getLoopbackAddress()).withCloseable { it.localPort }

        when:
        def s = runPlan(plan(new ClosedLoop(1), [request('1', '1')], Duration.ofSeconds(1)), target(closed))

        then:
        s.stop().reason() == StopReason.COMPLETED
        op(s, 'request').count() == 0
        op(s, 'request').errorsByKind().keySet() == ['refused'] as Set
    }

    def "a server that never answers: the request times out after the read timeout"() {
        given:
        def silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())
        def accepted = []
        def acceptor = Thread.startVirtualThread { try { while (true) accepted << silent.accept() } catch (IOException ignored) { } }
        def t = new TcpTarget('127.0.0.1', silent.localPort, Duration.ofSeconds(2), Duration.ofMillis(200), null)

        when:
        def s = runPlan(plan(new ClosedLoop(1), [request('1')], Duration.ofSeconds(2)), t)

        then:
        op(s, 'request').count() == 0
        op(s, 'request').errorsByKind().keySet() == ['timeout'] as Set

        cleanup:
        silent?.close()
        accepted*.close()
        acceptor?.join(5000)
    }

    def "the server killed mid-run: errors are counted by kind, the run survives, workers reconnect when it comes back"() {
        given:
        def own = PythonFibServer.start()
        int port = own.port
        def snaps = [].asSynchronized()
        def out = new Output() {
            void interval(IntervalSnapshot snap) { snaps << snap }
        }
        def control = new RunControl()
        RunSummary summary = null
        def runner = Thread.start {
            summary = runPlan(plan(new ClosedLoop(2), [request('25', '75025')], Duration.ofSeconds(120)), target(port), [out], control)
        }

        when: 'the server answers, then dies'
        waitUntil { snaps.any { it.operations().any { o -> o.name() == 'request' && o.count() > 0 } } }
        own.kill()
        waitUntil { snaps.any { it.operations().any { o -> o.name() == 'request' && o.errors() > 0 } } }
        int failedAt = snaps.size()

        and: 'it comes back on the same port'
        def back = PythonFibServer.start(port)
        waitUntil { snaps.size() > failedAt && snaps.subList(failedAt, snaps.size()).any { it.operations().any { o -> o.name() == 'request' && o.count() > 0 } } }
        control.requestStop(StopReason.INTERRUPTED, 'enough')
        runner.join(30_000)

        then:
        summary != null
        def requests = op(summary, 'request')
        requests.count() > 0
        requests.errors() > 0
        // a crash cuts the connections (closed, reset) and refuses new ones until the server is back
        requests.errorsByKind().keySet().every { it in ['closed', 'reset', 'refused'] }
        requests.errorsByKind().containsKey('refused')

        cleanup:
        own?.kill()
        back?.close()
    }

    /** Waits (up to a generous bound) until {@code condition} holds. */
    static void waitUntil(Closure<Boolean> condition) {
        long deadline = System.nanoTime() + 60_000_000_000L
        while (!condition()) {
            if (System.nanoTime() > deadline) throw new AssertionError('condition not met within 60 s')
            Thread.sleep(50)
        }
    }
}
