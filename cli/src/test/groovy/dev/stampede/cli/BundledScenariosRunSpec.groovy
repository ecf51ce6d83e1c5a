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
    ]

    static List<String> bundled() {
        new File(Cli.root(), 'scenarios').listFiles().findAll { it.name.endsWith('.groovy') }*.name.sort()
    }

    def "bundled scenario #name runs for 5 s with --no-tui and exits 0 with real counts, and HdrHistogram's HistogramLogProcessor reads its latency.hlog fully"() {
        when:
        def out = tmp.resolve(name)
        def r = Cli.run(['run', Cli.scenario(name), '--duration', '5s', '--no-tui', '--out', out.toString(),
                         *SMALLER.getOrDefault(name, [])] as String[])
        def json = new ObjectMapper().readTree(out.resolve('summary.json').toFile())

        then:
        // HdrHistogram's own tool, as the README says to call it, counts every sample of every operation
        // (tags are operation names with spaces etc. as `_`, e.g. `readers lag` → `readers_lag`)
        def counts = json.get('operations').fields().collectEntries { [(it.key): it.value.get('count').asLong()] }
        counts.collectEntries { op, n ->
            [(op): processorTotalCount(out.resolve('latency.hlog'), op.replaceAll(/[^A-Za-z0-9_.-]/, '_'))] } == counts
        r.err == ''
        r.exit == 0
        json.get('exitCode').asInt() == 0
        json.get('operations').fields().collect { it.value.get('count').asLong() }.sum() > 0
        Files.readAllLines(out.resolve('timeline.csv')).size() >= 1 + 4 // the header, then a row per operation per second
        r.out.readLines().count { it.startsWith('[') } >= 4                // one plain line per interval

        where:
        name << bundled()
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
