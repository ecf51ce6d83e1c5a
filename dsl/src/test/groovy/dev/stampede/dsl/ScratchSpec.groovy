package dev.stampede.dsl

import spock.lang.Specification

class ScratchSpec extends Specification {
    def "scratch"() {
        when:
        def out = new StringBuilder()
        new File('/tmp/scratch.groovy').text.split('#####\n').each { text ->
            try {
                def plan = new ScenarioCompiler().compile(text, 'x.groovy', 'x.groovy', [:])
                out << dev.stampede.engine.output.PlanTree.render(plan)
            } catch (ScenarioException e) {
                out << e.message << '\n'
            } catch (Throwable t) {
                def sw = new StringWriter(); t.printStackTrace(new PrintWriter(sw)); out << "CRASH " << sw << '\n'
            }
            out << '-----\n'
        }
        new File('/tmp/scratch.out').text = out.toString()
        then:
        true
    }
}
