package dev.stampede.cli;

import dev.stampede.dsl.Problem;
import dev.stampede.dsl.ScenarioException;
import dev.stampede.dsl.ini.IniWorkload;
import dev.stampede.engine.plan.SourceRef;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code stampede convert FILE.ini}: prints the {@code .groovy} scenario an INI workload file is
 * equivalent to (the same plan: setup, teardown, one group per workload, the sweep), so a workload
 * can grow beyond what the format says. Writes nothing; redirect the output to a file.
 */
@Command(name = "convert", description = "Print the .groovy scenario equivalent to an INI workload file.",
        mixinStandardHelpOptions = true)
final class ConvertCommand implements Callable<Integer> {

    @ParentCommand
    Main main;

    @Parameters(index = "0", paramLabel = "FILE.ini", description = "a workload file (duration=…, [setup], [teardown], one [section] per workload)")
    String file;

    @Override
    public Integer call() {
        try {
            Path path = Path.of(file);
            if (!Files.exists(path)) throw new ScenarioException(List.of(new Problem(SourceRef.file(file), "no such file")));
            if (!IniWorkload.isIni(file)) {
                throw new ScenarioException(List.of(new Problem(SourceRef.file(file), "convert reads INI workload files (FILE.ini)")));
            }
            main.out.print(ScenarioSource.workload(path, file).groovy());
            return Main.OK;
        } catch (ScenarioException e) {
            main.err.println(e.getMessage());
            return Main.USAGE;
        }
    }
}
