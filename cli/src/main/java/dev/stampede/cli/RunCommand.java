package dev.stampede.cli;

import dev.stampede.dsl.ScenarioException;
import dev.stampede.dsl.Units;
import dev.stampede.engine.config.Settings;
import dev.stampede.engine.metrics.ErrorKinds;
import dev.stampede.engine.metrics.ServerStatus;
import dev.stampede.engine.output.LatencyLogOutput;
import dev.stampede.engine.output.LinePrinter;
import dev.stampede.engine.output.TimelineCsvOutput;
import dev.stampede.engine.output.Output;
import dev.stampede.engine.output.PrometheusOutput;
import dev.stampede.engine.output.SummaryJson;
import dev.stampede.engine.output.SummaryTable;
import dev.stampede.engine.plan.Plan;
import dev.stampede.engine.result.RunControl;
import dev.stampede.engine.result.RunSummary;
import dev.stampede.engine.run.Runner;
import dev.stampede.engine.run.SafetyCheck;
import dev.stampede.engine.plan.Step;
import dev.stampede.engine.plan.TargetSpec;
import dev.stampede.engine.result.ExitCode;
import dev.stampede.engine.session.Target;
import dev.stampede.engine.tcp.TcpTarget;
import dev.stampede.engine.fib.FibModelsTable;
import dev.stampede.engine.fib.FibServerTarget;
import dev.stampede.engine.postgres.PostgresTarget;
import dev.stampede.engine.ha.EmbeddedCluster;
import dev.stampede.engine.ha.HostMonitor;
import dev.stampede.engine.ha.RoutedTarget;
import dev.stampede.engine.postgres.ResolvedTarget;
import dev.stampede.engine.postgres.TargetResolver;
import dev.stampede.engine.plan.ThresholdResult;
import dev.stampede.engine.threshold.Thresholds;
import dev.stampede.tui.Dashboard;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

/**
 * {@code stampede run SCENARIO}: compile, resolve the target (starting an embedded server if need be),
 * run with the dashboard or the line printer, print and write the summary, stop what was started.
 */
@Command(name = "run", description = "Run a scenario and show it live.", mixinStandardHelpOptions = true)
final class RunCommand implements Callable<Integer> {

    private static final Logger log = LoggerFactory.getLogger(RunCommand.class);

    @ParentCommand
    Main main;

    @Parameters(index = "0", paramLabel = "SCENARIO", description = "a .groovy file or the name of a bundled scenario")
    String scenario;

    @Option(names = "--url", paramLabel = "URL",
            description = "target PostgreSQL (postgresql://…, jdbc:postgresql://…, key=value; repeat for several hosts) or TCP server (tcp://host:port)")
    List<String> urls = List.of();

    @Option(names = "--duration", paramLabel = "DURATION", description = "total run time, e.g. 30s, 2m (overrides the scenario)")
    String duration;

    @Option(names = "--set", paramLabel = "NAME=VALUE", description = "override a param (repeatable)")
    List<String> sets = List.of();

    @Option(names = "--out", paramLabel = "DIR", description = "results folder (default results/<scenario>-<time>/)")
    Path out;

    @Option(names = "--cleanup", description = "run the scenario's teardown at the end (as `cleanup true` in the scenario)")
    boolean cleanup;

    @Option(names = "--no-tui", description = "print one plain line per interval instead of the dashboard")
    boolean noTui;

    @Option(names = "--metrics-port", paramLabel = "PORT",
            description = "serve live Prometheus metrics at http://127.0.0.1:PORT/metrics during the run (0: any free port)")
    Integer metricsPort;

    @Option(names = "--sweep", paramLabel = "[GROUP.]KNOB=LEVELS",
            description = "a stage per level of one group's load: workers=1..256 (doubling), workers=1,8,32, rate=100..3200")
    String sweep;

    @Option(names = "--sweep-pause", paramLabel = "DURATION", description = "pause with no load between sweep levels (default stampede.sweep.pause)")
    String sweepPause;

    /** The fault events a {@code --url} target made the run leave out (null when none were). */
    private FaultsDropped faultsDropped;

    @Option(names = "--shard", paramLabel = "i/N",
            description = "run shard i of N: this process's share of every group; set-up, teardown, timed events and the safety pre-flight on shard 1 only (README: Sharded runs)")
    String shardText;

    @Option(names = "--start-at", paramLabel = "TIME",
            description = "start the clock at TIME (2026-12-07T12:00:00Z, or +10s from now), so shards' intervals line up")
    String startAt;

    @Option(names = "--rendezvous", paramLabel = "DIR",
            description = "with --shard: write DIR/ready-i and start when all N shards are ready (a fresh folder per run)")
    Path rendezvous;

    @Option(names = "--rendezvous-timeout", paramLabel = "DURATION", defaultValue = "2m",
            description = "how long to wait for the other shards (default 2m; then exit 3)")
    String rendezvousTimeout;

    private dev.stampede.engine.shard.Shard shard = dev.stampede.engine.shard.Shard.WHOLE;
    /** The unsharded plan: what the safety pre-flight on shard 1 counts. */
    private Plan whole;
    private StartLine startLine;
    private java.time.Instant startedLine;

    /** Says how {@code --duration} scaled a scenario of several stages (null when nothing was scaled). */
    private String scaled;

    @Override
    public Integer call() {
        Map<String, String> overrides;
        Duration total = null;
        try {
            overrides = parseSets(sets);
            if (metricsPort != null && (metricsPort < 0 || metricsPort > 65_535)) {
                main.err.println("stampede run: --metrics-port needs a port between 0 and 65535 (got " + metricsPort + ")");
                return Main.USAGE;
            }
            if (shardText != null) shard = dev.stampede.engine.shard.Shard.parse(shardText);
            if (rendezvous != null && shardText == null) throw new IllegalArgumentException("--rendezvous needs --shard i/N");
            if (rendezvous != null && java.nio.file.Files.isRegularFile(rendezvous)) {
                throw new IllegalArgumentException("--rendezvous " + rendezvous + ": is a file, not a folder (a fresh shared folder per run)");
            }
            Duration waitAtMost = Units.parseDuration(rendezvousTimeout);
            if (waitAtMost == null || waitAtMost.isZero() || waitAtMost.isNegative()) {
                throw new IllegalArgumentException("--rendezvous-timeout needs a duration > 0 like 2m (got '" + dev.stampede.dsl.Problem.visible(rendezvousTimeout) + "')");
            }
            if (startAt != null || rendezvous != null) {
                startLine = new StartLine(startAt == null ? null : StartLine.parseAt(startAt, java.time.Instant.now()), rendezvous, waitAtMost);
            }
            if (duration != null) {
                total = Units.parseDuration(duration);
                String problem = total == null ? null : Units.problem(total, false);
                if (total == null || problem != null) {
                    main.err.println("stampede run: --duration " + (problem != null ? problem
                            : "needs a duration > 0 like 30s or 2m (got '" + dev.stampede.dsl.Problem.visible(duration) + "')"));
                    return Main.USAGE;
                }
            }
        } catch (IllegalArgumentException e) {
            main.err.println("stampede run: " + e.getMessage());
            return Main.USAGE;
        }
        Plan plan;
        try {
            plan = ScenarioSource.compile(scenario, overrides, cleanup);
        } catch (ScenarioException e) {
            main.err.println(e.getMessage());
            return Main.USAGE;
        }
        Settings settings;
        try {
            settings = Settings.load();
        } catch (RuntimeException e) {
            main.err.println("stampede: configuration: " + e.getMessage());
            return Main.USAGE;
        }
        try {
            plan = SweepFlag.apply(plan, sweep, total == null ? sweepPause : null, settings.sweepPause());
        } catch (IllegalArgumentException e) {
            main.err.println("stampede run: " + e.getMessage());
            return Main.USAGE;
        }
        if (total != null) {
            Plan asWritten = plan;
            plan = plan.withDuration(total);
            scaled = scalingNote(asWritten, plan, total);
            try {
                if (sweepPause != null) plan = SweepFlag.apply(plan, null, sweepPause, Duration.ZERO); // --sweep-pause is not scaled
            } catch (IllegalArgumentException e) {
                main.err.println("stampede run: " + e.getMessage());
                return Main.USAGE;
            }
        }
        if (!urls.isEmpty() && plan.events().stream().anyMatch(dev.stampede.engine.plan.TimedEvent::injectsFaults)) {
            faultsDropped = FaultsDropped.of(plan);
            plan = faultsDropped.plan();
        }
        whole = plan;
        plan = dev.stampede.engine.shard.ShardSplit.of(plan, shard);
        TargetResolver resolver = new TargetResolver(main.env, Path.of(System.getProperty("user.home", ".")), settings);
        String tcpUrl = !urls.isEmpty() ? (TargetSpec.isTcp(urls.get(0)) ? urls.get(0) : null)
                : plan.target().url().filter(TargetSpec::isTcp).orElse(null);
        // a server the run starts itself (target fibServer(…)), or none of the run's own when every stage names one
        boolean local = urls.isEmpty() && (plan.target().fibServer().isPresent()
                || plan.target().url().isEmpty() && plan.targetPerStage());
        TcpTarget tcp = null;
        try {
            if (tcpUrl != null) tcp = TcpTarget.parse(tcpUrl, settings);
            else if (!local) resolver.choose(urls, plan.target()); // bad URLs are usage errors, before anything is created
        } catch (IllegalArgumentException e) {
            main.err.println("stampede run: " + (urls.isEmpty() ? "target" : "--url") + ": " + e.getMessage());
            return Main.USAGE;
        }
        boolean tcpFamily = tcp != null || local;
        List<String> mismatches = plan.mismatches(tcpFamily ? Step.Family.TCP : Step.Family.SQL,
                tcp != null ? tcp.describe() : local ? plan.target().describe() : "PostgreSQL");
        if (!mismatches.isEmpty()) {
            mismatches.forEach(main.err::println);
            return Main.USAGE;
        }
        Path dir;
        try {
            dir = resultsDir(plan, settings);
        } catch (IOException e) {
            main.err.println("stampede run: cannot create the results folder: " + e.getMessage());
            return Main.CANNOT_RUN;
        }
        LogFile.to(dir.resolve("stampede.log"));
        try {
            return tcpFamily ? runTcp(plan, settings, tcp, dir) : run(plan, settings, resolver, dir);
        } finally {
            LogFile.close();
        }
    }

    private void header(Plan plan) {
        main.out.println("stampede " + Main.version() + " · scenario '" + plan.name() + "' · " + plan.source());
        if (!plan.params().isEmpty()) {
            main.out.println("params: " + plan.params().entrySet().stream()
                    .map(e -> e.getKey() + "=" + (e.getValue() instanceof Duration d ? dev.stampede.dsl.Units.text(d) : e.getValue()))
                    .collect(Collectors.joining(" ")));
        }
        if (scaled != null) main.out.println(scaled);
        if (faultsDropped != null) main.out.println("note: " + faultsDropped.note());
    }

    /**
     * A TCP request/response target: {@code given} (a server elsewhere), else the scenario's
     * {@code fibServer(…)} started here (exit 3 when it does not start), else none of the run's own (every
     * stage opens its own); reachable first (exit 3 when not), then the run. A server started here is
     * stopped on every way out.
     */
    private int runTcp(Plan plan, Settings settings, TcpTarget given, Path dir) {
        header(plan);
        RunControl control = new RunControl();
        Signals signals = main.process ? Signals.install(control) : Signals.NONE;
        Target target = given;
        if (target == null && plan.target().fibServer().isPresent()) {
            var spec = plan.target().fibServer().get();
            main.out.println("starting " + spec.describe() + " on " + FibServerTarget.HOST + " …");
            main.out.flush();
            try {
                target = FibServerTarget.start(spec, settings);
            } catch (IOException | RuntimeException e) {
                signals.close();
                log.error("fibServer did not start", e);
                return cannotStart(plan, dir, spec.describe(), "cannot start " + spec.describe() + ": " + firstLine(e.getMessage()));
            }
        }
        if (target == null) target = Target.NONE;
        String description = target instanceof TcpTarget t ? t.describe() : "each stage its own: " + plan.stages().stream()
                .map(st -> st.target().map(TargetSpec::describe).orElse("none")).distinct().collect(Collectors.joining(", "));
        try (Target closing = target) {
            main.out.println("target: " + description);
            if (plan.safety().minFreeConnections() > 0) {
                main.out.println("safety: a TCP target cannot count its server's connections; minFreeConnections is not checked");
            }
            if (target instanceof TcpTarget t) {
                try {
                    t.probe();
                } catch (IOException e) {
                    log.error("target unreachable", e);
                    return cannotStart(plan, dir, t.describe(), "cannot reach the target " + t.describe() + ": "
                            + ErrorKinds.describe(ErrorKinds.classify(e)) + " — " + firstLine(e.getMessage()));
                }
            }
            return runOn(plan, settings, target, description, dir, control, "not PostgreSQL (TCP)");
        } catch (IOException e) {
            main.err.println("stampede run: cannot write the results: " + firstLine(e.getMessage()));
            log.error("results not written", e);
            return Main.CANNOT_RUN;
        } finally {
            signals.close();
        }
    }

    private int run(Plan plan, Settings settings, TargetResolver resolver, Path dir) {
        header(plan);
        RunControl control = new RunControl();
        Signals signals = main.process ? Signals.install(control) : Signals.NONE;
        if (urls.isEmpty() && plan.target().cluster().isPresent()) {
            try {
                return runOnCluster(plan, settings, plan.target().cluster().get(), dir, control);
            } finally {
                signals.close();
            }
        }
        boolean embedded = resolver.choose(urls, plan.target()).isEmpty();
        int clientPeak = SafetyCheck.peakConnections(plan);
        // behind a pooler the server sees the pool, not the clients
        int peak = plan.target().pooler().map(p -> p.poolSize() + 4).orElse(clientPeak);
        boolean openEnded = peak > Integer.MAX_VALUE / 8;
        long fileLimit = openFileLimit();
        if (fileLimit > 0 && clientPeak < Integer.MAX_VALUE / 8 && clientPeak + 64 > fileLimit) {
            String warning = "this run may open up to " + clientPeak + " connections but the open-file limit is "
                    + fileLimit + " (raise it with ulimit -n)";
            main.out.println("warning: " + warning);
            control.event("warning", warning); // also on the dashboard's events panel
        }
        Map<String, String> embeddedSettings = Map.of();
        String started = resolver.containerImage(urls, plan.target()).map(i -> "container " + i).orElse("embedded PostgreSQL 17");
        if (embedded) {
            // the server exists for this run: make room for it (not when the run looks for the limit)
            if (!openEnded && peak + 10 > settings.embeddedMaxConnections()) {
                embeddedSettings = Map.of("max_connections", String.valueOf(peak + 20));
                main.out.println("starting " + started + " with max_connections " + (peak + 20) + " for "
                        + peak + " connections …");
            } else {
                main.out.println("starting " + started + " …");
            }
        }
        main.out.flush();
        ResolvedTarget resolvedTarget;
        try {
            resolvedTarget = resolver.resolve(urls, plan.target(), embeddedSettings);
        } catch (IOException | RuntimeException e) {
            // the embedded server failed to start (or the target could not be set up) before the run began
            signals.close();
            log.error("the target could not be started", e);
            return cannotStart(plan, dir, embedded ? started : targetNamed(resolver, plan),
                    (embedded ? "cannot start the " + started + ": " : "cannot start: ") + firstLine(String.valueOf(e.getMessage())));
        }
        if (plan.target().pooler().isPresent()) {
            try (ResolvedTarget resolved = resolvedTarget) {
                return PoolerRun.run(main, plan, settings, resolved, clientPeak, dir, control,
                        (target, description, version) -> runOn(plan, settings, target, description, dir, control, version),
                        this::cannotStart);
            } catch (IOException e) {
                main.err.println("stampede run: cannot write the results: " + firstLine(e.getMessage()));
                log.error("results not written", e);
                return Main.CANNOT_RUN;
            } finally {
                signals.close();
            }
        }
        try (ResolvedTarget resolved = resolvedTarget) {
            main.out.println("target: " + resolved.describe());
            PostgresTarget target = new PostgresTarget(resolved.info(), settings);
            String serverVersion = RunRecord.serverVersion(target::open);
            try {
                ServerStatus status = target.readOnce();
                main.out.println("server: " + status.connections() + "/" + status.maxConnections()
                        + " connections in use, " + status.reserved() + " reserved");
                // sharded: shard 1 checks the whole run's need, the others none (the live watch runs on every shard)
                var refusal = shard.first() ? SafetyCheck.refusal(whole, status) : java.util.Optional.<String>empty();
                if (refusal.isPresent()) {
                    log.error(refusal.get());
                    return cannotStart(plan, dir, resolved.describe(), refusal.get());
                }
            } catch (SQLException e) {
                log.error("target unreachable", e);
                return cannotStart(plan, dir, resolved.describe(), "cannot reach the target " + resolved.info().masked() + ": "
                        + ErrorKinds.describe(ErrorKinds.classify(e)) + " — " + firstLine(e.getMessage()));
            }
            if (resolved.info().hosts().size() == 1) return runOn(plan, settings, target, resolved.describe(), dir, control, serverVersion);
            // several hosts: steps routed by role (write { } to the primary, read { } to the replicas)
            RoutedTarget.Options routing = RoutedTarget.Options.of(settings, plan.target().routing());
            main.out.println("routing: " + routing.describe());
            try (RoutedTarget routed = new RoutedTarget(resolved.info(), settings, routing)) {
                routed.awaitRoles(settings.connectTimeout().plusSeconds(5));
                main.out.println("hosts: " + describe(routed.monitor().snapshot()));
                return runOn(plan, settings, routed, resolved.describe(), dir, control, serverVersion);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Main.INTERRUPTED;
            }
        } catch (IOException e) {
            main.err.println("stampede run: cannot write the results: " + firstLine(e.getMessage()));
            log.error("results not written", e);
            return Main.CANNOT_RUN;
        } finally {
            signals.close();
        }
    }

    /** {@code target cluster(…)}: an embedded primary and replicas for this run, stopped after it (also on errors and signals). */
    private int runOnCluster(Plan plan, Settings settings, TargetSpec.Cluster spec, Path dir, RunControl control) {
        main.out.println("starting embedded PostgreSQL 17 cluster: a primary and " + spec.replicas() + " "
                + (spec.synchronous() ? "synchronous" : "asynchronous") + " replica(s) …");
        main.out.flush();
        EmbeddedCluster cluster;
        try {
            cluster = EmbeddedCluster.start(settings, spec.replicas(), spec.synchronous());
        } catch (IOException e) {
            main.err.println("stampede run: cannot start the embedded cluster: " + firstLine(e.getMessage()));
            log.error("embedded cluster start failed", e);
            return Main.CANNOT_RUN;
        }
        RoutedTarget.Options routing = RoutedTarget.Options.of(settings, plan.target().routing());
        main.out.println("routing: " + routing.describe());
        try (cluster; RoutedTarget routed = new RoutedTarget(cluster.connectionInfo(), settings, routing).controlling(cluster)) {
            routed.awaitRoles(settings.connectTimeout().plusSeconds(5));
            main.out.println("hosts: " + describe(routed.monitor().snapshot()));
            return runOn(plan, settings, routed, "embedded cluster " + cluster.connectionInfo().masked(), dir, control,
                    RunRecord.serverVersion(() -> java.sql.DriverManager.getConnection(cluster.connectionInfo().jdbcUrl(),
                            cluster.connectionInfo().driverProperties())));
        } catch (IOException e) {
            main.err.println("stampede run: cannot write the results: " + firstLine(e.getMessage()));
            log.error("results not written", e);
            return Main.CANNOT_RUN;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Main.INTERRUPTED;
        }
    }

    /** {@code 127.0.0.1:5432 primary, 127.0.0.1:5433 replica (lag 0 B), 127.0.0.1:5434 down}. */
    private static String describe(List<HostMonitor.HostHealth> hosts) {
        List<String> parts = new ArrayList<>();
        for (HostMonitor.HostHealth h : hosts) {
            parts.add(h.host() + " " + (!h.up() ? "down"
                    : h.role() == HostMonitor.Role.PRIMARY ? "primary"
                    : "replica" + (h.lagBytes() >= 0 ? " (lag " + h.lagBytes() + " B)" : "")));
        }
        return String.join(", ", parts);
    }

    /** The run itself, on any target: outputs, the runner, thresholds, the summary and the exit code. */
    private int runOn(Plan plan, Settings settings, Target target, String description, Path dir, RunControl control,
                      String serverVersion) throws IOException {
        main.out.println("running " + dev.stampede.engine.output.Format.clock(plan.duration()) + " · results → " + dir);
        main.out.flush();
        if (control.stopRequested()) return Main.INTERRUPTED;

        List<Output> outputs = new ArrayList<>();
        PrometheusOutput metrics = null;
        if (metricsPort != null || settings.metricsEnabled()) {
            try {
                metrics = PrometheusOutput.start(settings.metricsHost(), metricsPort != null ? metricsPort : settings.metricsPort());
            } catch (java.io.UncheckedIOException e) {
                main.err.println("stampede run: " + e.getMessage());
                return Main.CANNOT_RUN;
            }
            outputs.add(metrics);
            main.out.println("metrics: http://" + settings.metricsHost() + ":" + metrics.port() + "/metrics");
            main.out.flush();
        }
        Dashboard dashboard = null;
        if (!noTui && main.process && Terminals.interactive()) {
            try {
                dashboard = Dashboard.open(control, settings);
                outputs.add(dashboard);
            } catch (IOException | RuntimeException e) {
                log.warn("dashboard unavailable, printing lines instead", e);
            }
        }
        if (dashboard == null) outputs.add(new LinePrinter(main.out));
        if (!shard.whole() && !plan.setup().isEmpty()) {
            // shard 1's set-up runs before the start line, so the other shards start on a prepared target
            var failed = dev.stampede.engine.session.SetupSteps.run("setup", plan.setup(), target, settings, plan.params());
            if (failed.isPresent()) return cannotStart(plan, dir, description, failed.get());
            plan = dev.stampede.engine.shard.ShardRecord.withoutSetup(plan);
        }
        if (startLine != null) {
            try {
                startedLine = startLine.await(shard, main.out);
            } catch (StartLine.Missed e) {
                return cannotStart(plan, dir, description, e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Main.INTERRUPTED;
            }
        }
        RunSummary summary;
        Runner runner;
        try (TimelineCsvOutput timeline = new TimelineCsvOutput(dir); LatencyLogOutput hlog = new LatencyLogOutput(dir)) {
            outputs.add(timeline);
            outputs.add(hlog);
            runner = new Runner(plan, target, description, settings, outputs, control, true)
                    .stageTargets(spec -> FibServerTarget.open(spec, settings));
            summary = runner.run();
        } finally {
            if (dashboard != null) dashboard.close();
            if (metrics != null) metrics.close();
        }
        RunSummary run = summary;
        summary = FibModelsTable.of(plan, summary.stages())
                .map(t -> run.withFinding("fibModels", t, t.lines())).orElse(summary);
        if (faultsDropped != null) summary = summary.withFinding("faultsDropped", faultsDropped.events(), List.of(faultsDropped.note()));
        if (target instanceof dev.stampede.engine.postgres.PooledTarget pooled) summary = PoolerRun.findings(pooled, summary);
        List<ThresholdResult> thresholds = Thresholds.evaluate(plan.thresholds(), summary);
        int exit = ExitCode.of(summary, thresholds.stream().anyMatch(t -> !t.passed()));
        if (summary.verdicts().nothingHeld() && exit == ExitCode.CANNOT_RUN) {
            SummaryJson.write(dir, summary, exit, List.of(), shardFields(RunRecord.fields(plan, serverVersion, summary.elapsed()), plan));
            main.out.print(SummaryTable.render(summary, thresholds));
            main.err.println("stampede run: could not open a single connection: "
                    + summary.errors().keySet().stream().map(ErrorKinds::describe).collect(Collectors.joining(", ")));
            return exit;
        }
        // the file first: what the terminal shows is already on disk
        Path json = SummaryJson.write(dir, summary, exit, thresholds.stream().map(SummaryJson.ThresholdRow::of).toList(),
                shardFields(RunRecord.fields(plan, serverVersion, summary.elapsed()), plan));
        main.out.println();
        main.out.print(SummaryTable.render(summary, thresholds));
        if (exit == Main.INTERRUPTED) {
            main.out.println("report: skipped (interrupted; `stampede report " + dir + "` writes it)");
        } else {
            RunRecord.writeReport(dir, main.out, Duration.ofSeconds(60));
        }
        main.out.println("results: " + json.getParent());
        main.out.flush();
        return exit;
    }

    /** {@code --duration 5s: the 3 stages are scaled to fit (warm-up 10s → 1250ms, …)}, or null for one stage. */
    private String scalingNote(Plan asWritten, Plan scaledPlan, Duration total) {
        if (asWritten.stages().size() < 2) return null;
        List<String> each = new ArrayList<>();
        for (int i = 0; i < asWritten.stages().size(); i++) {
            each.add(asWritten.stages().get(i).name() + " " + Units.text(asWritten.stages().get(i).duration())
                    + " → " + dev.stampede.engine.output.Format.latency(scaledPlan.stages().get(i).duration().toNanos()));
        }
        return "--duration " + Units.text(total) + ": the " + asWritten.stages().size()
                + " stages (" + Units.text(asWritten.duration()) + " as written) are scaled to fit: " + String.join(", ", each);
    }

    /**
     * A run that could not start still leaves a record: one line on stderr with the reason,
     * {@code summary.json} (exit code 3, {@code stopReason} aborted, {@code stopMessage} the reason) and
     * the log, both in the results folder the last line names.
     */
    int cannotStart(Plan plan, Path dir, String target, String reason) {
        main.err.println("stampede run: " + reason);
        RunSummary nothing = new RunSummary(plan.name(), java.time.Instant.now(), Duration.ZERO, target,
                new RunControl.StopRequest(dev.stampede.engine.result.StopReason.ABORTED, reason), plan.params(), List.of(),
                Duration.ZERO, 0);
        try {
            SummaryJson.write(dir, nothing, Main.CANNOT_RUN, List.of(), shardFields(Map.of(), plan));
            main.out.println("results: " + dir + " (nothing ran: summary.json says why, stampede.log has the details)");
        } catch (RuntimeException e) {
            log.error("cannot write summary.json", e);
        }
        main.out.flush();
        return Main.CANNOT_RUN;
    }

    /** A sharded run's {@code summary.json} also says which shard it was and what the merge needs. */
    private Map<String, Object> shardFields(Map<String, Object> fields, Plan plan) {
        if (shard.whole() && shardText == null) return fields;
        Map<String, Object> out = new LinkedHashMap<>(fields);
        out.put("shard", dev.stampede.engine.shard.ShardRecord.of(shard, plan, startedLine));
        return out;
    }

    /** The masked target the run was pointed at, for a record written before it could be resolved. */
    private String targetNamed(TargetResolver resolver, Plan plan) {
        return resolver.choose(urls, plan.target()).map(c -> c.info().masked() + " (" + c.origin().label() + ")").orElse("embedded PostgreSQL 17");
    }

    /** The process's open-file limit, or -1 when the platform does not say. */
    private static long openFileLimit() {
        return OpenFileLimit.current();
    }

    private Path resultsDir(Plan plan, Settings settings) throws IOException {
        if (out != null) {
            Files.createDirectories(out);
            return out;
        }
        String slug = plan.name().toLowerCase().replaceAll("[^a-z0-9]+", "-").replaceAll("(^-|-$)", "");
        String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        Path base = Path.of(settings.outputDirectory());
        Path dir = base.resolve(slug + "-" + stamp);
        for (int i = 2; Files.exists(dir); i++) dir = base.resolve(slug + "-" + stamp + "-" + i);
        return Files.createDirectories(dir);
    }

    /** {@code NAME=VALUE} pairs, in order; a malformed one is a usage error naming the flag. */
    static Map<String, String> parseSets(List<String> sets) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String s : sets) {
            int eq = s.indexOf('=');
            if (eq <= 0) throw new IllegalArgumentException("--set needs NAME=VALUE (got '" + dev.stampede.dsl.Problem.visible(s) + "')");
            out.put(s.substring(0, eq).strip(), s.substring(eq + 1));
        }
        return out;
    }

    private static String firstLine(String s) {
        return s == null ? "" : s.lines().findFirst().orElse("");
    }
}
