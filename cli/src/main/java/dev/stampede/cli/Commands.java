package dev.stampede.cli;

import picocli.CommandLine;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * stampede's commands, in {@code --help} order, added to the command line only when they can be
 * needed. Picocli builds a command's model by reflecting over its annotations when the command is
 * added (a proxy per annotation type, every option of every subcommand); for all of them that is a
 * good part of a short command's start-up, while {@code stampede check churn} needs the model of
 * {@code check} alone. A command line whose first word names a command gets only that command;
 * {@code --version} none; anything else (help, no command, a misspelt command, which must be listed
 * and suggested) gets them all, so what picocli prints is the same as with every command always added.
 *
 * <p>Stateless; {@link #add} is called once per command line.
 */
final class Commands {

    /** Name as in each command's {@code @Command(name)} (CommandsSpec checks they agree) → a fresh instance. */
    static final Map<String, Supplier<Object>> ALL = all();

    private Commands() {
    }

    private static Map<String, Supplier<Object>> all() {
        Map<String, Supplier<Object>> m = new LinkedHashMap<>();
        m.put("run", RunCommand::new);
        m.put("check", CheckCommand::new);
        m.put("list", ListCommand::new);
        m.put("bench", BenchCommand::new);
        m.put("serve", ServeCommand::new);
        m.put("report", ReportCommand::new);
        m.put("compare", CompareCommand::new);
        m.put("convert", ConvertCommand::new);
        m.put("merge", MergeCommand::new);
        m.put("aot-training", CacheTraining::new);
        return java.util.Collections.unmodifiableMap(m);
    }

    /** Adds to {@code cmd} the commands {@code args} may reach. */
    static void add(CommandLine cmd, String[] args) {
        String first = args.length == 0 ? null : args[0];
        if (first != null && ALL.containsKey(first)) {
            cmd.addSubcommand(first, ALL.get(first).get());
        } else if (args.length == 1 && (first.equals("--version") || first.equals("-V"))) {
            return; // prints the version and nothing else
        } else {
            ALL.forEach((name, command) -> cmd.addSubcommand(name, command.get()));
        }
    }
}
