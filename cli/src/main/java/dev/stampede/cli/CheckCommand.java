package dev.stampede.cli;

import dev.stampede.dsl.ScenarioException;
import dev.stampede.engine.output.PlanTree;
import dev.stampede.engine.plan.Plan;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

import java.util.List;
import java.util.concurrent.Callable;

/** {@code stampede check SCENARIO}: compile and validate, print the plan, run nothing. */
@Command(name = "check", description = "Compile and validate a scenario and print its plan; runs nothing.",
        mixinStandardHelpOptions = true)
final class CheckCommand implements Callable<Integer> {

    @ParentCommand
    Main main;

    @Parameters(index = "0", paramLabel = "SCENARIO", description = "a .groovy file or the name of a bundled scenario")
    String scenario;

    @Option(names = "--set", paramLabel = "NAME=VALUE", description = "override a param (repeatable)")
    List<String> sets = List.of();

    @Option(names = "--shard", paramLabel = "i/N", description = "print shard i of N's share of the plan")
    String shard;

    @Option(names = "--sweep", paramLabel = "[GROUP.]KNOB=LEVELS", description = "print the plan swept as run --sweep would run it: workers=1..256, workers=1,8,32, rate=100..3200")
    String sweep;

    @Option(names = "--sweep-pause", paramLabel = "DURATION", description = "the pause between sweep levels, as for run")
    String sweepPause;

    @Override
    public Integer call() {
        try {
            var part = shard == null ? dev.stampede.engine.shard.Shard.WHOLE : dev.stampede.engine.shard.Shard.parse(shard);
            Plan compiled = ScenarioSource.compile(scenario, RunCommand.parseSets(sets));
            compiled = SweepFlag.apply(compiled, sweep, sweepPause, dev.stampede.engine.config.Settings.load().sweepPause());
            Plan plan = dev.stampede.engine.shard.ShardSplit.of(compiled, part);
            if (shard != null) {
                main.out.println("shard " + part + (part.first() ? " (set-up, teardown, timed events and the safety pre-flight run here)"
                        : " (set-up, teardown, timed events and the safety pre-flight run on shard 1)"));
            }
            main.out.print(PlanTree.render(plan));
            return Main.OK;
        } catch (ScenarioException e) {
            main.err.println(e.getMessage());
            return Main.USAGE;
        } catch (IllegalArgumentException e) {
            main.err.println("stampede check: " + e.getMessage());
            return Main.USAGE;
        }
    }
}
