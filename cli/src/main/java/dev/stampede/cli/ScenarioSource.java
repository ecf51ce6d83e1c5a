package dev.stampede.cli;

import dev.stampede.dsl.ScenarioCompiler;
import dev.stampede.dsl.Problem;
import dev.stampede.dsl.ScenarioException;
import dev.stampede.dsl.Words;
import dev.stampede.engine.plan.SourceRef;
import dev.stampede.engine.plan.Plan;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Finds the scenario a command names: a file path, or the name of a bundled scenario
 * ({@code churn} → {@code scenarios/churn.groovy} inside the jar), and compiles it.
 */
final class ScenarioSource {

    private ScenarioSource() {
    }

    static Plan compile(String arg, Map<String, String> sets) throws ScenarioException {
        return compile(arg, sets, false);
    }

    /** @param cleanup {@code --cleanup}: keep the scenario's teardown whatever its {@code cleanup} says */
    static Plan compile(String arg, Map<String, String> sets, boolean cleanup) throws ScenarioException {
        ScenarioCompiler compiler = new ScenarioCompiler(cleanup);
        Path file = Path.of(arg);
        if (!Files.exists(file) && !arg.contains("/")) {
            String name = arg.endsWith(".groovy") ? arg : arg + ".groovy";
            String bundled = bundled(name);
            if (bundled != null) return compiler.compile(bundled, "scenarios/" + name, name, sets);
        }
        if (!Files.exists(file)) {
            throw new ScenarioException(List.of(new Problem(SourceRef.file(arg), "no such file"
                    + (arg.contains("/") ? "" : " or bundled scenario") + suggestion(arg, file))));
        }
        if (dev.stampede.dsl.ini.IniWorkload.isIni(arg)) return ini(file, arg, sets);
        return compiler.compile(file, arg, sets);
    }

    /** An INI workload file, read as it is (it has no params: {@code --set} is refused). */
    static Plan ini(Path file, String arg, Map<String, String> sets) throws ScenarioException {
        if (!sets.isEmpty()) {
            String key = sets.keySet().iterator().next();
            throw new ScenarioException(List.of(new Problem(SourceRef.file(arg), "--set " + key
                    + ": a workload file has no params (use --duration, --sweep, --sweep-pause, or `stampede convert` to a scenario)")));
        }
        return workload(file, arg).plan(dev.stampede.engine.config.Settings.load().sweepPause());
    }

    static dev.stampede.dsl.ini.IniWorkload workload(Path file, String arg) throws ScenarioException {
        String text;
        try {
            if (Files.isDirectory(file)) throw new ScenarioException(List.of(new Problem(SourceRef.file(arg), "is a folder, not a workload file")));
            text = dev.stampede.dsl.SourceText.checked(dev.stampede.dsl.SourceText.decode(Files.readAllBytes(file)));
        } catch (java.nio.file.NoSuchFileException e) {
            throw new ScenarioException(List.of(new Problem(SourceRef.file(arg), "no such file")));
        } catch (IOException e) {
            throw new ScenarioException(List.of(new Problem(SourceRef.file(arg), "cannot read: " + e.getMessage())));
        } catch (dev.stampede.dsl.SourceText.NotText e) {
            throw new ScenarioException(List.of(new Problem(SourceRef.file(arg), e.getMessage())));
        }
        return dev.stampede.dsl.ini.IniWorkload.parse(text, arg);
    }

    /** {@code " (did you mean `churn`?)"}, or {@code `scenarios/churn.groovy`} for a path, or empty. */
    private static String suggestion(String arg, Path file) {
        return Words.nearest(stem(arg), nearby(file)).map(w -> {
            if (!arg.contains("/")) return w;
            String dir = arg.substring(0, arg.lastIndexOf('/') + 1);
            return dir + w + ".groovy";
        }).map(w -> " (did you mean `" + w + "`?)").orElse("");
    }

    /** What the user may have meant: the bundled scenarios' names, or the .groovy files beside a path. */
    private static List<String> nearby(Path file) {
        try {
            if (!file.toString().contains("/")) {
                return ListCommand.bundledNames().stream().map(ScenarioSource::stem).toList();
            }
            Path dir = file.toAbsolutePath().getParent();
            if (dir == null || !Files.isDirectory(dir)) return List.of();
            try (Stream<Path> s = Files.list(dir)) {
                return s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".groovy")).map(ScenarioSource::stem).toList();
            }
        } catch (IOException | RuntimeException e) {
            return List.of(); // a suggestion is a courtesy: never fail over it
        }
    }

    private static String stem(String name) {
        String base = name.substring(name.lastIndexOf('/') + 1);
        return base.endsWith(".groovy") ? base.substring(0, base.length() - ".groovy".length()) : base;
    }

    /** The text of bundled scenario {@code fileName}, or null. */
    static String bundled(String fileName) {
        try (InputStream in = ScenarioSource.class.getResourceAsStream("/scenarios/" + fileName)) {
            return in == null ? null : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
