package dev.stampede.engine.ha

import dev.stampede.engine.config.Settings
import spock.lang.Specification

import static dev.stampede.engine.ha.EmbeddedClusterSpec.eventually
import static dev.stampede.engine.ha.EmbeddedClusterSpec.execute
import static dev.stampede.engine.ha.EmbeddedClusterSpec.query

/** With synchronous: true the primary waits at commit for a replica. */
class SynchronousClusterSpec extends Specification {

    def "the primary of a synchronous cluster commits only once a replica has the commit"() {
        given:
        def cluster = EmbeddedCluster.start(Settings.load(), 2, true)

        expect:
        cluster.synchronous()
        query(cluster.primary(), 'SHOW synchronous_standby_names') == 'ANY 1 (node1, node2)'
        query(cluster.primary(), 'SHOW synchronous_commit') == 'on'
        eventually { query(cluster.primary(), "SELECT count(*) FROM pg_stat_replication WHERE sync_state = 'quorum'") == 2 }

        when:
        execute(cluster.primary(), 'CREATE TABLE t AS SELECT 1 AS id')
        def f = cluster.failover()

        then: 'the new primary waits for the replica that is left'
        query(cluster.primary(), 'SHOW synchronous_standby_names') == "ANY 1 (${f.repointed()[0]})".toString()
        query(cluster.primary(), 'SELECT count(*) FROM t') == 1

        cleanup:
        cluster?.close()
    }

    def "refuses a synchronous cluster without replicas"() {
        when:
        EmbeddedCluster.start(Settings.load(), 0, true)

        then:
        def e = thrown(IllegalArgumentException)
        e.message == 'synchronous replication needs at least one replica (got replicas: 0)'
    }
}
