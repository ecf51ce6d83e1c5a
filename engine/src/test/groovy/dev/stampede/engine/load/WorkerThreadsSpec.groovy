package dev.stampede.engine.load

import dev.stampede.engine.plan.*
import dev.stampede.engine.postgres.ConnectionInfo
import dev.stampede.engine.postgres.PostgresTarget
import dev.stampede.engine.result.RunControl
import dev.stampede.engine.result.RunSummary
import dev.stampede.engine.result.StopReason
import dev.stampede.engine.run.EmbeddedSpec
import dev.stampede.engine.run.Runner
import dev.stampede.engine.session.Target
import spock.lang.Unroll

import java.time.Duration
import java.util.concurrent.ConcurrentHashMap

/**
 * A group that only churns connections runs its first workers on platform threads (a churned
 * connection's round trips cost less CPU there than through the virtual threads' poller); every other
 * group, and workers beyond the limit, on virtual threads. Checked on real runs against an embedded
 * server by looking at the JVM's live platform threads, which never include virtual ones.
 */
class WorkerThreadsSpec extends EmbeddedSpec {

    static final SourceRef HERE = SourceRef.file('threads.groovy')

    /** Worker name → daemon flag of every platform thread named like one of group g's workers while the run lasted. */
    Map<String, Boolean> seen = new ConcurrentHashMap<>()

    RunSummary run(List<Step> steps, LoadModel load, Duration d, Target t = target, dev.stampede.engine.config.Settings s = settings) {
        def plan = new Plan('threads', '', HERE, [:], TargetSpec.DEFAULT, [new Stage('s', d, [new Group('g', load, steps, HERE)])])
        def done = new java.util.concurrent.atomic.AtomicBoolean()
        def watcher = Thread.ofPlatform().daemon(true).start {
            while (!done.get()) {
                Thread.getAllStackTraces().keySet().findAll { it.name ==~ /g-\d+/ }.each { seen[it.name] = it.daemon }
                Thread.sleep(20)
            }
        }
        try {
            return new Runner(plan, t, 'postgres', s, [], new RunControl(), false).run()
        } finally {
            done.set(true)
            watcher.join()
        }
    }

    static boolean workersGone() {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos()
        while (System.nanoTime() < deadline) {
            if (!Thread.getAllStackTraces().keySet().any { it.name ==~ /g-\d+/ && it.alive }) return true
            Thread.sleep(50)
        }
        false
    }

    @Unroll
    def "a group of #steps is connect-only: #connectOnly"() {
        expect:
        WorkerThreads.connectOnly(new Group('g', new ClosedLoop(1), steps, HERE)) == connectOnly
        WorkerThreads.platformWorkers(new Group('g', new ClosedLoop(1), steps, HERE), settings) == (connectOnly ? 256 : 0)
        WorkerThreads.platformWorkers(new Group('g', new ClosedLoop(1), steps, HERE), settings.with('connect.platform-threads', '0')) == 0

        where:
        steps                                                          || connectOnly
        [new Connect()]                                                || true
        [new Connect(), new Pause(Value.of(Duration.ofMillis(5)))]     || true
        [new Connect('a'), new Connect('b')]                           || true
        [new Pause(Value.of(Duration.ofMillis(5)))]                    || false
        [new Sql('op', 'SELECT 1', [])]                                || false
        [new Connect(), new Sql('op', 'SELECT 1', [])]                 || false
    }

    def "the workers of a churn group are daemon platform threads, and are gone when the run ends"() {
        when:
        def s = run([new Connect()], new ClosedLoop(3), Duration.ofSeconds(2))
        def op = s.operations().find { it.name() == 'connect' }

        then:
        s.stop().reason() == StopReason.COMPLETED
        op.count() > 10
        op.errors() == 0
        s.abandoned() == 0
        seen == ['g-1': true, 'g-2': true, 'g-3': true]
        workersGone()
    }

    def "a ramp of connect() runs on platform threads too"() {
        when:
        def s = run([new Connect()], new Ramp(1, 3, Duration.ofSeconds(1), Duration.ZERO), Duration.ofSeconds(2))

        then:
        s.operations().find { it.name() == 'connect' }.count() > 10
        seen.keySet() == ['g-1', 'g-2', 'g-3'] as Set
        workersGone()
    }

    def "workers beyond stampede.connect.platform-threads run on virtual threads, and count alike"() {
        when:
        def s = run([new Connect()], new ClosedLoop(4), Duration.ofSeconds(2), target,
                settings.with('connect.platform-threads', '2'))

        then:
        s.operations().find { it.name() == 'connect' }.count() > 10
        s.operations().find { it.name() == 'connect' }.errors() == 0
        seen.keySet() == ['g-1', 'g-2'] as Set
        s.stages()[0].workers() == 4
    }

    def "with stampede.connect.platform-threads = 0, and for a group that runs SQL, every worker is a virtual thread"() {
        when:
        def churn = run([new Connect()], new ClosedLoop(2), Duration.ofSeconds(1), target, settings.with('connect.platform-threads', '0'))
        def sql = run([new Sql('op', 'SELECT 1', [])], new ClosedLoop(2), Duration.ofSeconds(1))

        then:
        churn.operations().find { it.name() == 'connect' }.count() > 5
        sql.operations().find { it.name() == 'op' }.count() > 5
        seen.isEmpty()
    }

    def "platform workers churning against a server that never answers fail by stampede.connect.timeout and the run still ends"() {
        given: 'a listener that accepts connections and never says a word'
        def silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())
        def accepted = []
        def acceptor = Thread.ofPlatform().daemon(true).start {
            try {
                while (true) accepted << silent.accept()
            } catch (IOException ignored) {
                // closed
            }
        }
        def quick = settings.with('connect.timeout', '500ms')
        def mute = new PostgresTarget(ConnectionInfo.parse("postgresql://postgres@127.0.0.1:${silent.localPort}/postgres", 'postgres'), quick)

        when:
        def s = run([new Connect()], new ClosedLoop(2), Duration.ofSeconds(2), mute, quick)
        def op = s.operations().find { it.name() == 'connect' }

        then:
        s.stop().reason() == StopReason.COMPLETED
        op.count() == 0
        op.errors() >= 2
        op.errorsByKind().keySet() == ['timeout'] as Set
        s.abandoned() == 0
        seen.keySet() == ['g-1', 'g-2'] as Set
        workersGone()

        cleanup:
        silent?.close()
        accepted.each { it.close() }
        acceptor?.join(5000)
    }
}
