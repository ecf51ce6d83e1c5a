package dev.stampede.engine.run

import dev.stampede.engine.live.LiveGroup
import dev.stampede.engine.live.RunState
import dev.stampede.engine.metrics.IntervalSnapshot
import dev.stampede.engine.output.Output
import dev.stampede.engine.plan.*
import dev.stampede.engine.result.RunControl
import dev.stampede.engine.result.RunSummary
import dev.stampede.engine.result.StopReason

import java.time.Duration
import java.util.concurrent.CopyOnWriteArrayList

/** Pause/resume and live changes of workers and rate, as the dashboard's p, + and - keys use them. */
class LiveControlSpec extends EmbeddedSpec {

    def control = new RunControl()
    List<IntervalSnapshot> snapshots = new CopyOnWriteArrayList<>()
    Output collect = { IntervalSnapshot s -> snapshots << s } as Output
    /** (run-relative millis, thread name) of every probe iteration. */
    List<List> seen = new CopyOnWriteArrayList<>()
    long t0 = System.nanoTime()

    Timed probe(long sleepMillis) {
        new Timed('probe', new UserCode() {
            void run(StepContext ctx) {
                seen << [(System.nanoTime() - t0).intdiv(1_000_000), Thread.currentThread().name]
                Thread.sleep(sleepMillis)
            }

            SourceRef where() { SourceRef.file('live.groovy') }
        })
    }

    Plan plan(LoadModel load, Duration d, List<Step> steps) {
        new Plan('live', '', SourceRef.file('live.groovy'), [:], TargetSpec.DEFAULT,
                [new Stage('live', d, [new Group('g', load, steps, SourceRef.file('live.groovy'))])])
    }

    /** Runs {@code plan} on a thread of its own; {@code steer} runs meanwhile, its clock starting with the run's. */
    RunSummary run(Plan plan, Closure steer) {
        def runner = new Runner(plan, target, 'embedded', settings, [collect], control, false)
        RunSummary summary = null
        def thread = Thread.startVirtualThread {
            t0 = System.nanoTime()
            summary = runner.run()
        }
        steer()
        thread.join()
        summary
    }

    /** Sleeps until {@code millis} after the run's start. */
    void at(long millis) {
        long left = millis - now()
        if (left > 0) Thread.sleep(left)
    }

    /** Millis since the run's start (a busy machine may wake a sleeper late: specs use the times observed). */
    long now() {
        (System.nanoTime() - t0).intdiv(1_000_000)
    }

    def "pause holds back every new iteration of a closed loop; the paused time is recorded and left out of rates"() {
        when:
        long pausedAt = 0
        long resumedAt = 0
        def summary = run(plan(new ClosedLoop(2), Duration.ofMillis(5000), [probe(10)])) {
            at(500)
            assert control.pause()
            pausedAt = now()
            at(pausedAt + 2500)
            resumedAt = now()
            assert control.resume()
        }
        def probe = summary.operations().find { it.name() == 'probe' }
        def during = seen.findAll { it[0] > pausedAt + 20 && it[0] < resumedAt }

        then: 'no iteration started while paused'
        during.isEmpty()
        and: 'an interval spent wholly paused shows no load, and says it was paused'
        snapshots.any { it.live().paused() && it.operations().find { it.name() == 'probe' }.count() == 0 }
        and: 'the pause is in the summary, and the rate counts only the time under load'
        (summary.findings().pausedSeconds as double) > 2.0
        (summary.findings().pausedSeconds as double) < 3.5
        summary.findings().liveControl*.kind == ['pause', 'resume']
        probe.ratePerSecond() > 1.3 * probe.count() / (summary.elapsed().toMillis() / 1000d)
        control.state() == RunState.DONE
    }

    def "a sweep's pause between levels is the SETTLING state, its time left counting down, then the next level runs"() {
        given:
        def where = SourceRef.file('live.groovy')
        def level = { int w, Duration settle -> new Stage("$w workers", Duration.ofMillis(400), [new Group('g', new ClosedLoop(w), [probe(5)], where)],
                Optional.empty(), Optional.of(new SweepLevel('g', SweepLevel.WORKERS, w, settle))) }
        def swept = new Plan('live', '', where, [:], TargetSpec.DEFAULT, [level(1, Duration.ZERO), level(2, Duration.ofSeconds(2))])
        List<RunState> states = new CopyOnWriteArrayList<>()
        Duration left = null

        when: 'the state is watched while it runs (polled, with a deadline)'
        def summary = run(swept) {
            long deadline = System.nanoTime() + 20_000_000_000L
            while (System.nanoTime() < deadline && control.state() != RunState.DONE) {
                def st = control.state()
                if (states.isEmpty() || states.last() != st) states << st
                if (st == RunState.SETTLING && left == null) left = control.settleLeft()
                Thread.sleep(10)
            }
        }

        then:
        summary.stages()*.stage() == ['1 workers', '2 workers']
        states.indexOf(RunState.SETTLING) > states.indexOf(RunState.RUNNING)
        states.lastIndexOf(RunState.RUNNING) > states.indexOf(RunState.SETTLING)
        left != null && left > Duration.ZERO && left <= Duration.ofSeconds(2)
        control.settleLeft() == Duration.ZERO
        control.events()*.kind.contains('settle')
    }

    def "+ adds workers to a running closed loop and - retires them, each change recorded as an event"() {
        when:
        def changes = []
        long up = 0
        long down = 0
        def summary = run(plan(new ClosedLoop(2), Duration.ofMillis(4000), [probe(20)])) {
            at(600)
            up = now()
            changes << control.scale('g', 2.0).get().text()
            at(up + 1200)
            down = now()
            changes << control.scale('g', 0.5).get().text()
        }
        def threads = { long from, long to -> seen.findAll { it[0] >= from && it[0] < to }.collect { it[1] }.toSet().size() }

        then:
        changes == ["group 'g': workers 2 → 4", "group 'g': workers 4 → 2"]
        threads(0, up) == 2
        threads(up + 300, down) == 4
        and: 'the retired workers finish the iteration they were in, then stop'
        threads(down + 300, 4000) == 2
        summary.findings().liveControl*.text == changes
    }

    def "a small factor still moves the worker count by one, never below one"() {
        given:
        def group = null
        def summary = run(plan(new ClosedLoop(1), Duration.ofMillis(1500), [probe(20)])) {
            at(500)
            group = control.liveGroups().find { it.name() == 'g' }
        }

        expect: 'the group left the control when its stage ended'
        group instanceof LiveGroup
        control.liveGroups().isEmpty()
        control.scale('g', 1.1).isEmpty()
        summary != null
    }

    def "+ raises the arrival rate of an open group from the next arrival on"() {
        when:
        def change = null
        def summary = run(plan(new ArrivalRate(100, 20), Duration.ofSeconds(3), [probe(1)])) {
            at(1000)
            change = control.scale('g', 2.0).get().text()
        }
        def count = summary.operations().find { it.name() == 'probe' }.count()

        then: '100/s for 1 s, then 200/s for 2 s'
        change == "group 'g': rate 100.0/s → 200.0/s"
        count > 420
        count < 560
    }

    def "a paused open group skips the arrivals due while paused instead of catching up in a burst"() {
        when:
        def summary = run(plan(new ArrivalRate(100, 20), Duration.ofSeconds(3), [probe(1)])) {
            at(1000)
            control.pause()
            at(2000)
            control.resume()
        }
        def count = summary.operations().find { it.name() == 'probe' }.count()

        then:
        count > 160
        count < 235
    }

    def "a stop ends a pause, and waiting for a paused run to resume returns false then"() {
        given:
        control.pause()
        def waited = null
        def waiter = Thread.startVirtualThread { waited = control.awaitRunning() }

        when:
        Thread.sleep(200)
        control.requestStop(StopReason.INTERRUPTED, 'q')
        waiter.join(5000)

        then:
        waited == false
        !control.pause() // nothing to pause once stopping
    }

    def "togglePause pauses and resumes, counting the paused time"() {
        expect:
        control.togglePause()
        control.paused()
        !control.togglePause()
        !control.paused()
        control.events()*.kind == ['pause', 'resume']
        control.pausedTotal() > Duration.ZERO
    }
}
