package dev.stampede.dsl

import dev.stampede.engine.plan.Group
import dev.stampede.engine.plan.Plan
import dev.stampede.engine.plan.StepContext
import spock.lang.Specification

import java.sql.Connection
import java.util.random.RandomGenerator

/** What the DSL specs share: compile a script as {@code x.groovy}, or collect its problems as lines. */
abstract class CompilingSpec extends Specification {

    ScenarioCompiler compiler = new ScenarioCompiler()

    Plan compile(String text, Map<String, String> sets = [:]) {
        compiler.compile(text.stripIndent(), 'x.groovy', 'x.groovy', sets)
    }

    List<String> problems(String text, Map<String, String> sets = [:]) {
        try {
            compile(text, sets)
            return []
        } catch (ScenarioException e) {
            return e.problems()*.toString()
        }
    }

    /** The only group of a scenario whose group block is {@code body}. */
    Group group(String body) {
        compile("scenario('s') {\n    group('g') {\n" + body.stripIndent() + "\n    }\n}").stages()[0].groups()[0]
    }

    /** A worker context for running user code in a spec: records what the code logs. */
    StepContext context(List<String> logs = [], Map<String, Object> params = [:]) {
        def random = new SplittableRandom(42)
        [connection: { -> null as Connection },
         random    : { -> random as RandomGenerator },
         param     : { String n -> params[n] },
         log       : { String m -> logs << m }] as StepContext
    }
}
