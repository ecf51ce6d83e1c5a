package dev.stampede.cli

import com.fasterxml.jackson.databind.ObjectMapper
import dev.stampede.engine.config.Settings
import dev.stampede.engine.postgres.EmbeddedServer
import dev.stampede.engine.postgres.PostgresTarget
import org.HdrHistogram.Histogram
import org.HdrHistogram.HistogramLogReader
import spock.lang.Shared
import spock.lang.Specification
import spock.lang.TempDir

import java.nio.file.Files
import java.nio.file.Path

/**
 * Four shards of one scenario as four real stampede processes against ONE embedded server, met at a
 * rendezvous, then merged: counts, percentiles from the added histograms, thresholds on the merged result,
 * a missing shard.
 */
class ShardedRunSpec extends Specification {

    static final String SCENARIO = '''
scenario('sharded hits') {
    target postgres()
    duration 3.seconds
    setup { sql 'CREATE TABLE IF NOT EXISTS shard_hits (id bigserial PRIMARY KEY)' }
    group('writers') {
        workers 6
        sql 'INSERT INTO shard_hits DEFAULT VALUES', name: 'hit'
    }
    group('readers') {
        rate 50.perSecond
        maxWorkers 8
        sql 'SELECT 1', name: 'select'
    }
    expect {
        count('select') >= 100
        errorRate() < 1.percent
    }
}
'''

    @Shared EmbeddedServer server
    @Shared String url
    @Shared @TempDir Path tmp
    @Shared List<Path> shards
    @Shared List<Integer> exits

    def setupSpec() {
        server = EmbeddedServer.start(Settings.load(), [max_connections: '100'])
        url = "postgresql://postgres@127.0.0.1:${server.port()}/postgres"
        def file = tmp.resolve('sharded.groovy')
        Files.writeString(file, SCENARIO)
        shards = (1..4).collect { tmp.resolve("shard-$it") }
        def procs = (1..4).collect { i ->
            new StampedeProcess('run', file.toString(), '--url', url, '--shard', "$i/4", '--rendezvous', tmp.resolve('meet').toString(),
                    '--no-tui', '--out', shards[i - 1].toString())
        }
        try {
            exits = procs.collect { it.exitWithin(180) }
        } finally {
            procs.each { it.kill() }
        }
        procs.eachWithIndex { p, i -> if (exits[i] == null || exits[i] > 1) println "shard ${i + 1}:\n${p.out}" }
    }

    def cleanupSpec() {
        server?.close()
    }

    static json(Path dir) {
        new ObjectMapper().readTree(dir.resolve('summary.json').toFile())
    }

    long rows() {
        def c = new PostgresTarget(server.connectionInfo(), Settings.load()).open()
        try {
            def rs = c.createStatement().executeQuery('SELECT count(*) FROM shard_hits')
            rs.next()
            rs.getLong(1)
        } finally {
            c.close()
        }
    }

    /** Every sample of every shard for one tag, added into one histogram. */
    static Histogram union(List<Path> dirs, String tag) {
        def all = new Histogram(3)
        dirs.each { d ->
            def reader = new HistogramLogReader(d.resolve('latency.hlog').toFile())
            def h
            while ((h = reader.nextIntervalHistogram()) != null) if (h.tag == tag) all.add(h)
            reader.close()
        }
        all
    }

    def "each shard judges its own share and fails alone; each records its shard and the thresholds as data"() {
        expect: 'each shard saw a quarter of the 50/s arrivals: fewer than the 100 the scenario expects'
        exits == [1, 1, 1, 1]
        (1..4).every { i -> json(shards[i - 1]).path('shard').path('index').asInt() == i && json(shards[i - 1]).path('shard').path('count').asInt() == 4 }
        json(shards[0]).path('shard').path('thresholds')[0].path('metric').asText() == 'count'
        json(shards[0]).path('shard').path('thresholds')[0].path('comparison').asText() == 'ge'
        json(shards[0]).path('shard').path('thresholds')[0].path('value').asDouble() == 100d
        and: 'the shards met at one start line'
        (1..4).collect { json(shards[it - 1]).path('shard').path('startLine').asText() }.unique().size() == 1
    }

    def "merged: counts are the shards' sum and the server's own row count, p99 from the added histograms, thresholds judged on the whole"() {
        given:
        def out = tmp.resolve('merged')

        when:
        def r = Cli.run('merge', *shards*.toString(), '--out', out.toString())
        def merged = json(out)
        def parts = shards.collect { json(it) }

        then: 'every shard failed count(select) >= 100 on its own; the merged run passes it'
        r.exit == 0
        r.out.contains('merge: complete, 4 of 4 shards')
        merged.path('exitCode').asInt() == 0
        merged.path('merge').path('complete').asBoolean()
        merged.path('thresholds')[0].path('expression').asText() == "count('select') >= 100"
        merged.path('thresholds')[0].path('passed').asBoolean()
        merged.path('thresholds')[0].path('actual').asLong() == merged.path('operations').path('select').path('count').asLong()

        and: 'counts add up, and match what the server stored'
        long hits = merged.path('operations').path('hit').path('count').asLong()
        hits == parts.sum { it.path('operations').path('hit').path('count').asLong() }
        hits > 0
        merged.path('operations').path('hit').path('errors').asLong() == 0
        hits == rows()
        merged.path('operations').path('select').path('count').asLong() ==
                parts.sum { it.path('operations').path('select').path('count').asLong() }

        and: 'p99 is the union of all samples, HdrHistogram add, never an average of the shards p99s'
        def all = union(shards, 'hit')
        all.totalCount == hits
        merged.path('operations').path('hit').path('latencyMs').path('p99').asDouble() ==
                Math.round(all.getValueAtPercentile(99) / 1e6 * 10_000) / 10_000d
        union([out], 'hit').totalCount == hits

        and: 'service time (open model) is not in the hlog, so it is not merged, and the merged summary says so'
        parts.every { it.path('operations').path('select').has('serviceTimeMs') }
        !merged.path('operations').path('select').has('serviceTimeMs')
        merged.path('merge').path('notMerged').collect { it.asText() } == ['serviceTimeMs']

        and: 'the merged timeline adds the shards interval by interval'
        def timeline = Files.readAllLines(out.resolve('timeline.csv'))
        timeline[0] == dev.stampede.engine.output.TimelineCsvOutput.HEADER
        timeline.drop(1).findAll { it.split(',')[2] == 'hit' }.sum { it.split(',')[3] as long } == hits
        Files.exists(out.resolve('report.html'))
    }

    def "a missing shard is named, the rest is still merged, the result is marked incomplete with exit 3"() {
        given:
        def out = tmp.resolve('three')

        when:
        def r = Cli.run('merge', *shards.take(3)*.toString(), '--out', out.toString())

        then:
        r.exit == 3
        r.err.readLines() == ['stampede merge: shard 4/4 is missing']
        r.out.contains('merge: INCOMPLETE, 3 of 4 shards ([1, 2, 3]) — exit 3')
        !json(out).path('merge').path('complete').asBoolean()
        json(out).path('merge').path('problems')[0].asText() == 'shard 4/4 is missing'
        json(out).path('operations').path('hit').path('count').asLong() ==
                shards.take(3).sum { json(it).path('operations').path('hit').path('count').asLong() }
    }

    def "folders that are not shard results are refused with exit 2"() {
        given:
        def other = tmp.resolve('plain')
        Files.createDirectories(other)
        Files.writeString(other.resolve('summary.json'), '{"scenario":"x","exitCode":0}')

        when:
        def r = Cli.run('merge', other.toString(), '--out', tmp.resolve('none').toString())

        then:
        r.exit == 2
        r.err.readLines() == ["stampede merge: no shard result among [$other]: $other/summary.json: not a sharded run (no \"shard\"; run it with --shard i/N)".toString()]
    }

    def "a shard whose rendezvous never fills exits 3 naming how many were ready"() {
        given:
        def meet = tmp.resolve('lonely')
        def file = tmp.resolve('sharded.groovy')

        when:
        def r = Cli.run('run', file.toString(), '--url', url, '--shard', '1/2', '--rendezvous', meet.toString(),
                '--rendezvous-timeout', '1s', '--no-tui', '--out', tmp.resolve('lonely-out').toString())

        then:
        r.exit == 3
        r.err.readLines() == ["stampede run: rendezvous: only 1 of 2 shards were ready in $meet after 1s".toString()]
        Files.exists(meet.resolve('ready-1'))
        json(tmp.resolve('lonely-out')).path('shard').path('index').asInt() == 1
        json(tmp.resolve('lonely-out')).path('exitCode').asInt() == 3
    }

    def "--start-at starts the clock at the given time and records it as the shard's start line"() {
        given:
        def out = tmp.resolve('at')

        when:
        // +8s: time for a busy machine to compile, connect and run the set-up before the line (a line passed
        // by more than a second is refused, exit 3)
        def r = Cli.run('run', tmp.resolve('sharded.groovy').toString(), '--url', url, '--shard', '1/1', '--start-at', '+8s',
                '--duration', '1s', '--no-tui', '--out', out.toString())
        def s = json(out)
        def line = java.time.Instant.parse(s.path('shard').path('startLine').asText())
        def started = java.time.Instant.parse(s.path('startedAt').asText())

        then: 'one shard alone sees about 50 arrivals: fewer than the 100 expected'
        r.exit == 1
        r.out.contains('shard 1/1: starting at ' + line)
        !started.isBefore(line)
        java.time.Duration.between(line, started) < java.time.Duration.ofSeconds(15) // right after it (wide: a busy machine)
    }

    def "bad --start-at and --rendezvous usage are one line naming the flag, exit 2"() {
        when:
        def r = Cli.run(['run', 'steady-reads', '--no-tui'] + args as String[])

        then:
        r.exit == 2
        r.err.readLines() == [line]

        where:
        args                                 || line
        ['--start-at', 'noon']               || "stampede run: --start-at needs a time like 2026-12-07T12:00:00Z or +10s (got 'noon')"
        ['--rendezvous', '/tmp/x']           || 'stampede run: --rendezvous needs --shard i/N'
        ['--shard', '2/1']                   || 'stampede run: --shard needs i between 1 and N in i/N (got 2/1)'
    }

    def "bad --shard values are one line naming the flag, exit 2"() {
        when:
        def r = Cli.run('check', 'steady-reads', '--shard', value)

        then:
        r.exit == 2
        r.err.readLines() == [line]

        where:
        value || line
        '0/3' || 'stampede check: --shard needs i between 1 and N in i/N (got 0/3)'
        '4/3' || 'stampede check: --shard needs i between 1 and N in i/N (got 4/3)'
        'x'   || "stampede check: --shard needs i/N like 1/4 (got 'x')"
        '1/0' || 'stampede check: --shard needs N >= 1 in i/N (got 1/0)'
    }

    def "check --shard prints that shard's share of the plan"() {
        when:
        def r = Cli.run('check', 'steady-reads', '--shard', '2/4', '--set', 'rate=100', '--set', 'maxWorkers=10')

        then:
        r.exit == 0
        r.out.readLines()[0] == 'shard 2/4 (set-up, teardown, timed events and the safety pre-flight run on shard 1)'
        r.out.contains('25')

        when: 'a share that does not divide evenly'
        r = Cli.run('check', 'steady-reads', '--shard', '2/3', '--set', 'rate=500', '--set', 'maxWorkers=30')

        then: 'two decimals at most, like the rest of the output'
        r.exit == 0
        r.out.contains('open model, 166.67/s, at most 10 in flight')
    }
}
