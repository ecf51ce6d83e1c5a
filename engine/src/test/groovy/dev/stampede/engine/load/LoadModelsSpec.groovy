package dev.stampede.engine.load

import dev.stampede.engine.plan.*
import dev.stampede.engine.result.RunControl
import dev.stampede.engine.result.RunSummary
import dev.stampede.engine.result.StopReason
import dev.stampede.engine.run.EmbeddedSpec
import dev.stampede.engine.run.Runner
import dev.stampede.engine.session.Target
import dev.stampede.engine.tcp.PythonFibServer
import dev.stampede.engine.tcp.TcpTarget
import spock.lang.Requires
import spock.lang.Shared
import spock.lang.Unroll

import java.time.Duration

/**
 * The load models know no protocol: the same closed loop and the same arrival rate run against
 * PostgreSQL (embedded) and against a TCP server written in Python, and count alike.
 */
@Requires({ PythonFibServer.available() })
class LoadModelsSpec extends EmbeddedSpec {

    static final SourceRef HERE = SourceRef.file('both.groovy')

    @Shared
    PythonFibServer fib

    def setupSpec() { // runs after EmbeddedSpec's
        fib = PythonFibServer.start()
    }

    def cleanupSpec() {
        fib?.close()
    }

    RunSummary run(String protocol, LoadModel load, Duration d) {
        Target t = protocol == 'postgres' ? target : TcpTarget.parse("tcp://127.0.0.1:$fib.port", settings)
        Step step = protocol == 'postgres' ? new Sql('op', 'SELECT 1', [])
                : new Request('op', Value.of('12'), Optional.of('144'))
        def plan = new Plan('both', '', HERE, [:], TargetSpec.DEFAULT, [new Stage('s', d, [new Group('g', load, [step], HERE)])])
        new Runner(plan, t, protocol, settings, [], new RunControl(), false).run()
    }

    @Unroll
    def "a closed loop of 3 workers runs against #protocol"() {
        when:
        def s = run(protocol, new ClosedLoop(3), Duration.ofSeconds(2))
        def op = s.operations().find { it.name() == 'op' }

        then:
        s.stop().reason() == StopReason.COMPLETED
        op.count() > 20
        op.errors() == 0
        s.stages()[0].workers() == 3

        where:
        protocol << ['postgres', 'tcp']
    }

    @Unroll
    def "an arrival rate of 100/s for 2 s runs against #protocol: every arrival counted, late ones timed from their intended start"() {
        when:
        def s = run(protocol, new ArrivalRate(100, 10), Duration.ofSeconds(2))
        def op = s.operations().find { it.name() == 'op' }
        def lag = s.operations().find { it.name() == 'g lag' }

        then:
        op.errors() == 0
        // 100/s over the measured time (2 s, a little more when a busy machine wakes the ticker late)
        Math.abs(op.count() - 100 * op.count() / op.ratePerSecond()) <= 20
        op.count() / op.ratePerSecond() >= 1.9
        lag.count() >= op.count()
        op.service().count() == op.count()

        where:
        protocol << ['postgres', 'tcp']
    }
}
