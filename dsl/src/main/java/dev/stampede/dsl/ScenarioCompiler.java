package dev.stampede.dsl;

import dev.stampede.engine.plan.Plan;
import dev.stampede.engine.plan.SourceRef;
import groovy.lang.Binding;
import groovy.lang.GroovyCodeSource;
import groovy.lang.GroovyClassLoader;
import groovy.lang.MissingMethodException;
import groovy.lang.MissingPropertyException;
import groovy.lang.Script;
import org.codehaus.groovy.control.CompilationUnit;
import org.codehaus.groovy.control.CompilerConfiguration;
import org.codehaus.groovy.control.Phases;
import org.codehaus.groovy.control.SourceUnit;
import org.codehaus.groovy.tools.GroovyClass;
import org.codehaus.groovy.control.MultipleCompilationErrorsException;
import org.codehaus.groovy.control.customizers.ASTTransformationCustomizer;
import org.codehaus.groovy.control.customizers.ImportCustomizer;
import groovy.transform.ThreadInterrupt;
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
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Compiles a scenario file into an engine {@link Plan}, or reports every problem in it as
 * {@code file:line:col: message}.
 *
 * <p>The script is compiled with {@link ScenarioScript} as its base class and the file's real name,
 * so stack frames (and thus run-time errors) point at the user's lines. The DSL does no I/O beyond
 * reading the file. One compilation per call; instances are stateless and thread-safe.
 *
 * <p>What the user's own code may do is bounded: calls that would end or escape the process are
 * refused at compile time ({@link ProcessGuard}); the script runs on a thread of its own for at most
 * {@code stampede.dsl.evaluation-timeout}, its loops interruptible ({@link ThreadInterrupt}), and
 * whatever it throws (an {@link Error} too) becomes one problem at its line and column.
 */
public final class ScenarioCompiler {

    /** Evaluation time when the configuration cannot be read ({@code stampede.dsl.evaluation-timeout}). */
    public static final Duration DEFAULT_EVALUATION_TIMEOUT = Duration.ofSeconds(10);

    private final boolean cleanup;
    private final Duration evaluationTimeout;
    /** Compiled scenarios kept between commands ({@code stampede.dsl.compiled-cache}), or null. */
    private final ScenarioClassCache cache;

    /** A compiler that keeps {@code teardown} only where the scenario says {@code cleanup true}. */
    public ScenarioCompiler() {
        this(false);
    }

    /** @param cleanup keep every scenario's {@code teardown}, whatever its {@code cleanup} says ({@code --cleanup}) */
    public ScenarioCompiler(boolean cleanup) {
        this(cleanup, Configured.load());
    }

    private ScenarioCompiler(boolean cleanup, Configured configured) {
        this(cleanup, configured.timeout, configured.cache);
    }

    /** @param evaluationTimeout how long the script may take to build its plan (a loop that never ends is stopped) */
    public ScenarioCompiler(boolean cleanup, Duration evaluationTimeout) {
        this(cleanup, evaluationTimeout, null);
    }

    /** @param cache where compiled scenarios are kept between commands, or null for none */
    public ScenarioCompiler(boolean cleanup, Duration evaluationTimeout, ScenarioClassCache cache) {
        this.cleanup = cleanup;
        this.evaluationTimeout = evaluationTimeout;
        this.cache = cache;
    }

    /** What the configuration says; a bad configuration is reported when the run loads it. */
    private record Configured(Duration timeout, ScenarioClassCache cache) {
        static Configured load() {
            try {
                var settings = dev.stampede.engine.config.Settings.load();
                return new Configured(settings.dslEvaluationTimeout(),
                        ScenarioClassCache.of(settings.dslCompiledCache()).orElse(null));
            } catch (RuntimeException e) {
                return new Configured(DEFAULT_EVALUATION_TIMEOUT, null);
            }
        }
    }

    /**
     * @param file        the scenario file
     * @param displayName how messages name the file (the path as the user typed it)
     * @param overrides   {@code --set name=value} pairs
     */
    public Plan compile(Path file, String displayName, Map<String, String> overrides) throws ScenarioException {
        String text;
        try {
            if (Files.isDirectory(file)) {
                throw new ScenarioException(List.of(new Problem(SourceRef.file(displayName), "is a folder, not a scenario file")));
            }
            text = SourceText.decode(Files.readAllBytes(file));
        } catch (NoSuchFileException e) {
            throw new ScenarioException(List.of(new Problem(SourceRef.file(displayName), "no such file")));
        } catch (IOException e) {
            throw new ScenarioException(List.of(new Problem(SourceRef.file(displayName), "cannot read: " + e.getMessage())));
        } catch (SourceText.NotText e) {
            throw new ScenarioException(List.of(new Problem(SourceRef.file(displayName), e.getMessage())));
        }
        return compile(text, displayName, file.getFileName().toString(), overrides);
    }

    /** Compiles {@code text} as if it were the file {@code displayName} (for specs and bundled scenarios). */
    public Plan compile(String text, String displayName, String fileName, Map<String, String> overrides)
            throws ScenarioException {
        try {
            text = SourceText.checked(text);
        } catch (SourceText.NotText e) {
            throw new ScenarioException(List.of(new Problem(SourceRef.file(displayName), e.getMessage())));
        }
        if (text.isBlank()) {
            throw new ScenarioException(List.of(new Problem(new SourceRef(displayName, 1, 1),
                    "the file is empty: expected scenario('name') { … }")));
        }
        String key = cache == null ? null : cache.key(fileName, text);
        CompiledScenario compiled = cache == null ? null : cache.find(key).orElse(null);
        Binding binding = new Binding();
        Script script = null;
        if (compiled != null) {
            try {
                script = compiled.script(binding);
            } catch (ClassNotFoundException | LinkageError | RuntimeException e) { // bytes that do not load: compile instead
                cache.reject(key, e);
                compiled = null;
            }
        }
        if (compiled == null) {
            compiled = classes(text, displayName, fileName);
            if (cache != null) cache.store(key, compiled);
            try {
                script = compiled.script(binding);
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException("the scenario's own classes do not load", e);
            }
        }
        Diagnostics diag = new Diagnostics(displayName, fileName, compiled.positions(), text);
        ScenarioScript.Context ctx = new ScenarioScript.Context(diag, overrides, cleanup);
        binding.setVariable(ScenarioScript.CONTEXT, ctx);
        evaluate(script, diag, ctx);
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

    /**
     * Compiles the script's classes, as {@code GroovyShell.parse} would, keeping their bytes: with
     * {@link ScenarioScript} as base class, the file's real name (stack frames point at the user's
     * lines) and the DSL's customizers, whose findings ({@link CallPositions}) travel with the classes.
     */
    private static CompiledScenario classes(String text, String displayName, String fileName) throws ScenarioException {
        CallPositions positions = new CallPositions();
        CompilerConfiguration cc = new CompilerConfiguration();
        cc.setScriptBaseClass(ScenarioScript.class.getName());
        cc.setTolerance(100); // every refused call at once, not the first ten
        cc.addCompilationCustomizers(new ImportCustomizer().addStarImports("java.time"), new NegativeArguments(),
                new ExpectTransform(text), positions);
        cc.addCompilationCustomizers(ProcessGuard.customizers(text));
        // loops and closures check for an interrupt: a never-ending loop stops at the timeout, or when the run stops
        cc.addCompilationCustomizers(new ASTTransformationCustomizer(ThreadInterrupt.class));
        GroovyCodeSource source = new GroovyCodeSource(text, fileName, "/stampede/scenario");
        try (GroovyClassLoader loader = new GroovyClassLoader(ScenarioCompiler.class.getClassLoader(), cc)) {
            CompilationUnit unit = new CompilationUnit(cc, source.getCodeSource(), loader);
            SourceUnit su = unit.addSource(source.getName(), source.getScriptText());
            unit.compile(Phases.CLASS_GENERATION);
            Map<String, byte[]> classes = new LinkedHashMap<>();
            for (GroovyClass c : unit.getClasses()) classes.put(c.getName(), c.getBytes());
            String main = su.getAST().getMainClassName();
            if (main == null || !classes.containsKey(main)) main = su.getAST().getClasses().getFirst().getName();
            return new CompiledScenario(main, classes, positions);
        } catch (MultipleCompilationErrorsException e) {
            throw new ScenarioException(syntaxProblems(e, displayName, text));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e); // closing a loader that holds no files
        }
    }

    /**
     * Runs the script on a thread of its own, for at most {@link #evaluationTimeout}: a loop that never
     * ends is interrupted (the loops check, see {@link ThreadInterrupt}) and reported at the line the
     * thread was on. Whatever the script throws becomes a problem at its line.
     */
    private void evaluate(Script script, Diagnostics diag, ScenarioScript.Context ctx) {
        Throwable[] thrown = new Throwable[1];
        Thread t = new Thread(null, () -> {
            Diagnostics.ACTIVE.set(diag);
            try {
                script.run();
            } catch (Throwable e) {
                thrown[0] = e;
            } finally {
                Diagnostics.ACTIVE.remove();
            }
        }, "scenario-" + diag.file(), 4L * 1024 * 1024);
        t.setDaemon(true);
        t.start();
        try {
            if (!t.join(evaluationTimeout)) {
                SourceRef at = diag.statementAt(t.getStackTrace());
                t.interrupt();
                t.join(Duration.ofSeconds(2));
                synchronized (diag) {
                    diag.report(at, "the scenario did not finish building within " + Units.text(evaluationTimeout)
                            + (at.line() > 0 ? ": stopped at line " + at.line() + " (a loop that never ends?)" : "")
                            + "; stampede.dsl.evaluation-timeout sets the limit");
                }
                return;
            }
        } catch (InterruptedException e) {
            t.interrupt();
            Thread.currentThread().interrupt();
            diag.report(SourceRef.file(diag.file()), "interrupted while building the scenario");
            return;
        }
        if (thrown[0] != null) report(thrown[0], diag, ctx);
    }

    /** What the script threw, as one problem at its line and column. */
    private static void report(Throwable e, Diagnostics diag, ScenarioScript.Context ctx) {
        switch (e) {
            case MissingMethodException m -> {
                String word = m.getMethod();
                diag.report(diag.at(m.getStackTrace(), word), "unknown word '" + word + "'"
                        + (ctx.scenario == null ? ": a scenario file starts with scenario('name') { … }" : ""));
            }
            case MissingPropertyException m -> {
                String word = m.getProperty();
                diag.report(diag.at(m.getStackTrace(), word), "unknown word '" + word + "'"
                        + (m.getType() != null && Number.class.isAssignableFrom(m.getType())
                        ? " after a number" + Words.suggestion(word, List.of("ms", "seconds", "minutes", "hours", "kb", "mb", "percent", "perSecond", "perMinute"))
                        : ""));
            }
            case StackOverflowError so -> diag.report(diag.at(so.getStackTrace(), null),
                    "the scenario's code recursed too deeply (StackOverflowError)");
            case OutOfMemoryError oom -> diag.report(diag.at(oom.getStackTrace(), null),
                    "the scenario's code ran out of memory (" + oneLine(oom) + ")");
            case InterruptedException ie -> diag.report(diag.at(ie.getStackTrace(), null), "interrupted while building the scenario");
            case NullPointerException npe when npe.getMessage() != null && npe.getMessage().endsWith(" on null object") ->
                // Groovy's "Cannot get property '5' on null object": a word's result used as a receiver (workers 5 5)
                    diag.report(diag.at(npe.getStackTrace(), null), npe.getMessage().replaceFirst("^Cannot (get property|invoke method) ",
                            "").replace(" on null object", "") + " follows a word that gives nothing back: is a comma"
                            + " or a line break missing before it?");
            default -> {
                // whatever the user's own Groovy throws while the scenario is built: one line at its script line
                boolean unclear = e instanceof NumberFormatException || e instanceof NullPointerException
                        || e instanceof ClassCastException || e instanceof IndexOutOfBoundsException;
                diag.report(diag.at(e.getStackTrace(), null), oneLine(e) + (unclear ? " (" + e.getClass().getSimpleName() + ")" : ""));
            }
        }
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
        List<String> all = text.lines().toList();
        if (m.startsWith("Unexpected character: ") && line >= 1 && line <= all.size()) {
            String l = all.get(line - 1);
            int at = Math.min(Math.max(column - 1, 0), l.length());
            int start = at; // the parser points into a run of quotes (at the last of ''') : find where it starts
            while (start > 0 && (l.charAt(start - 1) == '\'' || l.charAt(start - 1) == '"')) start--;
            String rest = l.substring(start);
            for (String quote : List.of("\"\"\"", "'''", "\"", "'")) {
                if (!rest.startsWith(quote)) continue;
                String body = rest.substring(quote.length());
                if (quote.length() == 1 && body.contains(quote)) {
                    return "this string has an unknown escape: after \\ write one of n t r b f s ' \" \\ $ or u and"
                            + " four hex digits (\\\\ for a backslash)";
                }
                return "this string is never closed: add the closing " + quote
                        + (quote.length() == 1 ? " (a '…' or \"…\" string ends on the line where it starts)" : "");
            }
        }
        if (m.startsWith("Unexpected input: '")) {
            List<String> lines = text.strip().lines().toList();
            if (line >= lines.size()) return unbalanced(text);
            String at = line >= 1 && column >= 1 && column <= all.get(line - 1).length()
                    ? all.get(line - 1).substring(column - 1).strip() : "";
            if (!at.isEmpty()) return "unexpected '" + at.charAt(0) + "' (is the statement before it complete?)";
        }
        int nl = m.indexOf('\n');
        if (nl >= 0) m = m.substring(0, nl).strip();
        return m.replaceFirst("^Unexpected input: '(.*)'$", "unexpected input '$1'")
                .replaceFirst("^Unexpected character: (.*)$", "unexpected character $1");
    }

    /**
     * What is unbalanced when the parser ran into the end of the file: a '{', '[' or '(' never closed,
     * or one '}' too many. Counts brackets outside strings and comments (roughly: enough to say which).
     */
    private static String unbalanced(String text) {
        int[] open = new int[3];
        String opens = "{[(", closes = "}])";
        char quote = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quote != 0) {
                if (c == '\\') i++;
                else if (c == quote) quote = 0;
                continue;
            }
            if (c == '\'' || c == '"') quote = c;
            else if (c == '/' && i + 1 < text.length() && text.charAt(i + 1) == '/') {
                while (i < text.length() && text.charAt(i) != '\n') i++;
            } else if (opens.indexOf(c) >= 0) open[opens.indexOf(c)]++;
            else if (closes.indexOf(c) >= 0) open[closes.indexOf(c)]--;
        }
        for (int k = 0; k < 3; k++) {
            if (open[k] > 0) {
                return "the file ends inside " + (k == 0 ? "a block" : k == 1 ? "a list" : "parentheses") + ": a '"
                        + opens.charAt(k) + "' is missing its '" + closes.charAt(k) + "'";
            }
        }
        if (open[0] < 0) return "one '}' too many: it closes no block";
        return "the file ends inside a block: a '{' is missing its '}'";
    }
}
