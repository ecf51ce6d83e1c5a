package dev.stampede.cli

import com.fasterxml.jackson.databind.ObjectMapper
import dev.stampede.engine.config.Settings
import dev.stampede.engine.postgres.EmbeddedServer
import spock.lang.Shared
import spock.lang.Specification
import spock.lang.TempDir
import spock.lang.Unroll

import java.nio.file.Files
import java.nio.file.Path

/** Sweeps through the command line against a real embedded PostgreSQL: --sweep on a SQL scenario, INI workload files, convert. */
class SweepRunSpec extends Specification {

    @Shared
    EmbeddedServer server
    @Shared
    String url

    @TempDir
    Path tmp

    def setupSpec() {
        server = EmbeddedServer.start(Settings.load(), [:])
        url = "postgresql://postgres@127.0.0.1:${server.port()}/postgres"
    }

    def cleanupSpec() {
        server?.close()
    }

    def json(Path dir) {
        new ObjectMapper().readTree(dir.resolve('summary.json').toFile())
    }

    Path scenario(String text) {
        def f = tmp.resolve('reads.groovy')
        Files.writeString(f, text.stripIndent())
        f
    }

    def "--sweep on a SQL scenario runs one stage per level, each with its own figures in summary.json and a row in the sweep table"() {
        given:
        def f = scenario('''
            scenario('reads') {
                duration 10.seconds
                group('readers') {
                    workers 3
                    loop { sql 'SELECT 1', name: 'ping' }
                }
            }''')
        def out = tmp.resolve('run')

        when:
        def r = Cli.run('run', f.toString(), '--url', url, '--sweep', 'workers=1..4', '--sweep-pause', '200ms',
                '--duration', '3s', '--no-tui', '--out', out.toString())
        def stages = json(out).get('stages')

        then:
        r.exit == 0
        stages*.get('stage')*.asText() == ['1 workers', '2 workers', '4 workers']
        stages*.get('workers')*.asInt() == [1, 2, 4]
        stages*.get('sweep')*.get('level')*.asInt() == [1, 2, 4]
        stages.every { it.get('sweep').get('group').asText() == 'readers' && it.get('sweep').get('knob').asText() == 'workers' }
        stages*.get('sweep')*.get('pauseBeforeSeconds')*.asDouble()[0] == 0.0d
        stages*.get('sweep')*.get('pauseBeforeSeconds')*.asDouble()[1] == 0.2d
        stages.every { it.get('operations').get('ping').get('count').asLong() > 0 && it.get('operations').get('ping').get('latencyMs').has('p999') }
        r.out.contains('sweep of readers workers:\n     level      rate/s       p50       p95       p99     p99.9   errors\n')
        r.out.readLines().findAll { it ==~ /\s+[124](\s+\S+){5}\s+0/ }.size() == 3
    }

    def "check --sweep prints the swept plan: a stage per level, each after the pause, also per shard"() {
        given:
        def f = scenario('''
            scenario('reads') {
                duration 10.seconds
                group('readers') { workers 3; loop { sql 'SELECT 1', name: 'ping' } }
            }''')

        when:
        def r = Cli.run('check', f.toString(), '--sweep', 'workers=1..4', '--sweep-pause', '200ms')

        then:
        r.exit == 0
        r.err == ''
        r.out.readLines().findAll { it.contains("stage '") || it.contains("group '") || it.contains('duration ') }*.strip() == [
                "├─ stage '1 workers' for 10s",
                "│  └─ group 'readers': 1 worker(s), closed loop",
                "├─ stage '2 workers' for 10s after 200ms with no load (sweep pause)",
                "│  └─ group 'readers': 2 worker(s), closed loop",
                "├─ stage '4 workers' for 10s after 200ms with no load (sweep pause)",
                "│  └─ group 'readers': 4 worker(s), closed loop",
                "└─ duration 30s in 3 stages, plus 400ms of sweep pauses"]

        when: 'a shard keeps the levels and their pauses, with its share of the workers'
        r = Cli.run('check', f.toString(), '--sweep', 'workers=2,8', '--sweep-pause', '1s', '--shard', '2/2')

        then:
        r.exit == 0
        r.out.contains("stage '8 workers' for 10s after 1s with no load (sweep pause)\n│  └─ group 'readers': 4 worker(s), closed loop")
    }

    @Unroll
    def "--sweep #args is refused with one line and exit 2: #expected"() {
        given:
        def f = scenario('''
            scenario('reads') {
                group('readers') { workers 3; loop { sql 'SELECT 1' } }
                group('arrivals') { rate 10; loop { sql 'SELECT 2' } }
            }''')

        when:
        def r = Cli.run(['run', f.toString(), '--url', 'postgresql://u@127.0.0.1:1/db', '--no-tui'] + args as String[])
        def checked = Cli.run(['check', f.toString()] + args as String[])

        then:
        r.exit == 2
        r.err == expected + '\n'

        and: 'check refuses the same flags with the same words'
        checked.exit == 2
        checked.err == expected.replaceFirst('^stampede run:', 'stampede check:') + '\n'
        checked.out == ''

        where:
        args                                    || expected
        ['--sweep', 'workers=64..1']            || 'stampede run: --sweep workers=64..1: workers needs from..to with 0 < from < to, like 1..256 (got 64..1)'
        ['--sweep', 'workers=0..8']             || 'stampede run: --sweep workers=0..8: workers needs from..to with 0 < from < to, like 1..256 (got 0..8)'
        ['--sweep', 'workers=lots']             || "stampede run: --sweep workers=lots: workers needs levels from..to like 1..256 or a list like 1,8,32 (got 'lots')"
        ['--sweep', 'workers=']                 || "stampede run: --sweep workers=: workers needs levels from..to like 1..256 or a list like 1,8,32 (got '')"
        ['--sweep', 'lots']                     || 'stampede run: --sweep lots: needs KNOB=LEVELS like workers=1..256 or rate=100..3200 (GROUP.workers=… to name the group)'
        ['--sweep', 'worker=1..4']              || "stampede run: --sweep worker=1..4: can sweep workers or rate, not 'worker' (did you mean `workers`?)"
        ['--sweep', 'arrivals.workers=1..4']    || "stampede run: --sweep arrivals.workers: group 'arrivals' is an open model (rate), its workers are not its load; sweep rate instead"
        ['--sweep', 'readers.rate=1..4']        || "stampede run: --sweep readers.rate: group 'readers' is a closed model (workers 3), it has no rate to sweep; sweep workers instead"
        ['--sweep', 'writers.workers=1..4']     || "stampede run: --sweep writers.workers: there is no group 'writers' (groups: 'readers', 'arrivals')"
        ['--sweep', 'workers=1,2', '--sweep-pause', 'x'] || "stampede run: --sweep-pause needs a duration >= 0 like 20s or 0s (got 'x')"
        ['--sweep-pause', '1s']                 || "stampede run: --sweep-pause: scenario 'reads' is not a sweep (add --sweep workers=1..64)"
    }

    def "an INI workload file runs as it is, and the scenario convert prints passes check and runs the same operations"() {
        given:
        def ini = tmp.resolve('mix.ini')
        Files.writeString(ini, '''\
            duration=10s
            concurrency-min=1
            concurrency-max=2
            wait-between-runs=100ms
            [setup]
            query=CREATE TABLE IF NOT EXISTS sweep_spec_t (id int)
            query=INSERT INTO sweep_spec_t SELECT generate_series(1, 50)
            [teardown]
            query=DROP TABLE IF EXISTS sweep_spec_t
            [read all]
            query=SELECT * FROM sweep_spec_t
            query=SELECT count(*) FROM sweep_spec_t
            [ping]
            query=SELECT 1
            '''.stripIndent())
        def groovy = tmp.resolve('mix.groovy')

        when:
        def fromIni = Cli.run('run', ini.toString(), '--url', url, '--duration', '2s', '--no-tui', '--out', tmp.resolve('ini').toString())
        def converted = Cli.run('convert', ini.toString())
        Files.writeString(groovy, converted.out)
        def checked = Cli.run('check', groovy.toString())
        def fromGroovy = Cli.run('run', groovy.toString(), '--url', url, '--duration', '2s', '--no-tui', '--out', tmp.resolve('groovy').toString())
        def a = json(tmp.resolve('ini')), b = json(tmp.resolve('groovy'))

        then:
        fromIni.exit == 0
        converted.exit == 0
        checked.exit == 0
        fromGroovy.exit == 0
        a.get('operations').fieldNames().toList() == ['read all', 'ping']
        b.get('operations').fieldNames().toList() == ['read all', 'ping']
        [a, b].every { s -> ['read all', 'ping'].every { s.get('operations').get(it).get('count').asLong() > 0 } }
        [a, b].every { s -> s.get('stages')*.get('stage')*.asText() == ['1 workers', '2 workers'] }
        [a, b].every { s -> s.get('stages').every { it.get('sweep').get('group').asText() == '*' } }
        !tableExists('sweep_spec_t') // the file's teardown ran, both ways
    }

    def "compare of three sweep runs draws their throughput-vs-latency curves on one chart, and each run's report has its own curve and levels"() {
        given:
        def f = scenario('''
            scenario('reads') {
                group('readers') { workers 1; loop { sql 'SELECT 1', name: 'ping' } }
            }''')
        def dirs = (1..3).collect { tmp.resolve("run$it") }
        def runs = dirs.collect { Cli.run('run', f.toString(), '--url', url, '--sweep', 'workers=1,2', '--sweep-pause', '0s',
                '--duration', '1s', '--no-tui', '--out', it.toString()) }
        def out = tmp.resolve('compared')

        when:
        def r = Cli.run(['compare'] + dirs*.toString() + ['--out', out.toString()] as String[])
        def comparison = dev.stampede.report.SweepComparison.of(dirs)
        def chart = dev.stampede.report.SweepCharts.throughputLatency(comparison.curves())

        then:
        runs*.exit == [0, 0, 0]
        dirs.every { d -> ['sweep-curve.png', 'sweep-levels.png'].every { Files.size(d.resolve(it)) > 1000 } }
        dirs.every { Files.readString(it.resolve('report.html')).contains('data-chart="sweep-curve"') }
        r.exit == 0
        r.out.contains("wrote ${out.resolve('sweeps.png')}\nwrote ${out.resolve('sweeps.html')}\n")
        Files.size(out.resolve('sweeps.png')) > 1000
        comparison.curves()*.label() == ['run1', 'run2', 'run3']
        comparison.curves().every { c -> c.operation() == 'ping' && c.points()*.level() == [1d, 2d] && c.points().every { it.rate() > 0 } }
        chart.seriesMap.keySet() as List == ['run1 p50', 'run1 p99', 'run2 p50', 'run2 p99', 'run3 p50', 'run3 p99']
        ['run1 · ping', 'run2 · ping', 'run3 · ping'].every { Files.readString(out.resolve('sweeps.html')).contains(it) }
    }

    def "compare of more than two runs refuses a run that is not a sweep, and --fail-if"() {
        given:
        def f = scenario('''
            scenario('reads') {
                group('readers') { workers 1; loop { sql 'SELECT 1', name: 'ping' } }
            }''')
        def plain = tmp.resolve('plain')
        Cli.run('run', f.toString(), '--url', url, '--duration', '1s', '--no-tui', '--out', plain.toString())

        when:
        def notSweep = Cli.run('compare', plain.toString(), plain.toString(), plain.toString())
        def rule = Cli.run('compare', plain.toString(), plain.toString(), plain.toString(), '--fail-if', 'p99 > +10%')

        then:
        notSweep.exit == 2
        notSweep.err == "stampede compare: $plain: not a sweep (its summary.json has fewer than 2 levels); compare of more than two runs draws their sweeps\n"
        rule.exit == 2
        rule.err == 'stampede compare: --fail-if compares two runs (got 3); more than two runs draw their sweeps\n'
    }

    def "every bundled workload file passes check, and its conversion too"() {
        given:
        def files = new File(Cli.root(), 'workloads').listFiles().findAll { it.name.endsWith('.ini') }.sort()

        expect:
        files*.name == ['long-fixed.ini', 'select-star.ini', 'select1.ini']
        files.every { Cli.run('check', it.path).exit == 0 }
        files.every { f ->
            def g = tmp.resolve(f.name.replace('.ini', '.groovy'))
            Files.writeString(g, Cli.run('convert', f.path).out)
            Cli.run('check', g.toString()).exit == 0
        }
    }

    def "a malformed INI file is refused with file:line problems, all at once, exit 2"() {
        given:
        def ini = tmp.resolve('bad.ini')
        Files.writeString(ini, 'duraton=10s\n[a]\nquerry=SELECT 1\n')

        when:
        def run = Cli.run('run', ini.toString(), '--no-tui')
        def convert = Cli.run('convert', ini.toString())

        then:
        [run, convert].every { it.exit == 2 }
        [run, convert].every {
            it.err == "$ini:1: unknown setting 'duraton' (did you mean `duration`?) (settings: duration, concurrency, concurrency-min, concurrency-max, wait-between-runs)\n" +
                    "$ini:3: unknown key 'querry' in [a] (did you mean `query`?) (a section holds query= lines)\n"
        }
    }

    boolean tableExists(String name) {
        def c = new dev.stampede.engine.postgres.PostgresTarget(server.connectionInfo(), Settings.load()).open()
        try {
            def rs = c.createStatement().executeQuery("SELECT to_regclass('$name') IS NOT NULL")
            rs.next()
            rs.getBoolean(1)
        } finally {
            c.close()
        }
    }
}
