package dev.stampede.cli

import com.fasterxml.jackson.databind.ObjectMapper
import spock.lang.Specification
import spock.lang.TempDir

import java.nio.file.Files
import java.nio.file.Path

/** Every bundled scenario runs briefly, for real, on the embedded PostgreSQL and exits 0. */
class BundledScenariosRunSpec extends Specification {

    @TempDir
    Path tmp

    /** Smaller settings for scenarios whose defaults are sized for a real benchmark. */
    static final Map<String, List<String>> SMALLER = [
            'hold.groovy': ['--set', 'connections=20', '--set', 'batch=10'],
            // two of the nine models (FibScenariosSpec checks more; `check` sees all nine)
            'fib-models.groovy': ['--set', 'models=event-loop,thread-pool', '--set', 'longN=20'],
            'fib-probes.groovy': ['--set', 'longN=20'],
    ]

    static List<String> bundled() {
        new File(Cli.root(), 'scenarios').listFiles().findAll { it.name.endsWith('.groovy') }*.name.sort()
    }

    def "bundled scenario #name runs for 5 s with --no-tui and exits 0 with real counts"() {
        given: 'a scenario for a TCP server elsewhere gets one, started here'
        def server = name == 'tcp-fib.groovy' ? dev.stampede.engine.fib.FibModel.THREAD_PER_CONNECTION.create(0, 40) : null
        def elsewhere = server == null ? [] : ['--set', "url=127.0.0.1:${server.start('127.0.0.1', 0)}".toString()]

        when:
        def out = tmp.resolve(name)
        def r = Cli.run(['run', Cli.scenario(name), '--duration', '5s', '--no-tui', '--out', out.toString(),
                         *SMALLER.getOrDefault(name, []), *elsewhere] as String[])
        def json = new ObjectMapper().readTree(out.resolve('summary.json').toFile())

        then:
        r.err == ''
        r.exit == 0
        json.get('exitCode').asInt() == 0
        json.get('operations').fields().collect { it.value.get('count').asLong() }.sum() > 0
        Files.readAllLines(out.resolve('timeline.csv')).size() >= 1 + 4 // the header, then a row per operation per second
        r.out.readLines().count { it.startsWith('[') } >= 4                // one plain line per interval

        cleanup:
        server?.stop()

        where:
        name << bundled()
    }

    def "check exits 0 on every bundled scenario"() {
        expect:
        Cli.run('check', Cli.scenario(name)).exit == 0

        where:
        name << bundled()
    }
}
