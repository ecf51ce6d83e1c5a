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
        description = "Compare two result folders: rate and percentiles side by side, change in %%.",
        footer = {"", "Rules: [OPERATION:]METRIC >|< [+-]N%%  (metrics: rate errors p50 p90 p95 p99 p999 max), e.g.",
                "  stampede compare results/base results/new --fail-if 'p99 > +10%%' --fail-if 'rate < -5%%'",
                "Exit codes: 0 no rule broken · 1 a rule broken · 2 bad rule or folder"})
final class CompareCommand implements Callable<Integer> {

    @ParentCommand
    Main main;

    @Parameters(index = "0", paramLabel = "RUN_A", description = "the baseline result folder")
    Path a;

    @Parameters(index = "1", paramLabel = "RUN_B", description = "the result folder compared with it")
    Path b;

    @Option(names = "--fail-if", paramLabel = "RULE", description = "exit 1 when B's change breaks it, e.g. 'p99 > +10%%' (repeatable)")
    List<String> failIf = List.of();

    @Option(names = "--json", description = "print the comparison as JSON")
    boolean json;

    @Override
    public Integer call() {
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
        }
        return exit;
    }
}
