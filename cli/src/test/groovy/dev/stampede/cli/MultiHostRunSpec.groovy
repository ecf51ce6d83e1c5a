package dev.stampede.cli

import com.fasterxml.jackson.databind.ObjectMapper
import dev.stampede.engine.config.Settings
import dev.stampede.engine.ha.EmbeddedCluster
import spock.lang.Shared
import spock.lang.Specification
import spock.lang.TempDir

import java.nio.file.Path

/** `stampede run --url postgresql://primary,replica1,replica2/db` against a real embedded cluster. */
class MultiHostRunSpec extends Specification {

    @Shared
    EmbeddedCluster cluster
    @TempDir
    Path tmp

    def setupSpec() {
        cluster = EmbeddedCluster.start(Settings.load(), 2, false)
        cluster.primary().connect().withCloseable { it.createStatement().execute('CREATE TABLE hits (id bigserial PRIMARY KEY, port int)') }
    }

    def cleanupSpec() {
        cluster?.close()
    }

    def "routes write blocks to the primary and read blocks to the replicas of a multi-host --url"() {
        given:
        def file = tmp.resolve('routed.groovy')
        file.toFile().text = '''
            scenario('routed') {
                group('app') {
                    workers 2
                    loop {
                        write { sql 'INSERT INTO hits (port) VALUES (inet_server_port())', name: 'insert' }
                        read { sql 'SELECT inet_server_port()', name: 'select' }
                    }
                }
            }
            '''.stripIndent()
        def url = 'postgresql://' + cluster.nodes().collect { "127.0.0.1:${it.port()}" }.join(',') + '/postgres?user=postgres'

        when:
        def r = Cli.run('run', file.toString(), '--url', url, '--duration', '2s', '--no-tui', '--out', tmp.resolve('out').toString())
        def ops = new ObjectMapper().readTree(tmp.resolve('out/summary.json').toFile())

        then:
        r.exit == 0
        r.out.contains("hosts: 127.0.0.1:${cluster.primary().port()} primary, 127.0.0.1:${cluster.replicas()[0].port()} replica")
        // every interval line ends with each host's role and a replica's lag
        // (with the blocks each served in the interval: `primary 812.0/s p99 3.20ms`)
        r.out.readLines().any { it.startsWith('[') && it =~ /\| hosts 127\.0\.0\.1:${cluster.primary().port()} primary( \S+\/s p99 \S+)?, 127\.0\.0\.1:${cluster.replicas()[0].port()} replica lag / }
        def rows = cluster.primary().connect().withCloseable { c ->
            def rs = c.createStatement().executeQuery('SELECT port, count(*) FROM hits GROUP BY port')
            def m = [:]
            while (rs.next()) m[rs.getInt(1)] = rs.getLong(2)
            m
        }
        rows.keySet() == [cluster.primary().port()] as Set
        rows.values().sum() > 0
        ops.toString().contains('"select"')
    }

    /**
     * True once no cluster postmaster is running that was not in {@code before} (waited for, generously: a
     * server stops on its own schedule). Sets of pids, not equality: a postmaster of an earlier spec still
     * shutting down may leave meanwhile, and that is no server of this run left behind.
     */
    static boolean noClusterPostmastersBeyond(Set<Long> before) {
        long deadline = System.nanoTime() + 60_000_000_000L
        while (System.nanoTime() < deadline) {
            if ((clusterPostmasters() - before).isEmpty()) return true
            Thread.sleep(100)
        }
        (clusterPostmasters() - before).isEmpty()
    }

    static Set<Long> clusterPostmasters() {
        ProcessHandle.allProcesses().filter { p ->
            p.info().commandLine().map { it.contains('/bin/postgres') && it.contains('stampede-cluster-') }.orElse(false)
        }.collect { it.pid() } as Set
    }

    def "target cluster(…) starts a primary and replicas for the run and leaves no server behind"() {
        given:
        def file = tmp.resolve('cluster.groovy')
        file.toFile().text = '''
            scenario('cluster') {
                target cluster(replicas: 2, synchronous: false)
                setup { sql 'CREATE TABLE hits (id bigserial PRIMARY KEY, port int)' }
                group('app') {
                    workers 2
                    loop {
                        write { sql 'INSERT INTO hits (port) VALUES (inet_server_port())', name: 'insert' }
                        read { sql 'SELECT count(*) FROM hits', name: 'count' }
                    }
                }
            }
            '''.stripIndent()
        def before = clusterPostmasters()

        when:
        def r = Cli.run('run', file.toString(), '--duration', '2s', '--no-tui', '--out', tmp.resolve('out').toString())

        then:
        r.exit == 0
        r.out.contains('starting embedded PostgreSQL 17 cluster: a primary and 2 asynchronous replica(s)')
        r.out =~ /hosts: 127\.0\.0\.1:\d+ primary, 127\.0\.0\.1:\d+ replica.*, 127\.0\.0\.1:\d+ replica/
        r.out =~ /(?m)^\s*insert\b/
        !r.out.contains('42P01') // the replicas had replayed the set-up table before the reads began
        noClusterPostmastersBeyond(before)
    }

    def "kill -9 of stampede running target cluster(…): its watchdog stops every node and deletes the cluster's folder"() {
        given:
        def file = tmp.resolve('killed.groovy')
        file.toFile().text = """\
            scenario('killed') {
                target cluster(replicas: 1)
                group('app') { workers 1; loop { read { sql 'SELECT 1', name: 'q' } } }
            }""".stripIndent()
        def before = clusterPostmasters()
        def p = new StampedeProcess('run', file.toString(), '--duration', '120s', '--no-tui', '--out', tmp.resolve('k').toString())

        when:
        assert p.waitFor('[   1s] q', 240)
        def started = clusterPostmasters() - before
        assert started.size() == 2                       // the run's primary and its replica
        def folders = started.collect { pid ->
            (ProcessHandle.of(pid).get().info().commandLine().get() =~ /(\S*stampede-cluster-[^\s\/]+)/)[0][1]
        } as Set
        p.signal('KILL')
        assert p.exitWithin(120) != null

        then: 'the watchdog polls once a second, then stops the nodes: wait for it, generously'
        folders.size() == 1
        SignalSpec.eventually(120) { clusterPostmasters() == before }
        SignalSpec.eventually(60) { !java.nio.file.Files.exists(Path.of(folders.first())) }

        cleanup:
        p?.kill()
    }
}
