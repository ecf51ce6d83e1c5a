package dev.stampede.cli

import spock.lang.Specification
import spock.lang.Timeout

/** `stampede bench fib`, shrunk to a second per probe and three models: it still measures and prints every figure. */
@Timeout(180)
class FibBenchSpec extends Specification {

    static final String NUMBER = /[\d.]+/

    def "bench fib prints a row per model, and the minimal Java client's and stampede's own req/s against the fastest with their ratio"() {
        when:
        def r = Cli.run('bench', 'fib', '--seconds', '1', '--warmup', '0', '--long-n', '22', '--workers', '2',
                '--models', 'sequential,event-loop-offload,process-pool')

        then:
        r.exit == 0
        r.out =~ /fib bench: \d+ cores \(load average -?${NUMBER}\), Java \d+, 1 s per probe; short = fib\(1\) over 1 connection\(s\), long = fib\(22\) over 1 connection; servers and client in this JVM/
        ['sequential', 'event-loop-offload \\(2\\)', 'process-pool \\(2\\)'].every { m ->
            r.out =~ /(?m)^${m} +${NUMBER} +${NUMBER} +${NUMBER}ms +${NUMBER}ms +${NUMBER}ms +${NUMBER}ms$/
        }
        r.out =~ /baseline client: minimal blocking Java client \(FibClient.loop\), fib\(1\) back to back over 1 connection against \S+: ${NUMBER} req\/s, p50 ${NUMBER}ms p99 ${NUMBER}ms/
        r.out =~ /stampede client: the engine's TCP request loop \(request 1, 1 worker, 1 connection\) against \S+: ${NUMBER} req\/s, p50 ${NUMBER}ms p99 ${NUMBER}ms, 0 error\(s\)/
        r.out =~ /headroom: stampede ${NUMBER} req\/s vs minimal client ${NUMBER} req\/s = ${NUMBER}x/
    }

    def "bench fib refuses an unknown model with one line, exit 2"() {
        when:
        def r = Cli.run('bench', 'fib', '--models', 'forking')

        then:
        r.exit == 2
        r.err.trim() == "stampede bench fib: unknown model 'forking' in --models (expected: ${dev.stampede.engine.fib.FibModel.labels()})"
    }
}
