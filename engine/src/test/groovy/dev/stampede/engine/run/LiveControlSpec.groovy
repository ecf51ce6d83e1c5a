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
        // an iteration that passed the gate just before the pause may stamp its start a little later on a busy machine
        def during = seen.findAll { it[0] > pausedAt + 500 && it[0] < resumedAt }
        double pausedFor = (resumedAt - pausedAt) / 1000d // observed: at least 2.5 s, more when a sleeper woke late

        then: 'no iteration started while paused'
        during.isEmpty()
        and: 'an interval spent wholly paused shows no load, and says it was paused'
        snapshots.any { it.live().paused() && it.operations().find { it.name() == 'probe' }.count() == 0 }
        and: 'the pause is in the summary, and the rate counts only the time under load'
        (summary.findings().pausedSeconds as double) >= pausedFor - 0.05
        (summary.findings().pausedSeconds as double) < pausedFor + 1.0
        summary.findings().liveControl*.kind == ['pause', 'resume']
        probe.ratePerSecond() > 1.3 * probe.count() / (summary.elapsed().toMillis() / 1000d)
        control.state() == RunState.DONE
    }

    def "a sweep's pause between levels is the SETTLING state, its time left counting down, then the next level runs"() {
        given:
        def where = SourceRef.file('live.groovy')
        // each level 1.5 s: long enough for the watcher (polling every 10 ms) to see it run on a busy machine
        def level = { int w, Duration settle -> new Stage("$w workers", Duration.ofMillis(1500), [new Group('g', new ClosedLoop(w), [probe(5)], where)],
                Optional.empty(), Optional.of(new SweepLevel('g', SweepLevel.WORKERS, w, settle))) }
        def swept = new Plan('live', '', where, [:], TargetSpec.DEFAULT, [level(1, Duration.ZERO), level(2, Duration.ofSeconds(2))])
        List<RunState> states = new CopyOnWriteArrayList<>()
        Duration left = null

        when: 'the state is watched while it runs (polled, with a deadline)'
        def summary = run(swept) {
            long deadline = System.nanoTime() + 120_000_000_000L
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
        when: 'each level is held 3 s, and only its last 2 s are looked at: a busy machine starts and retires workers late'
        def changes = []
        long up = 0
        long down = 0
        long end = 0
        def summary = run(plan(new ClosedLoop(2), Duration.ofMillis(8000), [probe(20)])) {
            at(600)
            up = now()
            changes << control.scale('g', 2.0).get().text()
            at(up + 3000)
            down = now()
            changes << control.scale('g', 0.5).get().text()
            at(down + 3000)
            end = now()
        }
        def threads = { long from, long to -> seen.findAll { it[0] >= from && it[0] < to }.collect { it[1] }.toSet().size() }

        then:
        changes == ["group 'g': workers 2 → 4", "group 'g': workers 4 → 2"]
        threads(0, up) == 2
        threads(up + 1000, down) == 4
        and: 'the retired workers finish the iteration they were in, then stop'
        threads(down + 1000, end) == 2
        summary.findings().liveControl*.text == changes
    }

    def "a small factor still moves the worker count by one, never below one"() {
        given:
        def group = null
        def summary = run(plan(new ClosedLoop(1), Duration.ofMillis(1500), [probe(20)])) {
            // polled while the stage runs (a fixed moment could fall after its end on a busy machine)
            long deadline = System.nanoTime() + 30_000_000_000L
            while (group == null && control.state() != RunState.DONE && System.nanoTime() < deadline) {
                group = control.liveGroups().find { it.name() == 'g' }
                Thread.sleep(5)
            }
        }

        expect: 'the group left the control when its stage ended'
        group instanceof LiveGroup
        control.liveGroups().isEmpty()
        control.scale('g', 1.1).isEmpty()
        summary != null
    }

    /** Millis (run clock) of the first iteration: the stage's start, as the open model's schedule starts with it. */
    long firstIteration() {
        long deadline = System.nanoTime() + 60_000_000_000L
        while (seen.isEmpty() && System.nanoTime() < deadline) Thread.sleep(5)
        assert !seen.isEmpty()
        seen[0][0] as long
    }

    def "+ raises the arrival rate of an open group from the next arrival on"() {
        when: 'the rate doubles about 1 s into the stage; the moment is observed, as a busy machine may wake the steering late'
        def change = null
        long start = 0, before = 0, after = 0
        def summary = run(plan(new ArrivalRate(100, 20), Duration.ofSeconds(3), [probe(1)])) {
            start = firstIteration()
            at(start + 1000)
            before = now()
            change = control.scale('g', 2.0).get().text()
            after = now()
        }
        def probe = summary.operations().find { it.name() == 'probe' }
        long count = probe.count()
        double m = probe.count() / probe.ratePerSecond() // the stage's measured seconds (a late stop adds a little)
        // 100/s until the change, 200/s after it, over the measured time
        def due = { long changedAt -> 100 * (changedAt - start) / 1000d + 200 * (m - (changedAt - start) / 1000d) }

        then: 'about 100/s for 1 s, then 200/s for 2 s: some 500 arrivals'
        change == "group 'g': rate 100.0/s → 200.0/s"
        before - start < (m - 1) * 1000 // the change came with a second or more of the stage left
        // never ahead of the schedule; at most 10 % behind it (a scheduler a busy machine starves lags a little)
        count >= 0.9 * due(after) - 10
        count <= due(before) + 20
        and: 'well above the 100/s of a rate left alone'
        count > 100 * m + 60
    }

    def "a paused open group skips the arrivals due while paused instead of catching up in a burst"() {
        when: 'paused for at least 1 s, about 1 s into a 4 s stage; the pause is observed from both sides'
        long p0 = 0, p1 = 0, r0 = 0, r1 = 0
        def summary = run(plan(new ArrivalRate(100, 20), Duration.ofSeconds(4), [probe(1)])) {
            long start = firstIteration()
            at(start + 1000)
            p0 = now()
            control.pause()
            p1 = now()
            at(p1 + 1000)
            r0 = now()
            control.resume()
            r1 = now()
        }
        def probe = summary.operations().find { it.name() == 'probe' }
        long count = probe.count()
        // the rate's time leaves the pause out: the arrivals due are 100/s over the time under load
        double underLoad = count / probe.ratePerSecond()
        double pausedMin = (r0 - p1) / 1000d, pausedMax = (r1 - p0) / 1000d

        then: 'the pause is known within what the steering itself observed'
        (summary.findings().pausedSeconds as double) >= pausedMin - 0.01
        (summary.findings().pausedSeconds as double) <= pausedMax + 0.01
        and: 'the arrivals kept to 100/s of the time under load: none of the 100 or more due while paused were made up'
        underLoad >= 2.9
        count >= 0.9 * 100 * underLoad - 10
        count <= 100 * underLoad + 20
        count <= 100 * (underLoad + pausedMin) - 75 // what catching up would have made
    }

    def "a stop ends a pause, and waiting for a paused run to resume returns false then"() {
        given:
        control.pause()
        def waited = null
        def waiter = Thread.startVirtualThread { waited = control.awaitRunning() }

        when:
        Thread.sleep(200)
        control.requestStop(StopReason.INTERRUPTED, 'q')
        waiter.join(30_000)

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
