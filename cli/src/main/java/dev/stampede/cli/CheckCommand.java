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

    @Option(names = "--sweep", paramLabel = "[GROUP.]KNOB=LEVELS",
            description = "print the plan swept: a stage per level, as run --sweep would run it")
    String sweep;

    @Option(names = "--sweep-pause", paramLabel = "DURATION", description = "pause with no load between sweep levels (default stampede.sweep.pause)")
    String sweepPause;

    @Override
    public Integer call() {
        try {
            var part = shard == null ? dev.stampede.engine.shard.Shard.WHOLE : dev.stampede.engine.shard.Shard.parse(shard);
            Plan plan = ScenarioSource.compile(scenario, RunCommand.parseSets(sets));
            if (sweep != null || sweepPause != null) {
                plan = SweepFlag.apply(plan, sweep, sweepPause, sweep == null ? java.time.Duration.ZERO
                        : dev.stampede.engine.config.Settings.load().sweepPause());
            }
            plan = dev.stampede.engine.shard.ShardSplit.of(plan, part);
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
