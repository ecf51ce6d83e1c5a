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
