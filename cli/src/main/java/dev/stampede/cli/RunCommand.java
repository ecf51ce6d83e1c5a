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
import dev.stampede.engine.run.RunControl;
import dev.stampede.engine.run.RunSummary;
import dev.stampede.engine.run.Runner;
import dev.stampede.engine.run.SafetyCheck;
import dev.stampede.engine.run.ServerMonitor;
import dev.stampede.engine.target.BadUrlException;
import dev.stampede.engine.target.PostgresTarget;
import dev.stampede.engine.target.ResolvedTarget;
import dev.stampede.engine.target.TargetResolver;
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

    /** Says how {@code --duration} scaled a scenario of several stages (null when nothing was scaled). */
    private String scaled;

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
        if (total != null) {
            Plan asWritten = plan;
            plan = plan.withDuration(total);
            scaled = scalingNote(asWritten, plan, total);
        }
        Settings settings;
        try {
            settings = Settings.load();
        } catch (RuntimeException e) {
            main.err.println("stampede: configuration: " + e.getMessage());
            return Main.USAGE;
        }
        TargetResolver resolver = new TargetResolver(main.env, Path.of(System.getProperty("user.home", ".")), settings);
        try {
            resolver.choose(urls, plan.target()); // bad URLs are usage errors, before anything is created
        } catch (BadUrlException e) {
            main.err.println("stampede run: " + (urls.isEmpty() ? "target" : "--url") + ": " + e.getMessage());
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
            return run(plan, settings, resolver, dir);
        } finally {
            LogFile.close();
        }
    }

    private int run(Plan plan, Settings settings, TargetResolver resolver, Path dir) {
        main.out.println("stampede " + Main.version() + " · scenario '" + plan.name() + "' · " + plan.source());
        if (!plan.params().isEmpty()) {
            main.out.println("params: " + plan.params().entrySet().stream()
                    .map(e -> e.getKey() + "=" + (e.getValue() instanceof Duration d ? dev.stampede.dsl.Units.text(d) : e.getValue()))
                    .collect(Collectors.joining(" ")));
        }
        if (scaled != null) main.out.println(scaled);
        RunControl control = new RunControl();
        Signals signals = main.process ? Signals.install(control) : Signals.NONE;
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
        ResolvedTarget started;
        try {
            started = resolver.resolve(urls, plan.target(), embeddedSettings);
        } catch (IOException | RuntimeException e) {
            // the embedded server failed to start (or the target could not be set up) before the run began
            signals.close();
            log.error("the target could not be started", e);
            return cannotStart(plan, dir, embedded ? "embedded PostgreSQL 17" : targetNamed(resolver, plan),
                    (embedded ? "cannot start the embedded PostgreSQL: " : "cannot start: ") + firstLine(String.valueOf(e.getMessage())));
        }
        try (ResolvedTarget resolved = started) {
            main.out.println("target: " + resolved.describe());
            PostgresTarget target = new PostgresTarget(resolved.info(), settings);
            try {
                ServerStatus status = ServerMonitor.readOnce(target);
                main.out.println("server: " + status.connections() + "/" + status.maxConnections()
                        + " connections in use, " + status.reserved() + " reserved");
                var refusal = dev.stampede.engine.run.SafetyCheck.refusal(plan, status);
                if (refusal.isPresent()) {
                    log.error(refusal.get());
                    return cannotStart(plan, dir, resolved.describe(), refusal.get());
                }
            } catch (SQLException e) {
                log.error("target unreachable", e);
                return cannotStart(plan, dir, resolved.describe(), "cannot reach the target " + resolved.info().masked() + ": "
                        + ErrorKinds.describe(ErrorKinds.classify(e)) + " — " + firstLine(e.getMessage()));
            }
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
                runner = new Runner(plan, target, resolved.describe(), settings, outputs, control, true);
                summary = runner.run();
            } finally {
                if (dashboard != null) dashboard.close();
            }
            List<ThresholdResult> thresholds = Thresholds.evaluate(plan.thresholds(), summary);
            // a lost acknowledged write fails the run like a threshold does
            boolean failed = thresholds.stream().anyMatch(t -> !t.passed()) || !runner.ledgerIntact();
            if (summary.findings().get("hold") instanceof Map<?, ?> hold && Integer.valueOf(0).equals(hold.get("opened"))
                    && summary.stop().reason() == dev.stampede.engine.run.StopReason.COMPLETED) {
                main.out.print(SummaryTable.render(summary, thresholds));
                main.err.println("stampede run: could not open a single connection: "
                        + summary.errors().keySet().stream().map(ErrorKinds::describe).collect(Collectors.joining(", ")));
                SummaryJson.write(dir, summary, Main.CANNOT_RUN, List.of());
                return Main.CANNOT_RUN;
            }
            int exit = switch (summary.stop().reason()) {
                case COMPLETED -> failed ? Main.THRESHOLD_FAILED : Main.OK;
                case INTERRUPTED -> Main.INTERRUPTED;
                case ABORTED -> failed || summary.stop().message().startsWith("threshold") ? Main.THRESHOLD_FAILED : Main.CANNOT_RUN;
            };
            // the file first: what the terminal shows is already on disk
            Path json = SummaryJson.write(dir, summary, exit, thresholds.stream().map(SummaryJson.ThresholdRow::of).toList());
            main.out.println();
            main.out.print(SummaryTable.render(summary, thresholds));
            main.out.println("results: " + json.getParent());
            main.out.flush();
            return exit;
        } finally {
            signals.close();
        }
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
    private int cannotStart(Plan plan, Path dir, String target, String reason) {
        main.err.println("stampede run: " + reason);
        RunSummary nothing = new RunSummary(plan.name(), java.time.Instant.now(), Duration.ZERO, target,
                new RunControl.StopRequest(dev.stampede.engine.run.StopReason.ABORTED, reason), plan.params(), List.of(),
                Duration.ZERO, 0);
        try {
            SummaryJson.write(dir, nothing, Main.CANNOT_RUN, List.of());
            main.out.println("results: " + dir + " (nothing ran: summary.json says why, stampede.log has the details)");
        } catch (RuntimeException e) {
            log.error("cannot write summary.json", e);
        }
        main.out.flush();
        return Main.CANNOT_RUN;
    }

    /** The masked target the run was pointed at, for a record written before it could be resolved. */
    private String targetNamed(TargetResolver resolver, Plan plan) {
        return resolver.choose(urls, plan.target()).map(c -> c.info().masked() + " (" + c.origin().label() + ")").orElse("embedded PostgreSQL 17");
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
