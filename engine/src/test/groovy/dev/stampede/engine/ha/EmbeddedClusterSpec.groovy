package dev.stampede.engine.ha

import dev.stampede.engine.config.Settings
import spock.lang.Shared
import spock.lang.Specification
import spock.lang.Stepwise

import java.sql.Connection

/** A real primary with two streaming replicas from the zonky binaries, taken through a failover. */
@Stepwise
class EmbeddedClusterSpec extends Specification {

    @Shared
    EmbeddedCluster cluster
    @Shared
    List<Long> pids = []

    def setupSpec() {
        cluster = EmbeddedCluster.start(Settings.load(), 2, false)
        pids = cluster.nodes()*.pid()*.get()
    }

    def cleanupSpec() {
        cluster?.close()
    }

    static <T> T query(EmbeddedCluster.Node node, String sql) {
        Connection c = node.connect()
        try {
            def rs = c.createStatement().executeQuery(sql)
            rs.next()
            return rs.getObject(1) as T
        } finally {
            c.close()
        }
    }

    static void execute(EmbeddedCluster.Node node, String sql) {
        Connection c = node.connect()
        try {
            c.createStatement().execute(sql)
        } finally {
            c.close()
        }
    }

    /** Waits for a condition, generously: the machine is small and busy. */
    static boolean eventually(long timeoutMillis = 60_000, Closure<Boolean> condition) {
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000L // the monotonic clock: the wall clock may be stepped
        while (System.nanoTime() < deadline) {
            try {
                if (condition()) return true
            } catch (Exception ignored) {
                // not yet: a node restarting, a table not replicated yet
            }
            Thread.sleep(50)
        }
        return false
    }

    def "starts a primary and two replicas in recovery, on their own ports"() {
        expect:
        cluster.nodes()*.name() == ['node0', 'node1', 'node2']
        cluster.primary().name() == 'node0'
        cluster.replicas()*.name() == ['node1', 'node2']
        cluster.nodes()*.port().unique().size() == 3
        query(cluster.primary(), 'SELECT pg_is_in_recovery()') == false
        cluster.replicas().every { query(it, 'SELECT pg_is_in_recovery()') == true }
        cluster.connectionInfo().hosts()*.port() == cluster.nodes()*.port()
    }

    def "a row inserted on the primary is visible on the replicas"() {
        when:
        execute(cluster.primary(), 'CREATE TABLE t (id int PRIMARY KEY, note text)')
        execute(cluster.primary(), "INSERT INTO t VALUES (1, 'before failover')")

        then:
        cluster.replicas().every { r -> eventually { query(r, 'SELECT count(*) FROM t WHERE id = 1') == 1 } }
    }

    def "resolves primary and replicaN to the nodes holding those roles"() {
        expect:
        cluster.node('primary').name() == 'node0'
        cluster.node('replica2').name() == 'node2'
        cluster.node('node1').name() == 'node1'

        when:
        cluster.node('replica3')

        then:
        def e = thrown(IllegalArgumentException)
        e.message == 'no replica3: the cluster has 2 replica(s) now'
    }

    def "after failover the new primary accepts writes and the other replica follows it"() {
        when:
        def f = cluster.failover()

        then:
        f.killed() == 'node0'
        f.promoted() in ['node1', 'node2']
        f.repointed() == [f.promoted() == 'node1' ? 'node2' : 'node1']
        !cluster.node('node0').running()
        cluster.node('node0').stray()
        cluster.primary().name() == f.promoted()
        query(cluster.primary(), 'SELECT pg_is_in_recovery()') == false

        when:
        execute(cluster.primary(), "INSERT INTO t VALUES (2, 'after failover')")

        then:
        query(cluster.primary(), 'SELECT count(*) FROM t') == 2
        def follower = cluster.node(f.repointed()[0])
        eventually(120_000) { query(follower, 'SELECT count(*) FROM t WHERE id = 2') == 1 }
        query(follower, 'SELECT pg_is_in_recovery()') == true
    }

    def "a killed replica restarts and catches up"() {
        given:
        def replica = cluster.replicas()[0]

        when:
        cluster.kill(replica)

        then:
        !replica.running()

        when:
        execute(cluster.primary(), "INSERT INTO t VALUES (3, 'while the replica was down')")
        cluster.restart(replica)

        then:
        eventually(120_000) { query(replica, 'SELECT count(*) FROM t WHERE id = 3') == 1 }
    }

    def "no postgres process is left after close"() {
        given:
        def all = (pids + cluster.nodes()*.pid().findAll { it.present }*.get()).unique()

        when:
        cluster.close()

        then:
        all.size() >= 3
        all.every { pid -> !ProcessHandle.of(pid).map { it.alive }.orElse(false) }
        cluster.nodes().every { !it.running() }
    }
}
