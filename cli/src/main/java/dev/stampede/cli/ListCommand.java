package dev.stampede.cli;

import dev.stampede.dsl.ScenarioException;
import dev.stampede.engine.plan.Plan;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** {@code stampede list}: the bundled scenarios, runnable by name, with their descriptions and params. */
@Command(name = "list", description = "List the bundled scenarios (run them by name: stampede run churn).",
        mixinStandardHelpOptions = true)
final class ListCommand implements Callable<Integer> {

    @ParentCommand
    Main main;

    @Override
    public Integer call() throws IOException {
        for (String file : bundledNames()) {
            String name = file.substring(0, file.length() - ".groovy".length());
            try {
                Plan plan = ScenarioSource.compile(name, Map.of());
                String params = plan.params().entrySet().stream().map(e -> e.getKey() + "="
                                + (e.getValue() instanceof java.time.Duration d ? dev.stampede.dsl.Units.text(d) : e.getValue()))
                        .collect(Collectors.joining(" "));
                main.out.printf("%-16s %s%n", name, plan.description());
                if (!params.isEmpty()) main.out.printf("%-16s params: %s%n", "", params);
            } catch (ScenarioException e) {
                main.out.printf("%-16s (does not compile: %s)%n", name, e.problems().get(0));
            }
        }
        workloads(Path.of("workloads"));
        return Main.OK;
    }

    /** The INI workload files in {@code ./workloads} (the repository's samples), run by path. */
    private void workloads(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) return;
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> dev.stampede.dsl.ini.IniWorkload.isIni(p.toString())).sorted().toList();
        }
        if (files.isEmpty()) return;
        main.out.println();
        main.out.println("workload files (stampede run workloads/NAME.ini):");
        for (Path f : files) {
            try {
                var w = ScenarioSource.workload(f, dir.resolve(f.getFileName()).toString());
                String load = w.levels().map(l -> "sweep " + w.min() + ".." + w.max() + " connections")
                        .orElse((w.concurrency() != null ? w.concurrency() : w.min() != null ? w.min() : 1) + " connections");
                main.out.printf("%-16s %s, %s per level · %s%n", f.getFileName(), load, dev.stampede.dsl.Units.text(w.durationOrDefault()),
                        String.join(", ", w.workloads().stream().map(dev.stampede.dsl.ini.IniWorkload.Workload::name).toList()));
            } catch (ScenarioException e) {
                main.out.printf("%-16s (does not read: %s)%n", f.getFileName(), e.problems().get(0));
            }
        }
    }

    /** File names of the scenarios bundled in the jar (or in target/classes when run from the build). */
    static List<String> bundledNames() throws IOException {
        try {
            Path root = Path.of(ListCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (Files.isDirectory(root)) return names(root.resolve("scenarios"));
            try (FileSystem jar = FileSystems.newFileSystem(root)) {
                return names(jar.getPath("/scenarios"));
            }
        } catch (URISyntaxException e) {
            throw new IOException(e);
        }
    }

    private static List<String> names(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) return List.of();
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".groovy")).sorted().toList();
        }
    }
}
