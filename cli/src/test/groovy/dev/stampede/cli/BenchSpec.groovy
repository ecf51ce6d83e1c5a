package dev.stampede.cli

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
        insert.exit == 0
        insert.out =~ /insert round 1: 2 clients x 10 rows: pgbench ${NUMBER} rows\/s, stampede ${NUMBER} rows\/s .*client CPU \d+% of a core\), ratio ${NUMBER}; COPY ${NUMBER} rows\/s/
        insert.out =~ /insert median: .* median of the round ratios ${NUMBER}/
        insert.out =~ /copy round 1: 2 clients x 50 rows per COPY: psql \\copy ${NUMBER} rows\/s, stampede ${NUMBER} rows\/s, ratio ${NUMBER}/
        insert.out =~ /copy median: stampede ${NUMBER} rows\/s, psql \\copy ${NUMBER} rows\/s; median of the round ratios ${NUMBER}/
    }
}
