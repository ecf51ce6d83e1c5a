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
            'pooler-hold.groovy': ['--set', 'connections=50', '--set', 'batch=25'],
            // two of the nine models (FibScenariosSpec checks more; `check` sees all nine)
            'fib-models.groovy': ['--set', 'models=event-loop,thread-pool', '--set', 'longN=20'],
            'fib-probes.groovy': ['--set', 'longN=20'],
            // the primary fails at 2 s of the 5 s run (the cluster starts before the clock)
            'failover.groovy': ['--set', 'failoverAt=2s', '--set', 'writers=2', '--set', 'readers=2'],
    ]

    static List<String> bundled() {
        new File(Cli.root(), 'scenarios').listFiles().findAll { it.name.endsWith('.groovy') }*.name.sort()
    }

    def "bundled scenario #name runs for 5 s with --no-tui and exits 0 with real counts, and HdrHistogram's HistogramLogProcessor reads its latency.hlog fully"() {
        when:
        def out = tmp.resolve(name)
        def r = Cli.run(['run', Cli.scenario(name), '--duration', '5s', '--no-tui', '--out', out.toString(),
                         *extra(name)] as String[])
        def json = new ObjectMapper().readTree(out.resolve('summary.json').toFile())

        then:
        // HdrHistogram's own tool, as the README says to call it, counts every sample of every operation
        // (tags are operation names with spaces etc. as `_`, e.g. `readers lag` → `readers_lag`)
        def counts = json.get('operations').fields().collectEntries { [(it.key): it.value.get('count').asLong()] }
        counts.collectEntries { op, n ->
            [(op): processorTotalCount(out.resolve('latency.hlog'), op.replaceAll(/[^A-Za-z0-9_.-]/, '_'))] } == counts
        r.err == ''
        // exit 0, or exit 1 when the only thresholds that failed are latency percentiles: those depend on
        // how busy the machine is (a 2-core CI runner shared with other work), error rates and counts do not
        passedOrOnlyLatencyMissed(r.exit, json)
        json.get('exitCode').asInt() == r.exit
        json.get('operations').fields().collect { it.value.get('count').asLong() }.sum() > 0
        Files.readAllLines(out.resolve('timeline.csv')).size() >= 1 + 4 // the header, then a row per operation per second
        r.out.readLines().count { it.startsWith('[') } >= 4                // one plain line per interval

        where:
        name << bundled()
    }

    /** Exit 0; or exit 1 with every failed threshold a latency percentile ({@code p99('x') < 2s}), said on stderr. */
    static boolean passedOrOnlyLatencyMissed(int exit, json) {
        if (exit == 0) return true
        def failed = json.get('thresholds').findAll { !it.get('passed').asBoolean() }*.get('expression')*.asText()
        if (exit != 1 || failed.isEmpty() || !failed.every { it ==~ /p\d+(\.\d+)?\(.*/ }) return false
        System.err.println("note: latency threshold(s) missed on this machine, accepted: ${failed}")
        true
    }

    /** {@code HistogramLogProcessor -i HLOG -tag TAG} in a JVM of its own, on the HdrHistogram jar alone: its "Total count". */
    static long processorTotalCount(Path hlog, String tag) {
        def java = new File(System.getProperty('java.home'), 'bin/java').path
        def jar = new File(org.HdrHistogram.HistogramLogProcessor.protectionDomain.codeSource.location.toURI()).path
        def p = new ProcessBuilder(java, '-cp', jar, 'org.HdrHistogram.HistogramLogProcessor', '-i', hlog.toString(), '-tag', tag)
                .redirectErrorStream(true).start()
        def text = p.inputStream.text
        assert p.waitFor(120, java.util.concurrent.TimeUnit.SECONDS) && p.exitValue() == 0: text
        def m = text =~ /Total count\s*=\s*(\d+)/
        assert m.find(): text
        m.group(1) as long
    }

    def "check exits 0 on every bundled scenario"() {
        expect:
        Cli.run('check', Cli.scenario(name)).exit == 0

        where:
        name << bundled()
    }
}
