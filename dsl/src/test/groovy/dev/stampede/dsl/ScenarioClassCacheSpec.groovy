package dev.stampede.dsl

import dev.stampede.engine.output.PlanTree
import spock.lang.Specification
import spock.lang.TempDir

import java.nio.file.Files
import java.nio.file.Path
import java.time.Duration

/**
 * The compiled-scenario cache: used when an entry is there, compiled anew when the text, the file name
 * or the build changes, never a failure when an entry is missing, damaged or cannot be written, and the
 * same diagnostics ({@code file:line:col}) with it as without it.
 */
class ScenarioClassCacheSpec extends Specification {

    @TempDir
    Path dir

    static final String CHURN = '''\
        scenario('churn') {
            param 'workers', 10
            duration 10.seconds
            group('churners') {
                workers param('workers')
                loop { connect() }
            }
            expect { errorRate() < 1.percent }
        }
        '''.stripIndent()

    ScenarioClassCache cache(String build = 'build A') {
        new ScenarioClassCache(dir.resolve('scenarios'), build)
    }

    static ScenarioCompiler compiler(ScenarioClassCache cache) {
        new ScenarioCompiler(false, Duration.ofSeconds(10), cache)
    }

    static String plan(ScenarioCompiler c, String text, Map<String, String> sets = [:]) {
        PlanTree.render(c.compile(text, 'scenarios/churn.groovy', 'churn.groovy', sets))
    }

    static List<String> problems(ScenarioCompiler c, String text) {
        try {
            c.compile(text, 'x.groovy', 'x.groovy', [:])
            return []
        } catch (ScenarioException e) {
            return e.problems()*.toString()
        }
    }

    List<Path> entries() {
        def root = dir.resolve('scenarios')
        if (!Files.isDirectory(root)) return []
        Files.walk(root).withCloseable { s -> s.filter { Files.isRegularFile(it) }.toList() }
    }

    def "the first compilation writes an entry, the next one is taken from it and gives the same plan"() {
        given:
        def c = cache()
        def uncached = plan(compiler(null), CHURN)

        when:
        def first = plan(compiler(c), CHURN)

        then:
        c.misses() == 1 && c.hits() == 0 && c.written() == 1
        entries().size() == 1
        first == uncached

        when: 'a new command (a new compiler and cache object on the same folder)'
        def again = cache()
        def second = plan(compiler(again), CHURN)

        then:
        again.hits() == 1 && again.misses() == 0 && again.written() == 0 && again.rejected() == 0
        second == uncached

        and: '--set still applies: params are read when the script runs, not when it compiles'
        plan(compiler(again), CHURN, [workers: '3']).contains("group 'churners': 3 worker(s)")
        again.hits() == 2
    }

    def "an edited scenario or another file name is compiled anew; a rebuilt jar compiles anew and removes the old build's entries"() {
        given:
        plan(compiler(cache()), CHURN)
        def oldBuild = entries()

        when:
        def edited = cache()
        def text = CHURN.replace('10.seconds', '20.seconds')
        def tree = plan(compiler(edited), text)

        then:
        edited.misses() == 1 && edited.hits() == 0 && edited.written() == 1
        tree.contains('20s')
        entries().size() == 2

        when:
        def renamed = cache()
        renamed.find(renamed.key('other.groovy', CHURN))

        then:
        renamed.misses() == 1

        when:
        def rebuilt = cache('build B')
        def afterRebuild = plan(compiler(rebuilt), CHURN)

        then:
        rebuilt.misses() == 1 && rebuilt.hits() == 0 && rebuilt.written() == 1
        afterRebuild == plan(compiler(null), CHURN)
        entries().size() == 1
        oldBuild.every { !Files.exists(it) }

        when:
        def next = cache('build B')
        plan(compiler(next), CHURN)

        then:
        next.hits() == 1
    }

    def "a damaged entry is ignored and written anew: #damage"() {
        given:
        plan(compiler(cache()), CHURN)
        Path entry = entries()[0]
        byte[] good = Files.readAllBytes(entry)
        Files.write(entry, spoil(good))

        when:
        def c = cache()
        def tree = plan(compiler(c), CHURN)

        then:
        tree == plan(compiler(null), CHURN)
        c.hits() == 0 && c.written() == 1
        (c.rejected() + c.misses()) == 1

        when: 'the entry written anew is used'
        def next = cache()
        plan(compiler(next), CHURN)

        then:
        next.hits() == 1 && next.rejected() == 0

        where:
        damage                      | spoil
        'empty'                     | { byte[] b -> new byte[0] }
        'truncated'                 | { byte[] b -> Arrays.copyOf(b, b.length.intdiv(2)) }
        'one byte flipped'          | { byte[] b -> byte[] x = b.clone(); x[x.length.intdiv(2)] ^= 0x55; x }
        'garbage'                   | { byte[] b -> ('not an entry ' * 50).bytes }
        'trailing bytes'            | { byte[] b -> Arrays.copyOf(b, b.length + 3) }
    }

    def "an entry whose classes do not load is ignored and compiled anew"() {
        given:
        def c = cache()
        String key = c.key('churn.groovy', CHURN)
        def broken = new CompiledScenario('churn', [churn: 'not a class file'.bytes], new CallPositions())
        Files.createDirectories(c.entry(key).parent)
        Files.write(c.entry(key), ScenarioClassCache.encode(broken, key))

        when:
        def tree = plan(compiler(c), CHURN)

        then:
        tree == plan(compiler(null), CHURN)
        c.rejected() == 1 && c.hits() == 0 && c.written() == 1
    }

    def "an entry stored under another key is not used"() {
        given:
        def c = cache()
        plan(compiler(c), CHURN)
        String other = CHURN.replace('10.seconds', '30.seconds')
        Files.copy(entries()[0], c.entry(c.key('churn.groovy', other)))

        when:
        def next = cache()
        def tree = plan(compiler(next), other)

        then:
        tree.contains('30s')
        next.rejected() == 1 && next.hits() == 0
    }

    def "a folder that cannot be written only costs the compilation"() {
        given: 'a file where the folder should be'
        Files.writeString(dir.resolve('scenarios'), 'in the way')
        def c = cache()

        when:
        def tree = plan(compiler(c), CHURN)

        then:
        tree == plan(compiler(null), CHURN)
        c.written() == 0 && c.hits() == 0
        Files.readString(dir.resolve('scenarios')) == 'in the way'
    }

    def "the problems of a scenario are the same, file:line:col, with and without the cache: #what"() {
        given:
        def without = problems(compiler(null), text)
        def c = cache()

        when:
        def first = problems(compiler(c), text)
        def second = problems(compiler(c), text)

        then:
        !without.isEmpty()
        without == expected
        first == expected
        second == expected
        c.hits() == (cachedToo ? 1 : 0)

        where:
        what                                   | cachedToo | text                                                                                                   || expected
        'a misspelt word (column from the compiler)' | true | "scenario('s') {\n  group {\n    wrkers 5\n    loop { connect() }\n  }\n}"                       || ["x.groovy:3:5: unknown word 'wrkers' in group 'group1' (did you mean `workers`?)"]
        'a misspelt unit'                      | true      | "scenario('s') {\n  duration 5.secnds\n  group { loop { connect() } }\n}"                             || ["x.groovy:2:14: unknown word 'secnds' after a number (did you mean `seconds`?)"]
        'a fault word the target cannot take'  | true      | "scenario('s') {\n  \n  group { loop { sql 'SELECT 1' } }\n  at(1.seconds) { failover() }\n}"      || ["x.groovy:4:19: failover() needs a target stampede controls, such as target cluster(replicas: 2) (the scenario's target is postgres(), which stampede cannot break on purpose)"]
        'a threshold as written'               | true      | "scenario('s') {\n  group { loop { connect() } }\n  expect { p99() < 1.seconds || errorRate() < 1 }\n}" || problems(compiler(null), "scenario('s') {\n  group { loop { connect() } }\n  expect { p99() < 1.seconds || errorRate() < 1 }\n}")
        'a syntax error (never cached)'        | false     | "scenario('s') {\n  group {\n"                                                                        || problems(compiler(null), "scenario('s') {\n  group {\n")
        'a refused call (never cached)'        | false     | "scenario('s') {\n  System.exit(1)\n}"                                                                 || problems(compiler(null), "scenario('s') {\n  System.exit(1)\n}")
    }

    def "a scenario of more than 64 KB is kept and found like any other"() {
        given:
        def big = CHURN + ('// ' + 'x' * 97 + '\n') * 800

        when:
        def first = cache()
        plan(compiler(first), big)
        def second = cache()
        def tree = plan(compiler(second), big)

        then:
        first.written() == 1
        second.hits() == 1
        tree == plan(compiler(null), CHURN)
    }

    def "a setting names the folder; empty or off means no cache"() {
        expect:
        ScenarioClassCache.of(setting).map { it.folder() }.orElse(null) == (expected == null ? null : Path.of(expected).toAbsolutePath())

        where:
        setting        || expected
        ''             || null
        '  '           || null
        'off'          || null
        'OFF'          || null
        null           || null
        '/tmp/x/cache' || '/tmp/x/cache'
    }
}
