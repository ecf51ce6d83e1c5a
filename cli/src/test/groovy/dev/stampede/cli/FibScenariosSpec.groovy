package dev.stampede.cli

import com.fasterxml.jackson.databind.ObjectMapper
import spock.lang.Specification
import spock.lang.TempDir
import spock.lang.Timeout

import java.nio.charset.StandardCharsets
import java.nio.file.Path
import java.util.concurrent.atomic.AtomicLong

/**
 * The Fibonacci scenarios end to end: {@code target fibServer(…)} starts its server and leaves nothing
 * behind, fib-probes counts what a server answered, fib-models ends with its table.
 */
@Timeout(300)
class FibScenariosSpec extends Specification {

    @TempDir
    Path tmp

    static json(Path dir) {
        new ObjectMapper().readTree(dir.resolve('summary.json').toFile())
    }

    static List<ProcessHandle> children() {
        ProcessHandle.current().descendants().filter { it.isAlive() }.toList()
    }

    static List<String> fibThreads() {
        Thread.getAllStackTraces().keySet().findAll { it.isAlive() && it.name.startsWith('fib-') }*.name
    }

    /** Waits up to {@code seconds} for {@code condition}; true when it held. */
    static boolean eventually(int seconds = 30, Closure<Boolean> condition) {
        long end = System.nanoTime() + seconds * 1_000_000_000L
        while (System.nanoTime() < end) {
            if (condition()) return true
            Thread.sleep(50)
        }
        condition()
    }

    static boolean refused(int port) {
        try {
            new Socket('127.0.0.1', port).close()
            false
        } catch (ConnectException e) {
            true
        }
    }

    def "a fibServer target is started for the run and stopped after it: no worker process, thread or listener is left"() {
        given:
        def before = children()*.pid()
        def out = tmp.resolve('probes')

        when:
        def r = Cli.run('run', Cli.scenario('fib-probes.groovy'), '--set', 'model=process-pool', '--set', 'longN=20',
                '--duration', '3s', '--no-tui', '--out', out.toString())
        def s = json(out)
        def port = (s.get('target').asText() =~ /^fibServer\(process-pool\) on 127\.0\.0\.1:(\d+)$/)[0][1] as int

        then:
        r.err == ''
        r.exit == 0
        r.out.contains("target: fibServer(process-pool) on 127.0.0.1:$port")
        s.get('operations').get('long').get('count').asLong() > 0
        s.get('operations').get('short').get('count').asLong() > 0
        eventually { (children()*.pid() - before).isEmpty() }
        eventually { fibThreads().isEmpty() }
        refused(port)
    }

    def "fib-probes against a server elsewhere (--set url): every request the server answered is counted once"() {
        given: 'a spec-local server that answers every line and counts its answers'
        def answered = new AtomicLong()
        def listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())
        def threads = Collections.synchronizedList([])
        def acceptor = Thread.start {
            while (!listener.closed) {
                Socket c
                try { c = listener.accept() } catch (IOException e) { break }
                threads << Thread.start {
                    c.withCloseable {
                        def reader = new BufferedReader(new InputStreamReader(c.inputStream, StandardCharsets.US_ASCII))
                        def w = c.outputStream
                        String line
                        try {
                            while ((line = reader.readLine()) != null) {
                                w.write((line.trim() == '30' ? 'ERR n too large\n' : '1\n').getBytes(StandardCharsets.US_ASCII))
                                w.flush()
                                answered.incrementAndGet()
                            }
                        } catch (IOException e) {
                            // the client closed
                        }
                    }
                }
            }
        }
        def out = tmp.resolve('elsewhere')

        when:
        def r = Cli.run('run', Cli.scenario('fib-probes.groovy'), '--set', "url=127.0.0.1:${listener.localPort}",
                '--duration', '3s', '--no-tui', '--out', out.toString())
        def ops = json(out).get('operations')
        long longs = ops.get('long').get('errors').asLong(), shorts = ops.get('short').get('count').asLong()
        eventually { threads.every { !it.alive } }

        then:
        r.exit == 1 || r.exit == 0 // no thresholds: errors alone do not fail the run
        json(out).get('target').asText() == "tcp://127.0.0.1:${listener.localPort}"
        ops.get('long').get('count').asLong() == 0
        ops.get('long').get('errorsByKind').get('server_error').asLong() == longs
        longs > 0 && shorts > 0
        // the probe connection is opened once ahead of the run; a reply in flight at the stop is answered, not counted
        answered.get() - 2 <= longs + shorts
        longs + shorts <= answered.get()

        cleanup:
        listener?.close()
        acceptor?.join(5000)
    }

    def "fib-models runs each model's stages against its own server and ends with the models table"() {
        given:
        def before = children()*.pid()
        def out = tmp.resolve('models')

        when:
        def r = Cli.run('run', Cli.scenario('fib-models.groovy'), '--set', 'models=event-loop,process-pool',
                '--set', 'seconds=1', '--set', 'longN=20', '--no-tui', '--out', out.toString())
        def table = json(out).get('findings').get('fibModels')

        then:
        r.err == ''
        r.exit == 0
        table.get('cores').asInt() == Runtime.runtime.availableProcessors()
        table.get('rows')*.get('model')*.asText() == ['event-loop', 'process-pool']
        table.get('rows').every { row ->
            ['shortPerSecond', 'shortWithLongPerSecond', 'longAloneP50Ms', 'longAloneP99Ms', 'longWithShortP50Ms', 'longWithShortP99Ms']
                    .every { row.get(it).asDouble() > 0 } && row.get('errors').asLong() == 0
        }
        r.out =~ /Fibonacci server models · \d+ cores? · load average [\d.]+ \(other processes share this machine\)/
        r.out =~ /(?m)^event-loop +[\d.]+k? +[\d.]+k? +\S+ \/ \S+ +\S+ \/ \S+ +0$/
        r.out =~ /(?m)^process-pool +[\d.]+k? +[\d.]+k? +\S+ \/ \S+ +\S+ \/ \S+ +0$/
        eventually { (children()*.pid() - before).isEmpty() }
        eventually { fibThreads().isEmpty() }
    }

    def "Ctrl-C during a stage with its own fibServer stops the run and the server: exit 130, no worker JVM outlives stampede"() {
        given:
        def p = new StampedeProcess('run', 'fib-models', '--set', 'models=process-pool', '--set', 'seconds=60', '--set', 'longN=20',
                '--no-tui', '--out', tmp.resolve('interrupted').toString())

        when:
        assert p.waitFor('[   2s]', 120)
        def port = (p.out =~ /target fibServer\(process-pool\) on 127\.0\.0\.1:(\d+)/)[0][1] as int
        def workers = p.process.descendants().toList()
        p.signal('INT')
        def exit = p.exitWithin(60)

        then:
        !workers.isEmpty() // the pool's worker JVMs
        exit == 130
        eventually { workers.every { !it.alive } }
        refused(port)

        cleanup:
        p?.kill()
    }

    def "check names a bad fibServer model at its file:line:col and lists the models"() {
        when:
        def r = Cli.run('check', Cli.scenario('fib-probes.groovy'), '--set', 'model=thred-pool')

        then:
        r.exit == 2
        r.err.trim() == "${Cli.scenario('fib-probes.groovy')}:12:47: unknown fibServer model 'thred-pool' (did you mean `thread-pool`?) " +
                "(models: sequential, thread-per-connection, thread-pool, queue-workers, process-pool, process-per-connection, event-loop, event-loop-offload, virtual-threads)"
    }

    def "check shows the fibServer target and each stage's own"() {
        expect:
        Cli.run('check', Cli.scenario('fib-probes.groovy')).out.contains('target fibServer(thread-pool) — started on 127.0.0.1 for the run, stopped after it')
        Cli.run('check', Cli.scenario('fib-models.groovy')).out.contains("stage 'virtual-threads · both' for 3s · target fibServer(virtual-threads)")
    }
}
