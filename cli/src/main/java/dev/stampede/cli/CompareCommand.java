package dev.stampede.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stampede.report.ResultFolder;
import dev.stampede.report.RunComparison;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code stampede compare A B}: per operation, rate, errors and percentiles of two runs side by side
 * with B's change; {@code --fail-if} rules make it exit 1 when B regressed (a CI gate).
 */
@Command(name = "compare", mixinStandardHelpOptions = true,
        description = "Compare two result folders (rate and percentiles side by side, change in %%), or draw the sweeps of several on one chart.",
        footer = {"", "Rules: [OPERATION:]METRIC >|< [+-]N%%  (metrics: rate errors p50 p90 p95 p99 p999 max), e.g.",
                "  stampede compare results/base results/new --fail-if 'p99 > +10%%' --fail-if 'rate < -5%%'",
                "Exit codes: 0 no rule broken · 1 a rule broken · 2 bad rule or folder"})
final class CompareCommand implements Callable<Integer> {

    @ParentCommand
    Main main;

    @Parameters(arity = "2..*", paramLabel = "RUN",
            description = "the baseline result folder, then the one compared with it; more than two: sweeps, drawn on one chart")
    List<Path> runs;

    @Option(names = "--out", paramLabel = "DIR", description = "where sweeps.png and sweeps.html go (default: the first run's folder)")
    Path out;

    @Option(names = "--fail-if", paramLabel = "RULE", description = "exit 1 when B's change breaks it, e.g. 'p99 > +10%%' (repeatable)")
    List<String> failIf = List.of();

    @Option(names = "--json", description = "print the comparison as JSON")
    boolean json;

    @Override
    public Integer call() {
        Path a = runs.get(0), b = runs.get(1);
        if (out != null && java.nio.file.Files.exists(out) && !java.nio.file.Files.isDirectory(out)) {
            main.err.println("stampede compare: --out " + out + ": is a file, not a folder");
            return Main.USAGE;
        }
        if (runs.size() > 2) return sweeps();
        if (out != null && !json) {
            // --out draws the two runs' sweeps: refused before the comparison is printed, not after
            for (Path run : runs) {
                try {
                    if (dev.stampede.report.SweepCharts.curve("", ResultFolder.read(run)).isEmpty()) {
                        main.err.println("stampede compare: --out draws the runs' sweeps, and " + run
                                + " is not a sweep (its summary.json has fewer than 2 levels); without --out two runs compare as usual");
                        return Main.USAGE;
                    }
                } catch (ResultFolder.BadFolderException e) {
                    break; // named by the comparison below, as without --out
                }
            }
        }
        RunComparison comparison;
        try {
            List<RunComparison.Rule> rules = new ArrayList<>();
            for (String r : failIf) rules.add(RunComparison.Rule.parse(r));
            comparison = RunComparison.of(ResultFolder.read(a), ResultFolder.read(b), rules);
        } catch (RunComparison.BadRuleException | ResultFolder.BadFolderException e) {
            main.err.println("stampede compare: " + e.getMessage());
            return Main.USAGE;
        }
        int exit = comparison.failures().isEmpty() ? Main.OK : Main.THRESHOLD_FAILED;
        if (json) {
            try {
                main.out.println(new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(comparison.json(exit)));
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        } else {
            main.out.print(comparison.text());
            if (!failIf.isEmpty() && exit == Main.OK) main.out.println("no rule broken");
            if (out != null) {
                Integer drawn = sweeps(); // two sweeps drawn on one chart when --out asks for it
                if (drawn != Main.OK) return drawn;
            }
        }
        return exit;
    }

    /** {@code compare A B C …}: every run must be a sweep; their curves on one chart, their levels as tables. */
    private int sweeps() {
        if (!failIf.isEmpty() || json) {
            main.err.println("stampede compare: " + (json ? "--json" : "--fail-if") + " compares two runs (got " + runs.size()
                    + "); more than two runs draw their sweeps");
            return Main.USAGE;
        }
        try {
            var sweeps = dev.stampede.report.SweepComparison.of(runs);
            Path dir = out != null ? out : runs.get(0);
            java.nio.file.Files.createDirectories(dir);
            main.out.print(sweeps.text());
            for (Path p : sweeps.write(dir)) main.out.println("wrote " + p);
            return Main.OK;
        } catch (ResultFolder.BadFolderException e) {
            main.err.println("stampede compare: " + e.getMessage());
            return Main.USAGE;
        } catch (java.io.IOException | java.io.UncheckedIOException e) {
            main.err.println("stampede compare: cannot write into " + (out != null ? out : runs.get(0)) + ": " + e.getMessage());
            return Main.CANNOT_RUN;
        }
    }
}
