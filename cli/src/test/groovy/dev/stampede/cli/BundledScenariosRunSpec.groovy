package dev.stampede.cli

import com.fasterxml.jackson.databind.ObjectMapper
import spock.lang.Shared
import spock.lang.Specification
import spock.lang.TempDir

import java.nio.file.Files
import java.nio.file.Path

/**
 * Every bundled scenario runs briefly, for real, and exits 0: the PostgreSQL ones on the embedded
 * server, the TCP ones against the Fibonacci server of the engine's test resources, written in Python.
 */
class BundledScenariosRunSpec extends Specification {

    @TempDir
    Path tmp
    @Shared
    Process fib
    @Shared
    int fibPort

    def setupSpec() {
        def script = new File(Cli.root(), 'engine/src/test/resources/tcp/fib_server.py')
        fib = new ProcessBuilder('python3', script.path, '0').redirectError(ProcessBuilder.Redirect.DISCARD).start()
        fibPort = Integer.parseInt(new BufferedReader(new InputStreamReader(fib.inputStream)).readLine().trim())
    }

    def cleanupSpec() {
        fib?.destroyForcibly()
        fib?.waitFor()
    }

    /** What a scenario needs beyond its defaults: a smaller size, or where its server listens. */
    List<String> extra(String name) {
        name == 'tcp-fib.groovy' ? ['--set', "url=127.0.0.1:$fibPort".toString()] : SMALLER.getOrDefault(name, [])
    }

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
        when:
        def out = tmp.resolve(name)
        def r = Cli.run(['run', Cli.scenario(name), '--duration', '5s', '--no-tui', '--out', out.toString(),
                         *extra(name)] as String[])
        def json = new ObjectMapper().readTree(out.resolve('summary.json').toFile())

        then:
        r.err == ''
        r.exit == 0
        json.get('exitCode').asInt() == 0
        json.get('operations').fields().collect { it.value.get('count').asLong() }.sum() > 0
        Files.readAllLines(out.resolve('timeline.csv')).size() >= 1 + 4 // the header, then a row per operation per second
        r.out.readLines().count { it.startsWith('[') } >= 4                // one plain line per interval

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
