package dev.stampede.dsl;

import dev.stampede.engine.plan.Plan;
import dev.stampede.engine.plan.SourceRef;
import groovy.lang.Binding;
import groovy.lang.GroovyCodeSource;
import groovy.lang.GroovyShell;
import groovy.lang.MissingMethodException;
import groovy.lang.MissingPropertyException;
import groovy.lang.Script;
import org.codehaus.groovy.control.CompilerConfiguration;
import org.codehaus.groovy.control.MultipleCompilationErrorsException;
import org.codehaus.groovy.control.customizers.ImportCustomizer;
import org.codehaus.groovy.control.messages.ExceptionMessage;
import org.codehaus.groovy.control.messages.Message;
import org.codehaus.groovy.control.messages.SimpleMessage;
import org.codehaus.groovy.control.messages.SyntaxErrorMessage;
import org.codehaus.groovy.syntax.SyntaxException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Compiles a scenario file into an engine {@link Plan}, or reports every problem in it as
 * {@code file:line:col: message}.
 *
 * <p>The script is compiled with {@link ScenarioScript} as its base class and the file's real name,
 * so stack frames (and thus run-time errors) point at the user's lines. The DSL does no I/O beyond
 * reading the file. One compilation per call; instances are stateless and thread-safe.
 */
public final class ScenarioCompiler {

    private final boolean cleanup;

    /** A compiler that keeps {@code teardown} only where the scenario says {@code cleanup true}. */
    public ScenarioCompiler() {
        this(false);
    }

    /** @param cleanup keep every scenario's {@code teardown}, whatever its {@code cleanup} says ({@code --cleanup}) */
    public ScenarioCompiler(boolean cleanup) {
        this.cleanup = cleanup;
    }

    /**
     * @param file        the scenario file
     * @param displayName how messages name the file (the path as the user typed it)
     * @param overrides   {@code --set name=value} pairs
     */
    public Plan compile(Path file, String displayName, Map<String, String> overrides) throws ScenarioException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new ScenarioException(List.of(new Problem(SourceRef.file(displayName), "no such file")));
        } catch (IOException e) {
            throw new ScenarioException(List.of(new Problem(SourceRef.file(displayName), "cannot read: " + e.getMessage())));
        }
        return compile(text, displayName, file.getFileName().toString(), overrides);
    }

    /** Compiles {@code text} as if it were the file {@code displayName} (for specs and bundled scenarios). */
    public Plan compile(String text, String displayName, String fileName, Map<String, String> overrides)
            throws ScenarioException {
        if (text.isBlank()) {
            throw new ScenarioException(List.of(new Problem(new SourceRef(displayName, 1, 1),
                    "the file is empty: expected scenario('name') { … }")));
        }
        CallPositions positions = new CallPositions();
        Diagnostics diag = new Diagnostics(displayName, fileName, positions);
        CompilerConfiguration cc = new CompilerConfiguration();
        cc.setScriptBaseClass(ScenarioScript.class.getName());
        cc.addCompilationCustomizers(new ImportCustomizer().addStarImports("java.time"), new ExpectTransform(text), positions);
        ScenarioScript.Context ctx = new ScenarioScript.Context(diag, overrides, cleanup);
        Binding binding = new Binding();
        binding.setVariable(ScenarioScript.CONTEXT, ctx);
        GroovyShell shell = new GroovyShell(ScenarioCompiler.class.getClassLoader(), binding, cc);
        Script script;
        try {
            script = shell.parse(new GroovyCodeSource(text, fileName, "/stampede/scenario"));
        } catch (MultipleCompilationErrorsException e) {
            throw new ScenarioException(syntaxProblems(e, displayName, text));
        }
        Diagnostics.ACTIVE.set(diag);
        try {
            script.run();
        } catch (MissingMethodException e) {
            String word = e.getMethod();
            diag.report(diag.at(e.getStackTrace(), word), "unknown word '" + word + "'"
                    + (ctx.scenario == null ? ": a scenario file starts with scenario('name') { … }" : ""));
        } catch (MissingPropertyException e) {
            String word = e.getProperty();
            diag.report(diag.at(e.getStackTrace(), word), "unknown word '" + word + "'"
                    + (e.getType() != null && Number.class.isAssignableFrom(e.getType())
                    ? " after a number" + Words.suggestion(word, List.of("ms", "seconds", "minutes", "hours", "kb", "mb", "percent", "perSecond", "perMinute"))
                    : ""));
        } catch (RuntimeException | StackOverflowError e) {
            // whatever the user's own Groovy throws while the scenario is built: one line at its script line
            diag.report(diag.at(e.getStackTrace(), null), oneLine(e));
        } finally {
            Diagnostics.ACTIVE.remove();
        }
        Plan plan = null;
        if (ctx.scenario == null) {
            if (diag.clean()) diag.report(new SourceRef(displayName, 1, 1), "no scenario in this file: expected scenario('name') { … }");
        } else {
            try {
                plan = ctx.scenario.build();
            } catch (IllegalArgumentException e) {
                diag.report(SourceRef.file(displayName), e.getMessage());
            }
        }
        if (!diag.clean() || plan == null) throw new ScenarioException(diag.problems());
        return plan;
    }

    private static String oneLine(Throwable e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        int nl = m.indexOf('\n');
        return nl >= 0 ? m.substring(0, nl) : m;
    }

    private static List<Problem> syntaxProblems(MultipleCompilationErrorsException e, String displayName, String text) {
        List<Problem> out = new ArrayList<>();
        for (Message m : e.getErrorCollector().getErrors()) {
            if (m instanceof SyntaxErrorMessage s) {
                SyntaxException x = s.getCause();
                out.add(new Problem(new SourceRef(displayName, Math.max(1, x.getLine()), Math.max(1, x.getStartColumn())),
                        cleanSyntax(x.getOriginalMessage(), text, x.getLine(), x.getStartColumn())));
            } else if (m instanceof ExceptionMessage x) {
                out.add(new Problem(new SourceRef(displayName, 1, 1), oneLine(x.getCause())));
            } else if (m instanceof SimpleMessage x) {
                out.add(new Problem(SourceRef.file(displayName), x.getMessage()));
            }
        }
        if (out.isEmpty()) out.add(new Problem(SourceRef.file(displayName), oneLine(e)));
        return out;
    }

    /**
     * Groovy's parser messages, shortened to the part a scenario author needs. The parser reports
     * "unexpected input" with the whole rest of the block; what it stumbled on is the character at
     * the position, and at the end of the file that means a brace was never closed.
     */
    private static String cleanSyntax(String message, String text, int line, int column) {
        String m = message.strip();
        if (m.startsWith("Unexpected input: '")) {
            List<String> lines = text.strip().lines().toList();
            if (line >= lines.size()) return "the file ends inside a block: a '{' is missing its '}'";
            String at = line >= 1 && column >= 1 && column <= text.lines().toList().get(line - 1).length()
                    ? text.lines().toList().get(line - 1).substring(column - 1).strip() : "";
            if (!at.isEmpty()) return "unexpected '" + at.charAt(0) + "' (is the statement before it complete?)";
        }
        int nl = m.indexOf('\n');
        if (nl >= 0) m = m.substring(0, nl).strip();
        return m.replaceFirst("^Unexpected input: '(.*)'$", "unexpected input '$1'")
                .replaceFirst("^Unexpected character: (.*)$", "unexpected character $1");
    }
}
