package dev.stampede.cli

import dev.stampede.report.HtmlReport
import spock.lang.Specification

import java.nio.file.Files
import java.nio.file.Path

/**
 * The start-up cache's training run (`aot-training`, hidden): it checks the scenario and draws the
 * bundled result folder's report, prints nothing, leaves no folder behind, and answers check's exit code.
 */
class CacheTrainingSpec extends Specification {

    def "the training run checks the scenario, draws the bundled report and leaves nothing behind"() {
        given:
        def tmp = Path.of(System.getProperty('java.io.tmpdir'))
        def before = leftovers(tmp)

        when:
        def r = Cli.run('aot-training', Cli.scenario('churn.groovy'))

        then:
        r.exit == 0
        r.out == ''
        r.err == ''
        noLeftoversBeyond(tmp, before)
    }

    def "a scenario that does not compile gives check's exit code, and the report is drawn all the same"() {
        given:
        def bad = Files.createTempFile('bad-', '.groovy')
        Files.writeString(bad, "scenario('x') {\n  workers 'many\n}\n")

        when:
        def r = Cli.run('aot-training', bad.toString())

        then:
        r.exit == 2
        r.err == ''

        cleanup:
        Files.deleteIfExists(bad)
    }

    def "the bundled result folder is a complete one: the report of it has every chart of a churn run"() {
        given:
        def dir = Files.createTempDirectory('fixture-')
        CacheTraining.FIXTURE.each { name ->
            CacheTraining.getResourceAsStream("training/$name").withCloseable { Files.copy(it, dir.resolve(name)) }
        }

        when:
        def written = HtmlReport.write(dir)
        def html = Files.readString(dir.resolve('report.html'))

        then:
        written*.fileName*.toString().containsAll(['report.html', 'histogram.png'])
        html.contains('churn')
        html.count('data:image/png;base64,') >= 4

        cleanup:
        dir.toFile().deleteDir()
    }

    /**
     * True once no training folder is in {@code tmp} that was not there before. Compared as sets and waited for
     * (30 s): the temporary folder is the machine's, and a training run of another process (a launcher making its
     * cache) may come and go meanwhile; one this run left would stay.
     */
    private static boolean noLeftoversBeyond(Path tmp, List<String> before) {
        long deadline = System.nanoTime() + 30_000_000_000L
        while (System.nanoTime() < deadline) {
            if ((leftovers(tmp) - before).isEmpty()) return true
            Thread.sleep(100)
        }
        (leftovers(tmp) - before).isEmpty()
    }

    private static List<String> leftovers(Path tmp) {
        Files.list(tmp).withCloseable { s -> s.map { it.fileName.toString() }.filter { it.startsWith('stampede-training-') }.sorted().toList() }
    }
}
