package dev.stampede.engine.run

import dev.stampede.engine.config.Settings
import dev.stampede.engine.metrics.Metrics
import dev.stampede.engine.plan.ClosedLoop
import dev.stampede.engine.plan.Group
import dev.stampede.engine.plan.Pause
import dev.stampede.engine.plan.Plan
import dev.stampede.engine.plan.SourceRef
import dev.stampede.engine.plan.Stage
import dev.stampede.engine.plan.Step
import dev.stampede.engine.plan.TargetSpec
import dev.stampede.engine.plan.Value
import dev.stampede.engine.result.RunControl
import dev.stampede.engine.result.StopReason
import dev.stampede.engine.session.Session
import dev.stampede.engine.session.Sessions
import dev.stampede.engine.session.StepRunner
import dev.stampede.engine.session.Target
import spock.lang.Specification

import java.time.Duration

/** A stage's own target: opened before it, kept while the next stages name the same one, closed after. */
class StageTargetsSpec extends Specification {

    static final SourceRef HERE = SourceRef.file('stages.groovy')

    /** A target that says when it is opened, used and closed. */
    static Target recording(String name, List<String> log) {
        new Target() {
            @Override
            Sessions sessions(Group group) {
                log << "use $name".toString()
                return { -> Session.NONE } as Sessions
            }

            @Override
            Optional<StepRunner> runner(Step step, Metrics metrics) {
                Optional.empty()
            }

            @Override
            String describe() {
                name
            }

            @Override
            void close() {
                log << "close $name".toString()
            }
        }
    }

    static Stage stage(String name, TargetSpec target) {
        new Stage(name, Duration.ofMillis(300), [new Group('g', new ClosedLoop(1), [new Pause(Value.of(Duration.ofMillis(5)))], HERE)],
                Optional.ofNullable(target))
    }

    def "each stage runs against its own target, reused while the next stage names the same one, all closed by the end"() {
        given:
        def log = Collections.synchronizedList([])
        def a = TargetSpec.tcp('127.0.0.1:1'), b = TargetSpec.tcp('127.0.0.1:2')
        def plan = new Plan('s', '', HERE, [:], TargetSpec.DEFAULT,
                [stage('one', a), stage('two', a), stage('three', b), stage('four', null)])
        def names = [(a): 'A', (b): 'B']

        when:
        def summary = new Runner(plan, recording('run', log), 'run', Settings.load(), [], new RunControl(), false)
                .stageTargets { spec -> log << "open ${names[spec]}".toString(); recording(names[spec], log) }
                .run()

        then:
        summary.stop().reason() == StopReason.COMPLETED
        log == ['open A', 'use A', 'use A', 'close A', 'open B', 'use B', 'close B', 'use run']
    }

    def "a stage target that cannot be opened aborts the run with one message naming the stage and the target"() {
        given:
        def plan = new Plan('s', '', HERE, [:], TargetSpec.DEFAULT, [stage('one', TargetSpec.tcp('127.0.0.1:1')), stage('two', null)])

        when:
        def summary = new Runner(plan, Target.NONE, 'none', Settings.load(), [], new RunControl(), false)
                .stageTargets { spec -> throw new IOException('worker JVM did not start') }
                .run()

        then:
        summary.stop().reason() == StopReason.ABORTED
        summary.stop().message() == "stage 'one': cannot open its target tcp(127.0.0.1:1): worker JVM did not start"
        summary.stages().isEmpty()
    }
}
