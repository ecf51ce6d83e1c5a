package dev.stampede.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.Map;

/**
 * {@code stampede}: parses the command line and hands over to {@code run} or {@code check}.
 *
 * <p>Exit codes (DESIGN.md): 0 ran and every threshold held · 1 a threshold failed · 2 bad usage or
 * a bad scenario · 3 the run could not start or was aborted · 130 interrupted. A user's mistake is
 * one line on stderr, never a stack trace.
 */
@Command(name = "stampede", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Runs scripted load scenarios against PostgreSQL and shows them live.",
        footer = {"", "Exit codes: 0 ok · 1 a threshold failed · 2 bad usage or scenario · 3 could not start or aborted · 130 interrupted"})
public final class Main implements java.util.concurrent.Callable<Integer> {

    // the exit codes are defined, and a run's decided, in one place: engine.result.ExitCode
    public static final int OK = dev.stampede.engine.result.ExitCode.OK;
    public static final int THRESHOLD_FAILED = dev.stampede.engine.result.ExitCode.THRESHOLD_FAILED;
    public static final int USAGE = dev.stampede.engine.result.ExitCode.USAGE;
    public static final int CANNOT_RUN = dev.stampede.engine.result.ExitCode.CANNOT_RUN;
    public static final int INTERRUPTED = dev.stampede.engine.result.ExitCode.INTERRUPTED;

    final PrintStream out;
    final PrintStream err;
    final Map<String, String> env;
    /** Real process: install signal handlers and allow the dashboard. False in in-process specs. */
    final boolean process;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    Main(PrintStream out, PrintStream err, Map<String, String> env, boolean process) {
        this.out = out;
        this.err = err;
        this.env = Map.copyOf(env);
        this.process = process;
    }

    public static void main(String[] args) {
        int code;
        try {
            code = execute(args, System.out, System.err, System.getenv(), true);
        } catch (Throwable t) { // a broken installation (missing classes): one line, not a trace
            System.err.println("stampede: cannot run: " + t + " (a broken build? rebuild with ./mvnw package)");
            code = CANNOT_RUN;
        }
        System.out.flush();
        System.exit(code);
    }

    /** Runs one command line and returns its exit code (specs call this in-process). */
    public static int execute(String[] args, PrintStream out, PrintStream err, Map<String, String> env, boolean process) {
        Main main = new Main(out, err, env, process);
        CommandLine cmd = new CommandLine(main);
        Commands.add(cmd, args);
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(err, true));
        cmd.setParameterExceptionHandler((ex, a) -> usage(err, ex));
        cmd.setExecutionExceptionHandler((ex, c, parsed) -> {
            if (ex instanceof CommandLine.ParameterException bad) return usage(err, bad); // a flag checked by its command
            if (ex instanceof com.typesafe.config.ConfigException bad) {
                err.println("stampede: configuration: " + bad.getMessage());
                return USAGE;
            }
            java.nio.file.Path log = LogFile.appendFailure("unexpected failure", ex);
            err.println("stampede: unexpected failure: " + ex + " (this is a bug"
                    + (log == null ? ")" : "; details in " + log + ")"));
            return CANNOT_RUN;
        });
        return cmd.execute(args);
    }

    /** A bad flag: one line naming it, control characters escaped, exit 2. */
    private static int usage(PrintStream err, CommandLine.ParameterException ex) {
        String m = ex.getMessage() == null ? "bad usage" : ex.getMessage().lines().findFirst().orElse("bad usage");
        err.println("stampede: " + dev.stampede.dsl.Problem.visible(m)
                + " (see stampede " + commandName(ex.getCommandLine()) + "--help)");
        return USAGE;
    }

    private static String commandName(CommandLine c) {
        return c.getParent() == null ? "" : commandName(c.getParent()) + c.getCommandName() + " ";
    }

    /** {@code stampede} without a command: the usage, on stderr, and exit 2 (it is a usage error). */
    @Override
    public Integer call() {
        err.println("stampede: which command? (run, check, list, bench)");
        spec.commandLine().usage(err);
        return USAGE;
    }

    static String version() {
        String v = Main.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }

    /** {@code stampede --version}. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[]{"stampede " + version() + " (Java " + Runtime.version() + ")"};
        }
    }
}
