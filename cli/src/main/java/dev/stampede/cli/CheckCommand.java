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

    @Override
    public Integer call() {
        try {
            Plan plan = ScenarioSource.compile(scenario, RunCommand.parseSets(sets));
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
