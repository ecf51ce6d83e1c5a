package dev.stampede.cli

import dev.stampede.engine.fib.FibClient
import spock.lang.Specification
import spock.lang.Timeout

@Timeout(180)
class ServeCommandSpec extends Specification {

    def "serve fib --model #model starts, answers, and SIG#signal stops it cleanly with no child process left"() {
        given:
        def p = new StampedeProcess('serve', 'fib', '--model', model, *extra, '--port', '0')

        when:
        assert p.waitFor('listening on', 60)
        def port = (p.out =~ /listening on 127\.0\.0\.1:(\d+)/)[0][1] as int
        def client = FibClient.connect('127.0.0.1', port)
        def answers = [client.fib(10), client.fib(1)]
        def children = p.process.descendants().toList()
        p.signal(signal)
        def exit = p.exitWithin(30)

        then:
        p.out.contains("fib server ($described) listening on 127.0.0.1:$port")
        answers == [55L, 1L]
        children.size() == expectedChildren
        exit == 0
        p.out.contains("fib server stopping (SIG$signal)")
        children.every { child -> !child.alive || !child.onExit().get(10, java.util.concurrent.TimeUnit.SECONDS).alive }
        client.readLine() == null

        cleanup:
        client?.close()
        p?.kill()

        where:
        model                    | extra              | signal | described                   | expectedChildren
        'process-pool'           | ['--workers', '2'] | 'TERM' | 'process-pool, 2 workers'   | 2
        'process-per-connection' | []                 | 'INT'  | 'process-per-connection'    | 1
        'thread-pool'            | ['--workers', '3'] | 'TERM' | 'thread-pool, 3 workers'    | 0
    }

    def "serve fib prints where it listens (in-process it stops right after)"() {
        when:
        def r = Cli.run('serve', 'fib', '--model', 'event-loop', '--port', '0')

        then:
        r.exit == 0
        r.out =~ /^fib server \(event-loop\) listening on 127\.0\.0\.1:\d+\n$/
    }

    def "bad flags are one line and exit 2: #args"() {
        when:
        def r = Cli.run(['serve', 'fib', *args] as String[])

        then:
        r.exit == 2
        r.err.readLines().size() == 1
        r.err.contains(message)

        where:
        args                                             || message
        ['--model', 'forking']                           || "stampede serve fib: unknown --model 'forking' (expected one of: sequential, thread-per-connection, thread-pool, queue-workers, process-pool, process-per-connection, event-loop, event-loop-offload, virtual-threads)"
        ['--model', 'sequential', '--workers', '2']      || '--workers applies only to thread-pool, queue-workers, process-pool and event-loop-offload (got --model sequential)'
        ['--model', 'thread-pool', '--workers', '0']     || '--workers must be 1..1024 (got 0)'
        ['--model', 'thread-pool', '--port', '70000']    || '--port must be 0..65535 (got 70000)'
        ['--model', 'event-loop', '--max-n', '93']       || '--max-n must be 0..92 (got 93)'
        ['--model', 'event-loop', '--port', 'x']         || "Invalid value for option '--port'"
        []                                               || "Missing required option: '--model=MODEL'"
    }

    def "a port in use is one line and exit 3"() {
        given:
        def taken = new ServerSocket(0, 50, InetAddress.getByName('127.0.0.1'))

        when:
        def r = Cli.run('serve', 'fib', '--model', 'thread-pool', '--port', taken.localPort as String)

        then:
        r.exit == 3
        r.err.readLines().size() == 1
        r.err.startsWith("stampede serve fib: cannot listen on 127.0.0.1:$taken.localPort: ")

        cleanup:
        taken?.close()
    }

    def "serve without a server name says which there are"() {
        expect:
        Cli.run('serve').out.contains('choose one: stampede serve fib --model MODEL')
    }
}
