package dev.stampede.cli

import com.fasterxml.jackson.databind.ObjectMapper
import spock.lang.Shared
import spock.lang.Specification
import spock.lang.TempDir

import java.nio.file.Files
import java.nio.file.Path

/**
 * `stampede compare` on two real runs (embedded PostgreSQL) of one scenario, B with a planted
 * regression: every query of B sleeps 100 ms and pauses 100 ms after it (large enough that a busy machine's
 * own delays in run A cannot hide it).
 */
class CompareSpec extends Specification {

    @Shared
    @TempDir
    Path tmp

    @Shared
    Path a, b

    def setupSpec() {
        def scenario = tmp.resolve('q.groovy')
        Files.writeString(scenario, '''\
            scenario('q') {
                param 'sleepMs', 0
                duration 2.seconds
                group('g') {
                    workers 2
                    loop {
                        sql 'SELECT pg_sleep(?::float8 / 1000)', param('sleepMs'), name: 'q'
                        if (param('sleepMs') > 0) pause 100.ms
                    }
                }
            }
            '''.stripIndent())
        a = tmp.resolve('a')
        b = tmp.resolve('b')
        assert Cli.run('run', scenario.toString(), '--no-tui', '--out', a.toString()).exit == 0
        assert Cli.run('run', scenario.toString(), '--no-tui', '--set', 'sleepMs=100', '--out', b.toString()).exit == 0
    }

    def "a planted regression breaks the rules: exit 1 and the rules named"() {
        when:
        def r = Cli.run('compare', a.toString(), b.toString(), '--fail-if', 'p99 > +10%', '--fail-if', 'rate < -10%',
                '--fail-if', 'errors > +0%')

        then:
        r.exit == 1
        r.err == ''
        r.out.readLines().any { it ==~ /q\s+p99\s+.* ms\s+.* ms\s+\+\d+.*%\s+✗/ }
        r.out.readLines().any { it.startsWith('FAIL q p99 ') && it.endsWith("breaks 'p99 > +10%'") }
        r.out.readLines().any { it.startsWith('FAIL q rate ') && it.endsWith("breaks 'rate < -10%'") }
        !r.out.contains("breaks 'errors > +0%'")
    }

    def "a run compared with itself breaks no rule: exit 0"() {
        when:
        def r = Cli.run('compare', a.toString(), a.toString(), '--fail-if', 'p99 > +10%')

        then:
        r.exit == 0
        r.out.contains('no rule broken')
        r.out.readLines().any { it ==~ /q\s+rate\s+.*\/s\s+.*\/s\s+\+0\.0%/ }
    }

    def "--json gives the same comparison for machines"() {
        when:
        def r = Cli.run('compare', a.toString(), b.toString(), '--json', '--fail-if', 'p99 > +10%')
        def json = new ObjectMapper().readTree(r.out)
        def sa = new ObjectMapper().readTree(a.resolve('summary.json').toFile())

        then:
        r.exit == 1
        json.path('exitCode').asInt() == 1
        json.path('operations').path('q').path('rate').path('a').asDouble() == sa.path('operations').path('q').path('ratePerSecond').asDouble()
        json.path('operations').path('q').path('p99').path('changePercent').asDouble() > 10
        json.path('failures')*.path('rule')*.asText() == ['p99 > +10%']
    }

    def "bad input is one line and exit 2: #why"() {
        when:
        def r = Cli.run(['compare'] + args.collect { it.replace('A', a.toString()).replace('B', b.toString()).replace('T', tmp.toString()) } as String[])

        then:
        r.exit == 2
        r.out == ''
        r.err.readLines().size() == 1
        r.err.startsWith(start.replace('T', tmp.toString()))

        where:
        why                | args                                   || start
        'missing folder'   | ['A', 'T/none']                        || 'stampede compare: T/none: no such folder'
        'no summary.json'  | ['A', 'T']                             || 'stampede compare: T: no summary.json'
        'bad rule'         | ['A', 'B', '--fail-if', 'p99 > 10ms']  || "stampede compare: --fail-if: cannot read 'p99 > 10ms'"
        'unknown metric'   | ['A', 'B', '--fail-if', 'p42 > +1%']   || "stampede compare: --fail-if: unknown metric 'p42'"
        'one folder'       | ['A']                                  || 'stampede: positional parameter at index 0..* (RUN) requires at least 2 values, but only 1 were specified'
    }
}
