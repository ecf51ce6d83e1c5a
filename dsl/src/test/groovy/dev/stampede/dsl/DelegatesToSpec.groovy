package dev.stampede.dsl

import groovy.lang.DelegatesTo
import spock.lang.Unroll

import java.lang.reflect.Modifier

/** Editor support: every word that takes a block says what the block is delegated to, so an IDE completes inside it. */
class DelegatesToSpec extends CompilingSpec {

    static List<List> blockParameters() {
        [ScenarioScript, ScenarioBuilder, StagesBuilder, StageBuilder, GroupBuilder, StepsBuilder, MixBuilder,
         ExpectBuilder, SafetyBuilder, Units].collectMany { Class k ->
            k.declaredMethods.findAll { Modifier.isPublic(it.modifiers) && !it.synthetic }.collectMany { m ->
                m.parameters.findAll { it.type == Closure }.collect { p -> [k.simpleName + '.' + m.name, p] }
            }
        }
    }

    def "there are block-taking words to check"() {
        expect:
        blockParameters()*.get(0).containsAll(['ScenarioScript.scenario', 'ScenarioBuilder.group', 'ScenarioBuilder.stages',
                'ScenarioBuilder.expect', 'ScenarioBuilder.at', 'StagesBuilder.stage', 'GroupBuilder.loop',
                'StepsBuilder.transaction', 'StepsBuilder.mix', 'StepsBuilder.timed', 'Units.percent'])
    }

    @Unroll
    def "#word declares what its block is delegated to"() {
        expect:
        def delegatesTo = parameter.getAnnotation(DelegatesTo)
        delegatesTo != null && delegatesTo.value() != DelegatesTo.Target

        where:
        [word, parameter] << blockParameters()
    }
}
