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
import dev.stampede.engine.postgres.PostgresTarget;
import dev.stampede.engine.ha.EmbeddedCluster;
import dev.stampede.engine.ha.HostMonitor;
import dev.stampede.engine.ha.RoutedTarget;
import dev.stampede.engine.postgres.ResolvedTarget;
import dev.stampede.engine.postgres.TargetResolver;
import dev.stampede.engine.threshold.ThresholdResult;
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
            description = "target PostgreSQL (postgresql://…, jdbc:postgresql://…, key=value); repeat for several hosts")
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

    @Override
    public Integer call() {
        Map<String, String> overrides;
        Duration total = null;
        try {
            overrides = parseSets(sets);
            if (duration != null) {
                total = Units.parseDuration(duration);
                if (total == null || total.isZero()) {
                    main.err.println("stampede run: --duration needs a duration > 0 like 30s or 2m (got '" + duration + "')");
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
        if (total != null) plan = plan.withDuration(total);
        Settings settings;
        try {
            settings = Settings.load();
        } catch (RuntimeException e) {
            main.err.println("stampede: configuration: " + e.getMessage());
            return Main.USAGE;
        }
        TargetResolver resolver = new TargetResolver(main.env, Path.of(System.getProperty("user.home", ".")), settings);
        String tcpUrl = !urls.isEmpty() ? (TargetSpec.isTcp(urls.get(0)) ? urls.get(0) : null)
                : plan.target().url().filter(TargetSpec::isTcp).orElse(null);
        TcpTarget tcp = null;
        try {
            if (tcpUrl != null) tcp = TcpTarget.parse(tcpUrl, settings);
            else resolver.choose(urls, plan.target()); // bad URLs are usage errors, before anything is created
        } catch (IllegalArgumentException e) {
            main.err.println("stampede run: " + (urls.isEmpty() ? "target" : "--url") + ": " + e.getMessage());
            return Main.USAGE;
        }
        List<String> mismatches = plan.mismatches(tcp != null ? Step.Family.TCP : Step.Family.SQL,
                tcp != null ? tcp.describe() : "PostgreSQL");
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
            return tcp != null ? runTcp(plan, settings, tcp, dir) : run(plan, settings, resolver, dir);
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
    }

    /** A TCP request/response target: reachable first (exit 3 when not), then the run. */
    private int runTcp(Plan plan, Settings settings, TcpTarget target, Path dir) {
        header(plan);
        RunControl control = new RunControl();
        Signals signals = main.process ? Signals.install(control) : Signals.NONE;
        try (target) {
            main.out.println("target: " + target.describe());
            try {
                target.probe();
            } catch (IOException e) {
                main.err.println("stampede run: cannot reach the target " + target.describe() + ": "
                        + ErrorKinds.describe(ErrorKinds.classify(e)) + " — " + firstLine(e.getMessage()));
                log.error("target unreachable", e);
                return Main.CANNOT_RUN;
            }
            return runOn(plan, settings, target, target.describe(), dir, control);
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
        int peak = SafetyCheck.peakConnections(plan);
        boolean openEnded = peak > Integer.MAX_VALUE / 8;
        long fileLimit = openFileLimit();
        if (fileLimit > 0 && !openEnded && peak + 64 > fileLimit) {
            main.out.println("warning: this run may open up to " + peak + " connections but the open-file limit is "
                    + fileLimit + " (raise it with ulimit -n)");
        }
        Map<String, String> embeddedSettings = Map.of();
        if (embedded) {
            // the embedded server exists for this run: make room for it (not when the run looks for the limit)
            if (!openEnded && peak + 10 > settings.embeddedMaxConnections()) {
                embeddedSettings = Map.of("max_connections", String.valueOf(peak + 20));
                main.out.println("starting embedded PostgreSQL 17 with max_connections " + (peak + 20) + " for "
                        + peak + " connections …");
            } else {
                main.out.println("starting embedded PostgreSQL 17 …");
            }
        }
        main.out.flush();
        try (ResolvedTarget resolved = resolver.resolve(urls, plan.target(), embeddedSettings)) {
            main.out.println("target: " + resolved.describe());
            PostgresTarget target = new PostgresTarget(resolved.info(), settings);
            try {
                ServerStatus status = target.readOnce();
                main.out.println("server: " + status.connections() + "/" + status.maxConnections()
                        + " connections in use, " + status.reserved() + " reserved");
                var refusal = SafetyCheck.refusal(plan, status);
                if (refusal.isPresent()) {
                    main.err.println("stampede run: " + refusal.get());
                    log.error(refusal.get());
                    return Main.CANNOT_RUN;
                }
            } catch (SQLException e) {
                main.err.println("stampede run: cannot reach the target " + resolved.info().masked() + ": "
                        + ErrorKinds.describe(ErrorKinds.classify(e)) + " — " + firstLine(e.getMessage()));
                log.error("target unreachable", e);
                return Main.CANNOT_RUN;
            }
            if (resolved.info().hosts().size() == 1) return runOn(plan, settings, target, resolved.describe(), dir, control);
            // several hosts: steps routed by role (write { } to the primary, read { } to the replicas)
            try (RoutedTarget routed = new RoutedTarget(resolved.info(), settings, RoutedTarget.Options.defaults(settings))) {
                routed.awaitRoles(settings.connectTimeout().plusSeconds(5));
                main.out.println("hosts: " + describe(routed.monitor().snapshot()));
                return runOn(plan, settings, routed, resolved.describe(), dir, control);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Main.INTERRUPTED;
            }
        } catch (IOException e) {
            main.err.println("stampede run: cannot start the embedded PostgreSQL: " + firstLine(e.getMessage()));
            log.error("embedded start failed", e);
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
        try (cluster; RoutedTarget routed = new RoutedTarget(cluster.connectionInfo(), settings, RoutedTarget.Options.defaults(settings))) {
            routed.awaitRoles(settings.connectTimeout().plusSeconds(5));
            main.out.println("hosts: " + describe(routed.monitor().snapshot()));
            return runOn(plan, settings, routed, "embedded cluster " + cluster.connectionInfo().masked(), dir, control);
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
    private int runOn(Plan plan, Settings settings, Target target, String description, Path dir, RunControl control)
            throws IOException {
        main.out.println("running " + dev.stampede.engine.output.Format.clock(plan.duration()) + " · results → " + dir);
        main.out.flush();
        if (control.stopRequested()) return Main.INTERRUPTED;

        List<Output> outputs = new ArrayList<>();
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
        RunSummary summary;
        Runner runner;
        try (TimelineCsvOutput timeline = new TimelineCsvOutput(dir); LatencyLogOutput hlog = new LatencyLogOutput(dir)) {
            outputs.add(timeline);
            outputs.add(hlog);
            runner = new Runner(plan, target, description, settings, outputs, control, true);
            summary = runner.run();
        } finally {
            if (dashboard != null) dashboard.close();
        }
        List<ThresholdResult> thresholds = Thresholds.evaluate(plan.thresholds(), summary);
        int exit = ExitCode.of(summary, thresholds.stream().anyMatch(t -> !t.passed()));
        if (summary.verdicts().nothingHeld() && exit == ExitCode.CANNOT_RUN) {
            main.out.print(SummaryTable.render(summary, thresholds));
            main.err.println("stampede run: could not open a single connection: "
                    + summary.errors().keySet().stream().map(ErrorKinds::describe).collect(Collectors.joining(", ")));
            SummaryJson.write(dir, summary, exit, List.of());
            return exit;
        }
        main.out.println();
        main.out.print(SummaryTable.render(summary, thresholds));
        Path json = SummaryJson.write(dir, summary, exit, thresholds.stream()
                .map(t -> new SummaryJson.ThresholdRow(t.threshold().expression(), t.actual(), t.passed())).toList());
        main.out.println("results: " + json.getParent());
        main.out.flush();
        return exit;
    }

    /** The process's open-file limit, or -1 when the platform does not say. */
    private static long openFileLimit() {
        return java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                instanceof com.sun.management.UnixOperatingSystemMXBean unix ? unix.getMaxFileDescriptorCount() : -1;
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
            if (eq <= 0) throw new IllegalArgumentException("--set needs NAME=VALUE (got '" + s + "')");
            out.put(s.substring(0, eq).strip(), s.substring(eq + 1));
        }
        return out;
    }

    private static String firstLine(String s) {
        return s == null ? "" : s.lines().findFirst().orElse("");
    }
}
