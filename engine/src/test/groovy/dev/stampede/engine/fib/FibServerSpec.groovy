package dev.stampede.engine.fib

import spock.lang.Requires
import spock.lang.Specification
import spock.lang.Timeout

import java.time.Duration
import java.util.concurrent.Callable
import java.util.concurrent.Executors
import java.util.concurrent.TimeUnit

/** Every model against the same protocol: answers, bad input, concurrency, vanished clients, idle connections. */
@Timeout(240)
class FibServerSpec extends Specification {

    static final List<FibModel> ALL = FibModel.values() as List

    FibServer server
    int port

    def cleanup() {
        server?.stop()
    }

    private FibClient startAndConnect(FibModel model) {
        start(model)
        client()
    }

    private void start(FibModel model) {
        server = model.create(2, 40)
        port = server.start('127.0.0.1', 0)
    }

    private FibClient client() {
        def c = FibClient.connect('127.0.0.1', port)
        c.setTimeout(Duration.ofSeconds(60))
        c
    }

    /** Waits for a condition, generously (a busy 2-core machine). */
    static boolean eventually(double seconds = 30, Closure<Boolean> condition) {
        long deadline = System.nanoTime() + (long) (seconds * 1e9)
        while (System.nanoTime() < deadline) {
            if (condition()) return true
            Thread.sleep(20)
        }
        condition()
    }

    def "#model answers fib(n) for n = 0, 1, 2, 10, 30 on one connection, newline or CRLF"() {
        given:
        def c = startAndConnect(model)

        expect:
        c.fib(0) == 0
        c.fib(1) == 1
        c.fib(2) == 1
        c.fib(10) == 55
        c.ask('30\r') == '832040'

        cleanup:
        c?.close()

        where:
        model << ALL
    }

    def "#model answers bad input with an ERR line and keeps serving; a request too long closes only that connection"() {
        given:
        def c = startAndConnect(model)

        expect:
        c.ask('abc') == 'ERR not a number'
        c.ask('5') == '5'
        c.ask('41') == 'ERR n too large'
        c.ask('99999999999999999999') == 'ERR n too large'
        c.ask('12x') == 'ERR not a number'
        c.fib(12) == 144

        when: '(the first client leaves, as sequential serves one at a time)'
        c.close()
        def d = client()
        d.send('7' * 150)

        then:
        d.readLine() == 'ERR request too long'
        d.readLine() == null

        when:
        def e = client()

        then:
        e.fib(20) == 6765

        cleanup:
        c?.close()
        d?.close()
        e?.close()

        where:
        model << ALL
    }

    def "#model serves #clients concurrent clients, each answered right"() {
        given:
        start(model)
        def pool = Executors.newFixedThreadPool(clients)

        when:
        def answers = pool.invokeAll((1..clients).collect { i ->
            { ->
                def c = client()
                try {
                    [c.fib(15), c.fib(i % 20), c.fib(1)]
                } finally {
                    c.close()
                }
            } as Callable
        }, 180, TimeUnit.SECONDS)*.get()

        then:
        answers.size() == clients
        answers.withIndex().every { a, i -> a == [610L, Fib.fib((i + 1) % 20), 1L] }

        cleanup:
        pool?.shutdownNow()

        where:
        model << ALL
        clients = model == FibModel.PROCESS_PER_CONNECTION ? 4 : 100
    }

    def "#model frees a client's thread and process when the client vanishes mid-computation"() {
        given:
        start(model)
        Set<Long> childrenBefore = descendantPids()
        def c = client()

        when: 'the client asks fib(32) and leaves at once'
        c.fib(3) // the connection is served (and a process-per-connection child started)
        c.send('32\n')
        c.close()

        then:
        eventually { server.openConnections() == 0 }
        eventually { connectionThreads(model).isEmpty() }
        eventually { newDescendants(childrenBefore).isEmpty() }

        and: 'the server still serves'
        def d = client()
        d.fib(20) == 6765

        cleanup:
        d?.close()

        where:
        model << ALL
    }

    def "#model keeps serving while 1,000 idle connections are open"() {
        given:
        start(model)
        def idle = (1..1000).collect { new Socket('127.0.0.1', port) }

        when:
        def c = client()

        then:
        c.fib(25) == 75025
        eventually { server.openConnections() >= 1000 }

        cleanup:
        c?.close()
        idle?.each { it.close() }

        where:
        model << ALL - FibModel.SEQUENTIAL
    }

    def "sequential serves one connection at a time: a second client waits until the first leaves"() {
        given:
        start(FibModel.SEQUENTIAL)
        def first = client()
        first.fib(1)
        def second = client()
        second.send('10\n')
        second.setTimeout(Duration.ofMillis(300))

        when:
        second.readLine()

        then:
        thrown(SocketTimeoutException)

        when:
        first.close()
        second.setTimeout(Duration.ofSeconds(60))

        then:
        second.readLine() == '55'

        cleanup:
        second?.close()
    }

    def "#model answers a classic client that sends bare digits without a newline (Java)"() {
        given:
        def c = startAndConnect(model)

        expect:
        [30, 1, 10, 0].every { n ->
            c.send(n as String)
            c.readLine() == Fib.fib(n) as String
        }

        cleanup:
        c?.close()

        where:
        model << ALL
    }

    @Requires({ ['sh', '-c', 'command -v python3'].execute().waitFor() == 0 })
    def "#model answers the classic Python client (bare digits, one recv per answer)"() {
        given:
        start(model)
        def script = new File(FibServerSpec.getResource('/fib/classic_client.py').toURI())

        when:
        def p = new ProcessBuilder('python3', script.path, port as String, '30', '1', '20', 'x', '2')
                .redirectErrorStream(true).start()
        def out = p.inputStream.text
        p.waitFor(60, TimeUnit.SECONDS)

        then:
        p.exitValue() == 0
        out.readLines() == ['832040', '1', '6765', 'ERR not a number', '1']

        where:
        model << ALL
    }

    def "#model: stop closes every connection and leaves no thread or child process of the server"() {
        given:
        Set<Long> childrenBefore = descendantPids()
        start(model)
        def c = client()
        c.fib(3)

        when:
        server.stop()

        then:
        c.readLine() == null
        eventually { connectionThreads(model).isEmpty() && workerThreads(model).isEmpty() }
        eventually { newDescendants(childrenBefore).isEmpty() }
        connectionRefused()

        cleanup:
        c?.close()

        where:
        model << ALL
    }

    def "process-pool replaces a worker process that dies; the server keeps serving"() {
        given:
        start(FibModel.PROCESS_POOL)
        def workers = fibWorkers()
        assert workers.size() == 2

        when:
        workers.each { it.destroyForcibly() }
        workers.each { it.onExit().get(30, TimeUnit.SECONDS) }

        then: 'a request that meets a dead worker ends its connection; the next ones are answered by replacements'
        eventually(60) {
            try {
                def c = client()
                try { c.fib(10) == 55 } finally { c.close() }
            } catch (IOException ignored) {
                false
            }
        }
        eventually(60) {
            fibWorkers().size() == 2
        }
    }

    /**
     * The server's worker processes now, by pid. Specs compare sets of these, not counts of all the JVM's
     * descendants: an earlier spec's watchdog shell starts a new {@code sleep} every second, and a process
     * an earlier spec left exiting may leave while this one runs.
     */
    static Set<Long> descendantPids() {
        fibWorkers()*.pid() as Set<Long>
    }

    /** The server's live worker processes that were not there before (a per-connection or pool process). */
    static List<ProcessHandle> newDescendants(Set<Long> before) {
        fibWorkers().findAll { !(it.pid() in before) }
    }

    static List<ProcessHandle> fibWorkers() {
        ProcessHandle.current().descendants().findAll { it.alive && it.info().commandLine().orElse('').contains(WorkerProcess.MARKER) }.toList()
    }

    private boolean connectionRefused() {
        try {
            new Socket('127.0.0.1', port).close()
            false
        } catch (IOException ignored) {
            true
        }
    }

    static List<Thread> connectionThreads(FibModel model) {
        Thread.allStackTraces.keySet().findAll { it.alive && it.name.startsWith("fib-${model.label()}-conn") }.toList()
    }

    static List<Thread> workerThreads(FibModel model) {
        Thread.allStackTraces.keySet().findAll {
            it.alive && it.name.startsWith("fib-${model.label()}-") && !it.name.contains('-conn')
        }.toList()
    }
}
