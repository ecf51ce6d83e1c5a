package dev.stampede.dsl

import spock.lang.Unroll

import java.nio.file.Files
import java.nio.file.Path

/** Every bundled scenario compiles into a plan, and reads as documentation: a one-line comment and a description. */
class ScenariosSpec extends CompilingSpec {

    static List<Path> bundled() {
        Files.list(Path.of('../scenarios')).withCloseable { s -> s.filter { it.toString().endsWith('.groovy') }.sorted().toList() }
    }

    def "the bundled scenarios include an example of each kind of workload"() {
        expect:
        bundled()*.fileName*.toString().containsAll(['churn.groovy', 'steady-reads.groovy', 'hold.groovy', 'write-mix.groovy', 'features.groovy'])
    }

    @Unroll
    def "scenarios/#name compiles into a plan, starts with a one-line comment and has a description"() {
        when:
        def plan = compiler.compile(file, "scenarios/$name", [:])
        def first = Files.readAllLines(file)[0]

        then:
        plan != null
        !plan.stages().isEmpty()
        first.startsWith('// ') && first.length() > 20
        !plan.description().isBlank()

        where:
        file << bundled()
        name = file.fileName.toString()
    }

    def "the bundled scenarios take their params from --set"() {
        expect:
        compiler.compile(Path.of('../scenarios/steady-reads.groovy'), 'steady-reads.groovy', [rate: '50', maxWorkers: '5'])
                .stages()[0].groups()[0].load().maxWorkers() == 5
        compiler.compile(Path.of('../scenarios/write-mix.groovy'), 'write-mix.groovy', [insertPercent: '100', keep: 'true'])
                .with { stages()[0].groups()[0].steps()[0].branches().size() == 1 && teardown().size() == 1 }
        compiler.compile(Path.of('../scenarios/hold.groovy'), 'hold.groovy', [connections: '10', batch: '5'])
                .stages()[0].groups()[0].load().connections() == 10
    }
}
