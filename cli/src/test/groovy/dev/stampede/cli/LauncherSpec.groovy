package dev.stampede.cli

import spock.lang.Requires
import spock.lang.Shared
import spock.lang.Specification
import spock.lang.TempDir
import spock.lang.Timeout

import java.nio.file.Files
import java.nio.file.Path
import java.nio.file.StandardCopyOption
import java.util.concurrent.TimeUnit

/**
 * The `./stampede` launcher and its start-up cache, on a copy of the launcher beside a copy of the
 * built jar (so the real one is never touched): the cache is made once per jar and used after that,
 * made anew when the jar changes, and a missing or broken cache never breaks a command.
 * Runs after `package` (failsafe), since it needs the fat jar.
 */
@Timeout(600)
class LauncherSpec extends Specification {

    @Shared Path project = locateProject()
    @TempDir Path home

    def setup() {
        Files.createDirectories(home.resolve('.mvn'))
        Files.createDirectories(home.resolve('cli/target'))
        Files.createDirectories(home.resolve('scenarios'))
        copy('stampede')
        copy('.mvn/find-jdk')
        copy('scenarios/churn.groovy')
        copy('cli/target/stampede.jar')
        // newer than the folders just made, so the launcher takes the jar as built from them
        home.resolve('cli/target/stampede.jar').toFile().setLastModified(System.currentTimeMillis() + 60_000)
    }

    def "the first command makes the start-up cache, later ones use it, and the output stays the command's own"() {
        when:
        def first = launch('--version')

        then:
        first.exit == 0
        first.out.trim() ==~ /stampede \S+ \(Java .+\)/
        caches().size() == 1

        when:
        def second = launch(['STAMPEDE_JAVA_OPTS': cacheLogOption()], '--version')

        then:
        second.exit == 0
        second.out.contains('stampede ')
        second.err =~ usedCache()
        !second.err.contains('preparing the start-up cache')
    }

    @Requires({ Runtime.version().feature() >= 25 })
    def "the cache is trained on drawing a report too: `report DIR` takes XChart's classes from it"() {
        given:
        launch('--version')
        def dir = Files.createDirectories(home.resolve('results/churn'))
        CacheTraining.FIXTURE.each { name ->
            Files.copy(project.resolve("cli/src/main/resources/dev/stampede/cli/training/$name"), dir.resolve(name))
        }

        when:
        def r = launch(['STAMPEDE_JAVA_OPTS': '-Xlog:class+load=info:stdout'], 'report', dir.toString())

        then:
        r.exit == 0
        r.out.contains("wrote ${dir.resolve('report.html')}")
        r.out =~ /org\.knowm\.xchart\.XYChart source: shared objects file/
        r.out =~ /javax\.imageio\.ImageIO source: shared objects file/
    }

    def "a rebuilt jar gets a new cache in place of the old one"() {
        given:
        launch('--version')
        def before = caches()

        when:
        def jar = home.resolve('cli/target/stampede.jar').toFile()
        jar.setLastModified(jar.lastModified() + 5_000)
        def after = launch('--version')

        then:
        after.exit == 0
        caches().size() == 1
        caches() != before
    }

    def "a broken or foreign cache file costs only speed"() {
        given:
        launch('--version')
        caches().each { Files.writeString(it, 'not a cache at all') }

        when:
        def r = launch('check', home.resolve('scenarios/churn.groovy').toString())

        then:
        r.exit == 0
        r.out.contains("scenario 'churn'")
    }

    def "STAMPEDE_AOT=off starts without a cache"() {
        when:
        def r = launch(['STAMPEDE_AOT': 'off'], '--version')

        then:
        r.exit == 0
        caches().isEmpty()
    }

    def "check and run take a scenario seen before from the compiled-scenario cache: Groovy's parser is not loaded, the output is the same"() {
        given: 'no start-up cache, so the class-load log shows what each command really loads'
        def env = ['STAMPEDE_AOT': 'off', 'STAMPEDE_JAVA_OPTS': '-Xlog:class+load=info:file=' + home.resolve('classes.log')]
        def churn = home.resolve('scenarios/churn.groovy').toString()

        when:
        def first = launch(env, 'check', churn)
        def firstLoaded = loaded()

        then:
        first.exit == 0
        first.out.startsWith("scenario 'churn'")
        firstLoaded.contains(PARSER)
        entries().size() == 1

        when:
        def second = launch(env, 'check', churn)

        then:
        second.exit == 0
        second.out == first.out
        !loaded().contains(PARSER)
        entries().size() == 1

        when: 'run, against a TCP server the scenario starts itself'
        def tiny = home.resolve('scenarios/tiny.groovy')
        Files.writeString(tiny, TINY)
        def run1 = launch(env, 'run', tiny.toString(), '--no-tui', '--out', home.resolve('out1').toString())
        def run1Parsed = loaded().contains(PARSER)
        def run2 = launch(env, 'run', tiny.toString(), '--no-tui', '--out', home.resolve('out2').toString())

        then:
        run1.exit == 0 && run2.exit == 0
        run1Parsed
        !loaded().contains(PARSER)
        Files.exists(home.resolve('out2/summary.json'))
        entries().size() == 2
    }

    def "an edited scenario or a rebuilt jar is compiled anew; the rebuilt jar's entries replace the old ones"() {
        given:
        def env = ['STAMPEDE_AOT': 'off', 'STAMPEDE_JAVA_OPTS': '-Xlog:class+load=info:file=' + home.resolve('classes.log')]
        def churn = home.resolve('scenarios/churn.groovy')
        launch(env, 'check', churn.toString())
        def before = entries()

        when:
        Files.writeString(churn, Files.readString(churn).replace("param 'workers', 10", "param 'workers', 7"))
        def edited = launch(env, 'check', churn.toString())

        then:
        edited.exit == 0
        edited.out.contains('workers = 7')
        loaded().contains(PARSER)
        entries().size() == 2

        when:
        def jar = home.resolve('cli/target/stampede.jar').toFile()
        jar.setLastModified(jar.lastModified() + 5_000)
        def rebuilt = launch(env, 'check', churn.toString())

        then:
        rebuilt.exit == 0
        loaded().contains(PARSER)
        entries().size() == 1
        before.every { !Files.exists(it) }
    }

    def "a damaged entry, a folder that cannot be written, or STAMPEDE_SCENARIO_CACHE=off never breaks check or run"() {
        given:
        def churn = home.resolve('scenarios/churn.groovy').toString()
        def plain = launch(['STAMPEDE_AOT': 'off', 'STAMPEDE_SCENARIO_CACHE': 'off'], 'check', churn)
        def tiny = home.resolve('scenarios/tiny.groovy')
        Files.writeString(tiny, TINY)

        expect:
        plain.exit == 0
        entries().isEmpty()

        when:
        launch(['STAMPEDE_AOT': 'off'], 'check', churn)
        entries().each { Files.writeString(it, 'damaged') }
        def damaged = launch(['STAMPEDE_AOT': 'off'], 'check', churn)

        then:
        damaged.exit == 0
        damaged.out == plain.out
        damaged.err.isEmpty()
        !Arrays.equals(Files.readAllBytes(entries()[0]), 'damaged'.bytes)

        when: 'the cache folder is a file'
        def blocked = home.resolve('blocked')
        Files.writeString(blocked, 'in the way')
        def check = launch(['STAMPEDE_AOT': 'off', 'STAMPEDE_SCENARIO_CACHE': blocked.toString()], 'check', churn)
        def run = launch(['STAMPEDE_AOT': 'off', 'STAMPEDE_SCENARIO_CACHE': blocked.toString()], 'run', tiny.toString(), '--no-tui', '--out', home.resolve('out').toString())

        then:
        check.exit == 0
        check.out == plain.out
        check.err.isEmpty()
        run.exit == 0
        Files.exists(home.resolve('out/summary.json'))
    }

    /** A class only Groovy's parser loads: present when a scenario is compiled, absent when it comes from the cache. */
    static final String PARSER = 'org.apache.groovy.parser.antlr4.AstBuilder '

    /** A one-second run against a TCP server the scenario starts itself (no database needed). */
    static final String TINY = """\
        scenario('tiny') {
            target fibServer('sequential')
            duration 1.seconds
            group('one') {
                workers 1
                loop { request '1', expect: '1', name: 'fib1' }
            }
        }
        """.stripIndent()

    private String loaded() {
        def log = home.resolve('classes.log')
        Files.exists(log) ? Files.readString(log) : ''
    }

    private List<Path> entries() {
        def root = home.resolve('cli/target/scenarios')
        if (!Files.isDirectory(root)) return []
        Files.walk(root).withCloseable { s -> s.filter { it.fileName.toString().endsWith('.classes') }.sorted().toList() }
    }

    // --- helpers -------------------------------------------------------------------------------

    private boolean aot() { Runtime.version().feature() >= 25 }

    private String cacheLogOption() { aot() ? '-Xlog:aot=info:stderr' : '-Xlog:cds=info:stderr' }

    private def usedCache() { aot() ? /Opened AOT cache/ : /(?i)dynamic archive|Mapped dynamic region/ }

    private List<Path> caches() {
        Files.list(home.resolve('cli/target')).withCloseable { s ->
            s.filter { it.fileName.toString() ==~ /stampede-.*\.(aot|jsa)/ }.sorted().toList()
        }
    }

    private Map launch(Map<String, String> env = [:], String... args) {
        def pb = new ProcessBuilder([home.resolve('stampede').toString(), *args])
        pb.environment().put('JAVA_HOME', System.getProperty('java.home'))
        pb.environment().remove('STAMPEDE_JAVA_OPTS')
        pb.environment().remove('STAMPEDE_CACHE_DIR')
        pb.environment().remove('STAMPEDE_SCENARIO_CACHE')
        pb.environment().putAll(env)
        def p = pb.start()
        def err = new StringBuffer()
        def reader = Thread.start { err.append(p.errorStream.text) }
        def out = p.inputStream.text
        assert p.waitFor(300, TimeUnit.SECONDS)
        reader.join()
        [exit: p.exitValue(), out: out, err: err.toString()]
    }

    private void copy(String rel) {
        def target = home.resolve(rel)
        Files.copy(project.resolve(rel), target, StandardCopyOption.COPY_ATTRIBUTES)
    }

    private static Path locateProject() {
        Path dir = Path.of('').toAbsolutePath()
        while (dir != null && !Files.exists(dir.resolve('stampede'))) dir = dir.parent
        assert dir != null: 'the project folder (with ./stampede) above ' + Path.of('').toAbsolutePath()
        dir
    }
}
