package dev.stampede.engine.ha

import dev.stampede.engine.config.Settings
import dev.stampede.engine.postgres.HostPort
import spock.lang.Shared
import spock.lang.Specification
import spock.lang.Stepwise

import java.time.Duration
import java.time.Instant

import static dev.stampede.engine.ha.EmbeddedClusterSpec.eventually
import static dev.stampede.engine.ha.EmbeddedClusterSpec.execute

/** Role, reachability and lag of each host of a real embedded cluster, and the events a failover makes. */
@Stepwise
class HostMonitorSpec extends Specification {

    static final Duration REFRESH = Duration.ofMillis(500)
    /**
     * Slack for a busy 2-core machine: a check is a query on an open connection, but threads queue, and a
     * check of a host that just died waits out its timeout (2 s). Wide, yet far below what a monitor that
     * noticed nothing until some later event would take.
     */
    static final Duration MARGIN = Duration.ofSeconds(15)

    @Shared
    EmbeddedCluster cluster
    @Shared
    HostMonitor monitor
    @Shared
    List<HostMonitor.Event> heard = [].asSynchronized()

    def setupSpec() {
        cluster = EmbeddedCluster.start(Settings.load(), 2, false)
        monitor = HostMonitor.of(cluster.connectionInfo(), REFRESH)
        monitor.onEvent { heard << it }
    }

    def cleanupSpec() {
        monitor?.close()
        cluster?.close()
    }

    def "sees the primary and the replicas up after the first round"() {
        expect:
        monitor.awaitFirstRound(Duration.ofSeconds(60))
        def snapshot = monitor.snapshot()
        snapshot*.host() == cluster.nodes()*.host()
        snapshot*.up() == [true, true, true]
        snapshot*.role() == [HostMonitor.Role.PRIMARY, HostMonitor.Role.REPLICA, HostMonitor.Role.REPLICA]
        monitor.primary().get().host() == cluster.primary().host()
        monitor.events().findAll { it.kind() == HostMonitor.Kind.UP }*.host() as Set == cluster.nodes()*.host() as Set
    }

    def "measures the replicas' lag in bytes and seconds, down to zero once they have caught up"() {
        when:
        execute(cluster.primary(), 'CREATE TABLE lag AS SELECT g AS id, repeat(md5(g::text), 4) AS pad FROM generate_series(1, 20000) g')

        then: 'every replica is measured against the primary and ends caught up'
        eventually {
            def replicas = monitor.snapshot().findAll { it.role() == HostMonitor.Role.REPLICA }
            replicas.size() == 2 && replicas.every { it.lagBytes() == 0L && it.lagSeconds() == 0d }
        }
        monitor.snapshot().find { it.primary() }.lagBytes() == -1L
    }

    def "detects the promotion of a replica within refresh plus a margin, and the old primary going down"() {
        when:
        def f = cluster.failover()
        def promoted = cluster.node(f.promoted()).host()
        def killed = cluster.node(f.killed()).host()

        then:
        eventually { monitor.events().any { it.host() == promoted && it.kind() == HostMonitor.Kind.PROMOTED } }
        def promotion = monitor.events().find { it.host() == promoted && it.kind() == HostMonitor.Kind.PROMOTED }
        Duration.between(f.promotedAt(), promotion.at()) <= REFRESH + MARGIN
        promotion.detail() == 'replica -> primary'

        and:
        def down = monitor.events().find { it.host() == killed && it.kind() == HostMonitor.Kind.DOWN }
        down != null
        !down.at().isBefore(f.faultAt())
        Duration.between(f.killedAt(), down.at()) <= REFRESH + MARGIN

        and:
        eventually { monitor.primary().map { it.host() }.orElse(null) == promoted }
        monitor.snapshot().find { it.host() == killed }.with { !it.up() && it.error() != null }
        heard.containsAll([promotion, down])
    }

    def "a host that was down is up again after it restarts"() {
        given:
        def replica = cluster.replicas()[0]
        def before = Instant.now()

        when:
        cluster.kill(replica)

        then:
        eventually { monitor.events().any { it.host() == replica.host() && it.kind() == HostMonitor.Kind.DOWN && !it.at().isBefore(before) } }

        when:
        cluster.restart(replica)

        then:
        eventually(120_000) { monitor.events().any { it.host() == replica.host() && it.kind() == HostMonitor.Kind.UP && !it.at().isBefore(before) } }
        monitor.snapshot().find { it.host() == replica.host() }.replica()
    }

    def "a host nobody listens on is down from the first check"() {
        given:
        int port = 1 // nothing listens there, and no other process can take it meanwhile (as a freed ephemeral port could be)
        def lonely = new HostMonitor([new HostPort('127.0.0.1', port)],
                HostMonitor.connector(cluster.connectionInfo(), Duration.ofSeconds(2)), REFRESH)

        expect:
        lonely.awaitFirstRound(Duration.ofSeconds(30))
        !lonely.snapshot()[0].up()
        lonely.snapshot()[0].role() == HostMonitor.Role.UNKNOWN
        lonely.events()*.kind() == [HostMonitor.Kind.DOWN]
        lonely.primary().empty

        cleanup:
        lonely?.close()
    }

    def "reads pg_lsn text as one number"() {
        expect:
        HostMonitor.lsn(text) == value

        where:
        text          || value
        '0/0'         || 0L
        '0/16B3748'   || 0x16B3748L
        '16/B374D848' || 0x16B374D848L
        null          || -1L
    }
}
