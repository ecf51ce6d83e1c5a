package dev.stampede.engine.run;

import dev.stampede.engine.result.RunControl;

import dev.stampede.engine.session.AcknowledgedWrites;
import dev.stampede.engine.session.ServerConnections;
import dev.stampede.engine.session.Sessions;
import dev.stampede.engine.session.SetupSteps;
import dev.stampede.engine.session.Target;
import dev.stampede.engine.session.WrittenTables;
import dev.stampede.engine.result.Findings;
import dev.stampede.engine.result.OperationTotals;
import dev.stampede.engine.result.RunHeader;
import dev.stampede.engine.result.RunSummary;
import dev.stampede.engine.result.StageTotals;
import dev.stampede.engine.result.StopReason;
import dev.stampede.engine.session.WorkerContext;

import dev.stampede.engine.config.Settings;
import dev.stampede.engine.live.LiveStatus;
import dev.stampede.engine.live.RunState;
import dev.stampede.engine.metrics.IntervalSnapshot;
import dev.stampede.engine.metrics.LatencyStats;
import dev.stampede.engine.metrics.Metrics;
import dev.stampede.engine.metrics.ServerStatus;
import dev.stampede.engine.output.Output;
import dev.stampede.engine.plan.Plan;
import dev.stampede.engine.plan.Stage;
import org.HdrHistogram.Histogram;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Runs a {@link Plan}: stages in sequence, each stage's groups concurrently, one snapshot per interval
 * to every {@link Output}, then the summary.
 *
 * <p>The calling thread is the run's ticker: it sleeps until the next interval boundary (or a stop
 * request), closes the interval, and hands the snapshot to the outputs. At the end of a stage the
 * workers are stopped <em>before</em> the last snapshot, so every operation that completed is counted.
 * One run per instance.
 */
public final class Runner {

    private static final Logger log = LoggerFactory.getLogger(Runner.class);

    private final Plan plan;
    private final Target target;
    private final String targetDescription;
    private final Settings settings;
    private final List<Output> outputs;
    private final RunControl control;
    private final boolean monitorServer;
    private final Findings findings = new Findings();
    private final List<StageTotals> stageTotals = new ArrayList<>();
    private boolean ledgerIntact = true;
    private Target.Opener stageTargets = Target.Opener.NONE;

    public Runner(Plan plan, Target target, String targetDescription, Settings settings,
                  List<Output> outputs, RunControl control, boolean monitorServer) {
        this.plan = plan;
        this.target = target;
        this.targetDescription = targetDescription;
        this.settings = settings;
        // files first: what the console shows is already on disk (stable sort keeps the rest in order)
        this.outputs = outputs.stream().sorted(java.util.Comparator.comparing((Output o) -> !o.writesFiles())).toList();
        this.control = control;
        this.monitorServer = monitorServer;
    }

    /** How stages that name their own target ({@code stage('x') { target fibServer('event-loop') }}) open it. */
    public Runner stageTargets(Target.Opener opener) {
        this.stageTargets = opener;
        return this;
    }

    /** False when the ledger found acknowledged inserts missing after the run (or could not check). */
    public boolean ledgerIntact() {
        return ledgerIntact;
    }

    /** Where checks before and after the stages (safety, ledger) add what they found. */
    public Findings findings() {
        return findings;
    }

    public RunSummary run() {
        Metrics metrics = new Metrics(settings.histogramHighest(), settings.histogramDigits(), plan.operationNames());
        Instant startedAt = Instant.now();
        long runStart = System.nanoTime();
        Duration interval = settings.reportInterval();
        Duration planned = plan.duration();
        RunHeader header = new RunHeader(plan, targetDescription, startedAt);
        control.startClock(runStart);
        control.state(RunState.SETUP);
        each(o -> o.start(header));
        Optional<String> setupFailed = SetupSteps.run("setup", plan.setup(), target, settings, plan.params());
        setupFailed.ifPresent(msg -> control.requestStop(StopReason.ABORTED, msg));
        Optional<AcknowledgedWrites> ledger = target.capability(AcknowledgedWrites.class);
        ledger.ifPresent(AcknowledgedWrites::clear);
        // with a safety margin the watch reads the server often and stops the run from its own thread, at once:
        // workers stop opening connections before the server is full, not an interval later
        boolean watch = plan.safety().minFreeConnections() > 0;
        Optional<ServerConnections> serverConnections = target.capability(ServerConnections.class);
        Duration every = watch && SafetyCheck.WATCH_EVERY.compareTo(interval) < 0 ? SafetyCheck.WATCH_EVERY : interval;
        ServerConnections.Watch monitor = !monitorServer || setupFailed.isPresent() ? null
                : serverConnections.map(c -> c.watch(every, st -> SafetyCheck.breach(plan, st).ifPresent(msg -> {
                    if (control.requestStop(StopReason.ABORTED, msg)) {
                        log.warn(msg);
                        control.event("abort", msg);
                    }
                }))).orElse(null);
        // a multi-host target: each host's role and state every interval, its changes as run events
        Optional<dev.stampede.engine.session.HostStates> hostStates = target.capability(dev.stampede.engine.session.HostStates.class);
        hostStates.ifPresent(h -> h.onChange(control::event));
        Duration shutdown = Duration.ZERO;
        Duration measured = Duration.ZERO; // stage time under load: no set-up, warm-up or shutdown
        int abandoned = 0;
        List<Thread> events = setupFailed.isPresent() ? List.of() : startEvents(runStart);
        int stageNumber = 0;
        StageTarget own = new StageTarget();
        try {
            for (Stage stage : plan.stages()) {
                stageNumber++;
                if (control.stopRequested()) break;
                Target target = own.forStage(stage);
                if (target == null) break;
                log.info("stage '{}' starts: {} group(s) for {}", stage.name(), stage.groups().size(), stage.duration());
                Map<String, Histogram> before = new java.util.HashMap<>();
                Map<String, Long> errorsBefore = new java.util.HashMap<>();
                for (String op : metrics.operationNames()) {
                    before.put(op, metrics.cumulative(op));
                    errorsBefore.put(op, metrics.errorCounts(op).values().stream().mapToLong(Long::longValue).sum());
                }
                if (stageNumber > 1 && stage.settle().compareTo(Duration.ZERO) > 0) {
                    // a sweep's pause between levels: no load, so the server settles before the next level
                    control.event("settle", "pause " + dev.stampede.engine.output.Format.seconds(stage.settle()) + " before '" + stage.name() + "'");
                    control.settle(stage.settle());
                    if (sleepUntil(System.nanoTime() + stage.settle().toNanos())) break;
                }
                if (watch && monitor != null && stageRefused(stage, serverConnections.get())) break;
                StageRun run = new StageRun(stage, metrics, target, settings, plan.params(), findings, control);
                run.prepare();
                long stageStart = System.nanoTime();
                long stageEnd = stageStart + stage.duration().toNanos();
                long lastSnapshot = stageStart;
                Duration pausedBefore = control.pausedTotal();
                if (plan.stages().size() > 1) {
                    control.event("stage", "stage " + stageNumber + "/" + plan.stages().size() + " '" + stage.name() + "' starts");
                }
                control.state(RunState.RUNNING);
                run.start();
                for (long k = 1; ; k++) {
                    long tick = Math.min(stageStart + k * interval.toNanos(), stageEnd);
                    boolean stop = sleepUntil(tick);
                    boolean last = stop || System.nanoTime() >= stageEnd;
                    List<dev.stampede.engine.metrics.PoolStatus> poolsNow = run.pools();
                    if (last) {
                        control.state(RunState.STOPPING);
                        long t0 = System.nanoTime();
                        measured = measured.plusNanos(t0 - stageStart);
                        abandoned += run.stop(settings.shutdownGrace());
                        shutdown = shutdown.plusNanos(System.nanoTime() - t0);
                    }
                    long now = System.nanoTime();
                    Optional<ServerStatus> server = monitor == null ? Optional.empty() : monitor.latest();
                    // paused time is left out of the interval's rates
                    Duration pausedNow = control.pausedTotal();
                    long underLoad = Math.max(0, now - lastSnapshot - pausedNow.minus(pausedBefore).toNanos());
                    pausedBefore = pausedNow;
                    IntervalSnapshot counted = metrics.snapshot(Duration.ofNanos(now - runStart),
                            Duration.ofNanos(underLoad), planned, stage.name(), server).with(poolsNow, findings.status());
                    IntervalSnapshot snap = counted.with(new LiveStatus(control.state(), stageNumber, plan.stages().size(),
                            Duration.ofNanos(Math.min(now, stageEnd) - stageStart), stage.duration(), control.paused(),
                            pausedNow, control.events(),
                            dev.stampede.engine.threshold.Thresholds.during(plan.thresholds(), counted),
                            metrics.errorSamples(), control.levels()))
                            .withHosts(hostStates.map(dev.stampede.engine.session.HostStates::hosts).orElse(List.of()));
                    lastSnapshot = now;
                    each(o -> o.interval(snap));
                    if (!last) abortIfFailing(snap);
                    if (last) {
                        stageTotals.add(stageTotals(stage, metrics, before, errorsBefore,
                                Duration.ofNanos(System.nanoTime() - stageStart)));
                        break;
                    }
                }
            }
        } finally {
            events.forEach(Thread::interrupt);
            if (monitor != null) monitor.close();
            own.close();
        }
        Duration elapsed = Duration.ofNanos(System.nanoTime() - runStart);
        control.state(RunState.VERIFYING);
        ledgerIntact = ledger.map(l -> l.verifyInto(findings)).orElse(true);
        // faults injected on purpose (findings.failover); an asynchronous cluster may lose writes by design
        hostStates.map(dev.stampede.engine.session.HostStates::totals).filter(t -> !t.isEmpty()).ifPresent(t -> findings.put("hosts", t));
        boolean lossByDesign = target.capability(dev.stampede.engine.session.Faults.class).map(f -> f.reportInto(findings)).orElse(false);
        if (!ledgerIntact && !lossByDesign) findings.writesLost();
        Optional<WrittenTables> written = target.capability(WrittenTables.class);
        Map<String, Map<String, Object>> tables = written.map(w -> w.measure(plan)).orElse(Map.of());
        control.state(RunState.TEARDOWN);
        SetupSteps.run("teardown", plan.teardown(), target, settings, plan.params()).ifPresent(msg -> {
            log.warn(msg);
            findings.note(msg);
        });
        tables.forEach((table, size) -> {
            Boolean kept = written.get().exists(table);
            if (kept != null) size.put("keptAfterRun", kept);
            findings.note(String.format(java.util.Locale.ROOT, "table %s: %,d rows, %s after the run%s", table, (Long) size.get("rows"),
                    WrittenTables.bytes((Long) size.get("bytes")),
                    kept == null ? "" : kept ? " (kept)" : " (dropped at the end)"));
        });
        if (!tables.isEmpty()) findings.put("tables", tables);
        // only kinds the run counted: a failure caused by the shutdown itself is neither counted nor shown
        Map<String, String> samples = new java.util.TreeMap<>(metrics.errorSamples());
        java.util.Set<String> counted = new java.util.HashSet<>();
        metrics.operationNames().forEach(op -> metrics.errorCounts(op).forEach((k, v) -> { if (v > 0) counted.add(k); }));
        samples.keySet().retainAll(counted);
        if (!samples.isEmpty()) findings.put("errorSamples", samples);
        neverSucceeded(metrics);
        Duration paused = control.pausedTotal();
        if (!paused.isZero()) findings.put("pausedSeconds", Math.round(paused.toMillis() / 10.0) / 100.0);
        List<Map<String, Object>> controls = control.events().stream().filter(dev.stampede.engine.live.RunEvent::isControl)
                .map(e -> Map.<String, Object>of("atSeconds", Math.round(e.at().toMillis() / 10.0) / 100.0,
                        "kind", e.kind(), "text", e.text())).toList();
        if (!controls.isEmpty()) findings.put("liveControl", controls);
        if (!paused.isZero()) findings.note("paused " + dev.stampede.engine.output.Format.seconds(paused) + " in all (left out of rates)");
        control.events().stream().filter(e -> e.kind().equals("control"))
                .forEach(e -> findings.note("live change at " + dev.stampede.engine.output.Format.seconds(e.at()) + ": " + e.text()));
        RunControl.StopRequest stop = control.request()
                .orElse(new RunControl.StopRequest(StopReason.COMPLETED, "completed"));
        RunSummary summary = new RunSummary(plan.name(), startedAt, elapsed, targetDescription, stop, plan.params(),
                totals(metrics, measured.isZero() ? elapsed : nonNegative(measured.minus(paused))), shutdown, abandoned, findings.values(), findings.notes(), stageTotals,
                findings.verdicts());
        if (abandoned > 0) log.warn("{} worker(s) still running after the shutdown bound of {}", abandoned, settings.shutdownGrace());
        control.state(RunState.DONE);
        each(o -> o.end(summary));
        return summary;
    }

    private static Duration nonNegative(Duration d) {
        return d.isNegative() || d.isZero() ? Duration.ofNanos(1) : d;
    }

    /**
     * The target a stage runs against: the run's, or the stage's own — opened before it, kept while
     * the following stages name the same one, closed when a stage names another (or none) and at the end.
     */
    private final class StageTarget implements AutoCloseable {
        private dev.stampede.engine.plan.TargetSpec spec;
        private Target opened;

        /** The stage's target, or null when its own could not be opened (the run is stopped, aborted). */
        Target forStage(Stage stage) {
            if (stage.target().isEmpty()) {
                close();
                return target;
            }
            var wanted = stage.target().get();
            if (wanted.equals(spec)) return opened;
            close();
            try {
                opened = stageTargets.open(wanted);
                spec = wanted;
            } catch (java.io.IOException | RuntimeException e) {
                String msg = "stage '" + stage.name() + "': cannot open its target " + wanted.describe() + ": " + e.getMessage();
                log.error(msg, e);
                findings.note(msg);
                control.requestStop(StopReason.ABORTED, msg);
                return null;
            }
            log.info("stage '{}' target: {}", stage.name(), opened.describe());
            findings.status("target", "target " + opened.describe());
            return opened;
        }

        @Override
        public void close() {
            if (opened == null) return;
            try {
                opened.close();
            } catch (Exception e) {
                log.warn("closing the target {} failed", opened.describe(), e);
            }
            opened = null;
            spec = null;
        }
    }

    /**
     * Operations that failed on every attempt (a missing table, a wrong column): named in the findings
     * ({@code neverSucceeded}: attempts, first error) and in a note, so a run of nothing but errors says
     * what never worked and why, not just a count.
     */
    private void neverSucceeded(Metrics metrics) {
        Map<String, Object> never = new java.util.LinkedHashMap<>();
        for (String op : metrics.operationNames()) {
            Map<String, Long> errors = metrics.errorCounts(op);
            long failed = errors.values().stream().mapToLong(Long::longValue).sum();
            if (failed == 0 || metrics.cumulative(op).getTotalCount() > 0) continue;
            // the most frequent kind stands for the operation; its first failure is the example
            String kind = errors.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
            String first = metrics.errorSamples(op).getOrDefault(kind, dev.stampede.engine.metrics.ErrorKinds.describe(kind));
            Map<String, Object> entry = new java.util.LinkedHashMap<>();
            entry.put("attempts", failed);
            entry.put("firstError", first);
            never.put(op, entry);
            findings.note("'" + op + "' never succeeded: all " + failed + " attempt(s) failed; first error: " + first);
        }
        if (!never.isEmpty()) findings.put("neverSucceeded", never);
    }

    /** Reads the server before a stage opens its connections; true (and the run stopped) when they would cross the margin. */
    private boolean stageRefused(Stage stage, ServerConnections server) {
        try {
            Optional<String> refusal = SafetyCheck.stageRefusal(plan, stage, server.readOnce());
            refusal.ifPresent(msg -> {
                log.warn(msg);
                control.requestStop(StopReason.ABORTED, msg);
            });
            return refusal.isPresent();
        } catch (Exception e) {
            return false; // the watch and the workers will see the outage for themselves
        }
    }

    /** Timed events ({@code at(30.seconds) { … }}): each waits on its own virtual thread for its moment. */
    private List<Thread> startEvents(long runStart) {
        List<Thread> threads = new ArrayList<>();
        for (var event : plan.events()) {
            threads.add(Thread.ofVirtual().name("event-" + event.name()).start(() -> {
                Sessions sessions = target.sessions(null);
                WorkerContext ctx = new WorkerContext(sessions.open(), control::stopRequested, settings, plan.params(),
                        new java.util.SplittableRandom());
                target.capability(dev.stampede.engine.session.Faults.class).ifPresent(ctx::faults);
                try {
                    long wait = runStart + event.at().toNanos() - System.nanoTime();
                    if (wait > 0 && control.awaitStop(Duration.ofNanos(wait))) return;
                    log.info("event '{}' at {}", event.name(), event.at());
                    control.event("event", "at " + dev.stampede.engine.output.Format.clock(event.at()) + ": " + event.name());
                    event.action().run(ctx);
                    findings.note("event '" + event.name() + "' ran at " + event.at().toMillis() / 1000.0 + "s");
                } catch (InterruptedException e) {
                    // the run ended first
                } catch (Exception | Error e) { // whatever the user's code throws: noted, its trace only in stampede.log
                    log.warn("{}: event '{}' failed", event.action().where(), event.name(), e);
                    findings.note(event.action().where() + ": event '" + event.name() + "' failed: " + e.getMessage());
                    control.event("warning", "event '" + event.name() + "' failed: " + e.getMessage());
                } finally {
                    ctx.release();
                    sessions.close();
                }
            }));
        }
        return threads;
    }

    /** {@code abortOnFail} thresholds are checked on the totals after every interval. */
    private void abortIfFailing(IntervalSnapshot snap) {
        var failing = dev.stampede.engine.threshold.Thresholds.failingAbortOnFail(plan.thresholds(), snap);
        if (!failing.isEmpty()) {
            var f = failing.get(0);
            String why = "threshold failed: " + f.threshold().expression()
                    + " (actual " + String.format(java.util.Locale.ROOT, "%.3f", f.actual()) + ")";
            if (control.requestStop(StopReason.ABORTED, why)) control.event("abort", why);
        }
    }

    /** Sleeps until {@code deadline} (System.nanoTime) or a stop request; true when stopped. */
    private boolean sleepUntil(long deadline) {
        try {
            return control.awaitStop(Duration.ofNanos(deadline - System.nanoTime()));
        } catch (InterruptedException e) {
            control.requestStop(StopReason.INTERRUPTED, "interrupted");
            return true;
        }
    }

    private static StageTotals stageTotals(Stage stage, Metrics metrics, Map<String, Histogram> before,
                                           Map<String, Long> errorsBefore, Duration elapsed) {
        double seconds = Math.max(1e-9, elapsed.toNanos() / 1e9);
        List<StageTotals.Operation> ops = new ArrayList<>();
        for (String op : metrics.operationNames()) {
            Histogram h = metrics.cumulative(op);
            Histogram b = before.get(op);
            if (b != null) h.subtract(b);
            long errors = metrics.errorCounts(op).values().stream().mapToLong(Long::longValue).sum()
                    - errorsBefore.getOrDefault(op, 0L);
            if (h.getTotalCount() == 0 && errors == 0) continue;
            ops.add(new StageTotals.Operation(op, h.getTotalCount(), errors, h.getTotalCount() / seconds, LatencyStats.of(h)));
        }
        int workers = stage.groups().stream().mapToInt(g -> g.load().peakWorkers()).sum();
        return new StageTotals(stage.name(), elapsed, workers, ops, stage.sweep());
    }

    private static List<OperationTotals> totals(Metrics metrics, Duration elapsed) {
        double seconds = Math.max(1e-9, elapsed.toNanos() / 1e9);
        List<OperationTotals> out = new ArrayList<>();
        for (String name : metrics.operationNames()) {
            Histogram h = metrics.cumulative(name);
            Map<String, Long> errors = metrics.errorCounts(name);
            long errorCount = errors.values().stream().mapToLong(Long::longValue).sum();
            Histogram service = metrics.cumulativeService(name);
            out.add(new OperationTotals(name, h.getTotalCount(), errorCount, h.getTotalCount() / seconds,
                    LatencyStats.of(h), errors, h, service == null ? LatencyStats.EMPTY : LatencyStats.of(service),
                    metrics.written(name)[0], metrics.written(name)[1]));
        }
        return out;
    }

    private void each(Consumer<Output> call) {
        for (Output o : outputs) {
            try {
                call.accept(o);
            } catch (RuntimeException e) {
                log.warn("output {} failed; it is skipped for this call", o.getClass().getSimpleName(), e);
            }
        }
    }
}
