package dev.stampede.cli;

import dev.stampede.dsl.ScenarioCompiler;
import dev.stampede.dsl.ScenarioException;
import dev.stampede.engine.plan.Plan;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

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
        return compiler.compile(file, arg, sets);
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
