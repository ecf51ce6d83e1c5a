package dev.stampede.cli;

import dev.stampede.report.HtmlReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

/**
 * {@code stampede aot-training SCENARIO} (hidden): the workload the launcher runs once per jar to make
 * the JVM's start-up cache. The JDK's AOT cache keeps only the classes the training run loaded, so it
 * does what the short commands and the end of every run do: {@code check} of a scenario (Groovy's
 * compiler and the DSL), then drawing a report (XChart, Java2D, the PNG encoder: about half a second
 * of CPU when they are not in the cache) from a small real result folder bundled in the jar into a
 * temporary folder that is removed afterwards, then a one-second {@code run} against a server it starts
 * itself (see {@link #briefRun}). Nothing is printed and nothing is left behind; the exit code is
 * {@code check}'s. A report that cannot be drawn here only leaves its classes out of the
 * cache (the launcher then makes the cache from {@code check} alone).
 */
@Command(name = "aot-training", hidden = true, description = "the start-up cache's training run (used by ./stampede)")
final class CacheTraining implements Callable<Integer> {

    /** The files of the bundled result folder (a real 10 s churn run), read from this class's package. */
    static final List<String> FIXTURE = List.of("summary.json", "timeline.csv", "latency.hlog");

    @ParentCommand
    Main main;

    @Parameters(index = "0", paramLabel = "SCENARIO", description = "the scenario to check")
    String scenario;

    @Override
    public Integer call() {
        PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
        int exit = Main.execute(new String[]{"check", scenario}, quiet, quiet, main.env, false);
        try {
            drawReport();
        } catch (IOException | RuntimeException e) {
            main.err.println("stampede aot-training: the report was not drawn (" + e + "); the cache holds check's classes only");
        }
        try {
            briefRun(quiet, main.env);
        } catch (IOException | RuntimeException e) {
            main.err.println("stampede aot-training: the brief run did not run (" + e + "); the cache holds fewer of run's classes");
        }
        return exit;
    }

    /** What a run against a server stampede starts itself does before and after its operations, for one second. */
    static final String BRIEF_RUN = """
            scenario('training') {
                target fibServer('sequential')
                duration 1.seconds
                group('one') {
                    workers 1
                    loop { request '1', expect: '1', name: 'fib1' }
                }
                expect { errorRate() < 100.percent }
            }
            """;

    /**
     * A one-second run (engine, outputs, log file, summary, report: what every run does before its first
     * operation and after its last) against a Fibonacci server it starts itself, in a temporary folder
     * removed afterwards; then pgjdbc's connection path up to a refused connect (there is no database
     * here), so a run's first connection finds the driver's classes in the cache.
     */
    static void briefRun(PrintStream quiet, java.util.Map<String, String> env) throws IOException {
        Path dir = Files.createTempDirectory("stampede-training-");
        try {
            Path scenario = dir.resolve("training.groovy");
            Files.writeString(scenario, BRIEF_RUN);
            Main.execute(new String[]{"run", scenario.toString(), "--no-tui", "--out", dir.resolve("out").toString()}, quiet, quiet, env, false);
            int port;
            try (java.net.ServerSocket free = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
                port = free.getLocalPort();
            }
            var props = new java.util.Properties();
            props.setProperty("user", "training");
            props.setProperty("connectTimeout", "2");
            try (var c = java.sql.DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/training", props)) {
                c.isValid(1); // nothing listens there: never reached
            } catch (java.sql.SQLException expected) {
                // connection refused: the driver's classes are loaded, which is all this is for
            }
        } finally {
            delete(dir);
        }
    }

    /** Draws the bundled result folder's report in a temporary folder and removes it again. */
    static void drawReport() throws IOException {
        Path dir = Files.createTempDirectory("stampede-training-");
        try {
            for (String name : FIXTURE) {
                try (InputStream in = CacheTraining.class.getResourceAsStream("training/" + name)) {
                    if (in == null) throw new IOException("training/" + name + " is missing from the jar");
                    Files.copy(in, dir.resolve(name));
                }
            }
            HtmlReport.write(dir);
        } finally {
            delete(dir);
        }
    }

    private static void delete(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}
