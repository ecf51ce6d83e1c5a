package dev.stampede.cli

import dev.stampede.engine.postgres.PgBouncer
import spock.lang.Requires
import spock.lang.Specification
import spock.lang.Timeout

/** The `stampede bench` commands, shrunk to seconds: they still start a server, measure and print their figures. */
@Timeout(180)
class BenchSpec extends Specification {

    static final String NUMBER = /[\d.]+/

    def "bench hold opens the connections with the lean client and reports memory per connection"() {
        when:
        def r = Cli.run('bench', 'hold', '--connections', '50', '--batch', '10', '--seconds', '3')

        then:
        r.exit == 0
        r.out =~ /hold: opened 50\/50 connection\(s\) in ${NUMBER}s \(lean client\), client memory -?${NUMBER} KB RSS per connection \(RSS \d+ → \d+ MB\), heap -?${NUMBER} KB per connection/
        r.out =~ /hold: open latency p50 \S+ p99 \S+ max \S+, 0 failed/
    }

    def "bench hold --client jdbc holds them with pgjdbc; a bad --client is a usage error"() {
        expect:
        Cli.run('bench', 'hold', '--connections', '20', '--seconds', '3', '--client', 'jdbc').out.contains('(pgjdbc client)')
        with(Cli.run('bench', 'hold', '--client', 'odbc')) {
            exit == 2
            err.contains("Invalid value for option '--client'") && err.contains('stampede bench hold --help')
        }
    }

    @Requires({ ['sh', '-c', 'command -v pgbench'].execute().waitFor() == 0 })
    def "bench churn and bench insert run paired rounds against pgbench and print the median ratio"() {
        when:
        def churn = Cli.run('bench', 'churn', '--workers', '2', '--seconds', '1', '--rounds', '2')
        def insert = Cli.run('bench', 'insert', '--workers', '2', '--batch', '10', '--seconds', '1', '--rounds', '1', '--copy-rows', '50')

        then:
        churn.exit == 0
        (churn.out =~ /churn round \d: 2 clients, pgbench -C ${NUMBER} conn\/s \(client CPU \d+ µs per connection\), stampede \(lean\) ${NUMBER} conn\/s .*client CPU \d+ µs per connection/).size() == 2
        churn.out =~ /churn median: .* median of the round ratios ${NUMBER}/
        churn.out =~ /churn client CPU per connection \(median\): stampede \d+ µs, pgbench -C \d+ µs/
        (churn.out =~ /client CPU \d+ µs per connection, \d+ of them the JIT compiler's\), ratio/).size() == 2
        churn.out =~ /churn client CPU per connection without the JIT compiler's share \(median\): stampede -?\d+ µs/
        // warm-up runs 2 s rounds until the JIT is quiet, at most 8 of them
        (churn.out =~ /churn warm-up: (\d+) s, the JIT compiler's share of CPU in its last 2 s: ${NUMBER}%/).with { it.find() && (it.group(1) as int) in (2..16).step(2) }
        insert.exit == 0
        insert.out =~ /insert round 1: 2 clients x 10 rows: pgbench ${NUMBER} rows\/s, stampede ${NUMBER} rows\/s .*client CPU \d+% of a core\), ratio ${NUMBER}; COPY ${NUMBER} rows\/s/
        insert.out =~ /insert median: .* median of the round ratios ${NUMBER}/
        insert.out =~ /copy: psql reads \d+ file\(s\) of 50 different rows \(${NUMBER} MB\), drawn like stampede's rows/
        // files made before a warm-up that runs 2 s rounds until the JIT is quiet, at most 8 of them
        (insert.out =~ /copy warm-up: (\d+) s, the JIT compiler's share of CPU in its last 2 s: ${NUMBER}%/).with { it.find() && (it.group(1) as int) in (2..16).step(2) }
        insert.out.indexOf('copy: psql reads') < insert.out.indexOf('copy warm-up')
        insert.out =~ /copy round 1: 2 clients x 50 rows per COPY: psql \\copy ${NUMBER} rows\/s, stampede ${NUMBER} rows\/s, ratio ${NUMBER}; client CPU per row: psql ${NUMBER} µs, stampede ${NUMBER} µs \(${NUMBER} of them the JIT compiler's\); server CPU per row: psql ${NUMBER} µs, stampede ${NUMBER} µs/
        insert.out =~ /copy median: stampede ${NUMBER} rows\/s, psql \\copy ${NUMBER} rows\/s; median of the round ratios ${NUMBER}/
        insert.out =~ /copy CPU per row \(median\): client psql ${NUMBER} µs, stampede ${NUMBER} µs; server with psql ${NUMBER} µs, with stampede ${NUMBER} µs/
        insert.out =~ /copy client CPU per row without the JIT compiler's share \(median\): stampede -?${NUMBER} µs/
        def copyOnly = Cli.run('bench', 'insert', '--only', 'copy', '--workers', '1', '--seconds', '1', '--rounds', '1', '--copy-rows', '20')
        copyOnly.exit == 0
        !copyOnly.out.contains('insert round') && copyOnly.out.contains('copy round 1: 1 clients x 20 rows per COPY')
    }

    @Requires(value = { PgBouncer.executable(System.getenv()).isPresent() }, reason = 'pgbouncer is not installed (apt-get install pgbouncer)')
    def "bench pooler runs the SELECT 1 loop and the connect churn direct and through pgbouncer in paired rounds"() {
        when:
        def before = PoolerRunSpec.stampedePoolers()
        def r = Cli.run(System.getenv(), 'bench', 'pooler', '--workers', '2', '--seconds', '1', '--rounds', '2', '--pool-size', '2')
        def rows = (r.out =~ /(?m)^  (SELECT 1 loop|connect churn) +(direct|pooled) +(${NUMBER}) +(\S+) +(\S+) +(\d+) +(${NUMBER}) +(${NUMBER})$/)
                .collect { [workload: it[1], side: it[2], rate: it[3] as double, errors: it[6] as long, client: it[7] as double, pooler: it[8] as double] }

        then:
        r.exit == 0
        r.out =~ /pooler: PgBouncer \S+ \(transaction mode, pool size 2\) on 127\.0\.0\.1:\d+ → postgresql:\/\/postgres:\*\*\*@127\.0\.0\.1:\d+\/postgres/
        r.out.contains('both sides: 2 workers, 1 s per measurement, SCRAM-SHA-256 authentication')
        r.out.contains('SELECT 1 loop on pgjdbc with prepareThreshold=0, connect churn on the lean client')
        r.out.contains('pooler round 1 (direct first):') && r.out.contains('pooler round 2 (pooled first):')
        rows.size() == 8
        rows.countBy { [it.workload, it.side] } == [['SELECT 1 loop', 'direct']: 2, ['SELECT 1 loop', 'pooled']: 2,
                                                    ['connect churn', 'direct']: 2, ['connect churn', 'pooled']: 2]
        rows.every { it.rate > 0 && it.errors == 0 && it.client > 0 }
        rows.findAll { it.side == 'pooled' }.every { it.pooler > 0 }
        (r.out =~ /(?m)^  (SELECT 1 loop|connect churn) +ratio +${NUMBER}   \(pooled \/ direct rate\)$/).size() == 4
        (r.out =~ /pooler round \d: pgbouncer CPU ${NUMBER} s while it carried the load/).size() == 2
        r.out =~ /pooler median of the round ratios pooled \/ direct: SELECT 1 loop ${NUMBER}, connect churn ${NUMBER} \(2 rounds\); pgbouncer CPU per round \(median\) ${NUMBER} s/
        PoolerRunSpec.noPoolersBeyond(before)
    }

    def "bench pooler without pgbouncer says so in one line and exits 3; bad flags are usage errors"() {
        expect:
        with(Cli.run([STAMPEDE_PGBOUNCER: '/nonexistent/pgbouncer'], 'bench', 'pooler')) {
            exit == 3
            err.trim() == 'stampede bench pooler: pgbouncer is not installed (looked on PATH, in /usr/sbin and /usr/local/sbin): ' +
                    'install it, e.g. apt-get install pgbouncer, or point --url at a running pooler'
            out.isEmpty()
        }
        with(Cli.run('bench', 'pooler', '--mode', 'pipelined')) {
            exit == 2
            err.contains("Invalid value for option '--mode'") && err.contains('stampede bench pooler --help')
        }
        with(Cli.run('bench', 'pooler', '--pool-size', '0')) {
            exit == 2
            err.trim() == 'stampede: --pool-size must be between 1 and 10000 (got 0) (see stampede bench pooler --help)'
        }
        with(Cli.run('bench', 'pooler', '--rounds', '0')) {
            exit == 2
            err.trim() == 'stampede: --rounds must be between 1 and 100 (got 0) (see stampede bench pooler --help)'
        }
    }
}
