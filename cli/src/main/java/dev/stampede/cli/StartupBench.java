package dev.stampede.cli;

import dev.stampede.engine.config.Settings;
import dev.stampede.engine.postgres.EmbeddedServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code stampede bench startup}: what a user waits for before stampede does anything — wall and CPU
 * time of {@code --version}, of {@code check churn} and of {@code run} until its first operation —
 * each through the launcher script, as a user starts it (start-up cache and compiled-scenario cache
 * included), over several runs; and {@code check churn} once more without the compiled-scenario cache,
 * as a scenario costs the first time it is seen.
 *
 * <p>CPU is the whole process tree's (the JVM's compiler and GC threads included), read by the shell's
 * {@code time} from the exited children. The first operation of a run is stamped by the scenario itself
 * (epoch milliseconds written to a file by its only step), so nothing inside the engine is trusted for it.
 */
@Command(name = "startup", mixinStandardHelpOptions = true,
        description = "wall and CPU time of --version, check and run-to-first-operation, through the launcher")
final class StartupBench implements Runnable {

    @ParentCommand
    BenchCommand bench;

    @Option(names = "--runs", description = "runs of each command (default: ${DEFAULT-VALUE})")
    int runs = 5;

    @Override
    public void run() {
        if (runs < 1) throw new picocli.CommandLine.ParameterException(
                new picocli.CommandLine(this), "--runs must be at least 1 (got " + runs + ")");
        var out = bench.main.out;
        Path launcher = launcher();
        Path home = launcher.getParent();
        out.printf(Locale.ROOT, "startup: %d run(s) of each command through %s (JVM %s)%n", runs, launcher,
                System.getProperty("java.version"));
        measure(out, "--version", List.of(launcher.toString(), "--version"), null);
        List<String> check = List.of(launcher.toString(), "check", home.resolve("scenarios/churn.groovy").toString());
        measure(out, "check churn", check, null);
        // the same without the compiled-scenario cache: what a scenario costs the first time it is seen
        measure(out, "check churn, compiling", check, null, Map.of("STAMPEDE_SCENARIO_CACHE", "off"));

        try (EmbeddedServer server = EmbeddedServer.start(Settings.load(), Map.of())) {
            Path dir = Files.createTempDirectory("stampede-startup");
            try {
                Path scenario = dir.resolve("first-op.groovy");
                Path marker = dir.resolve("first-op.txt");
                Files.writeString(scenario, """
                        scenario('first operation') {
                            duration 1.seconds
                            group('one') {
                                workers 1
                                loop {
                                    timed('stamp') {
                                        def f = new File('%s')
                                        if (!f.exists()) f.text = String.valueOf(System.currentTimeMillis())
                                    }
                                    pause 10.ms
                                }
                            }
                        }
                        """.formatted(marker.toString().replace("\\", "\\\\").replace("'", "\\'")));
                measure(out, "run to first operation", List.of(launcher.toString(), "run", scenario.toString(), "--no-tui",
                        "--url", url(server.connectionInfo()), "--out", dir.resolve("out").toString()), marker);
            } finally {
                deleteTree(dir);
            }
        } catch (IOException e) {
            throw new IllegalStateException("bench startup: " + e.getMessage(), e);
        }
    }

    /** One command, {@code runs} times: min/median/max of wall and CPU seconds (and of first-operation time). */
    private void measure(java.io.PrintStream out, String label, List<String> command, Path marker) {
        measure(out, label, command, marker, Map.of());
    }

    private void measure(java.io.PrintStream out, String label, List<String> command, Path marker, Map<String, String> env) {
        double[] wall = new double[runs], cpu = new double[runs], first = new double[runs];
        for (int i = 0; i < runs; i++) {
            try {
                if (marker != null) Files.deleteIfExists(marker);
                List<String> timed = new ArrayList<>(List.of("bash", "-c",
                        "TIMEFORMAT='%R %U %S'; { time \"$@\" >\"$STARTUP_LOG\" 2>&1 ; } 2>&1", "startup"));
                timed.addAll(command);
                long spawned = System.currentTimeMillis();
                Path log = Files.createTempFile("stampede-startup", ".log");
                ProcessBuilder pb = new ProcessBuilder(timed).redirectErrorStream(true);
                pb.environment().put("STARTUP_LOG", log.toString());
                pb.environment().putAll(env);
                Process p = pb.start();
                String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
                if (!p.waitFor(120, TimeUnit.SECONDS)) { p.destroyForcibly(); throw new IllegalStateException(label + " did not end in 120 s"); }
                String[] f = text.substring(text.lastIndexOf('\n') + 1).trim().split(" ");
                if (marker == null) Files.deleteIfExists(log);
                wall[i] = Double.parseDouble(f[0]);
                cpu[i] = Double.parseDouble(f[1]) + Double.parseDouble(f[2]);
                if (marker != null) {
                    if (!Files.exists(marker)) throw new IllegalStateException(label + ": the run recorded no operation; it printed:\n"
                            + Files.readString(log));
                    first[i] = (Long.parseLong(Files.readString(marker).trim()) - spawned) / 1000.0;
                }
            } catch (IOException e) {
                throw new IllegalStateException(label + ": " + e.getMessage(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        String line = String.format(Locale.ROOT, "startup %-22s wall %s s, CPU %s s", label, spread(wall), spread(cpu));
        if (marker != null) line += String.format(Locale.ROOT, ", first operation after %s s", spread(first));
        out.println(line + "   (min/median/max)");
    }

    /** The embedded server's URL with its user (it has no password). */
    private static String url(dev.stampede.engine.postgres.ConnectionInfo info) {
        var host = info.hosts().get(0);
        return "postgresql://" + info.user() + "@" + host.host() + ":" + host.port() + "/" + info.database();
    }

    static String spread(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        return String.format(Locale.ROOT, "%.2f/%.2f/%.2f", v[0], v[v.length / 2], v[v.length - 1]);
    }

    /** The launcher script: {@code STAMPEDE_HOME} set by it, else the folder above the jar's {@code cli/target}. */
    private static Path launcher() {
        String home = System.getenv("STAMPEDE_HOME");
        if (home != null) return Path.of(home, "stampede");
        try {
            Path jar = Path.of(StartupBench.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            Path candidate = jar.getParent().getParent().getParent().resolve("stampede");
            if (Files.isExecutable(candidate)) return candidate;
        } catch (Exception ignored) {
            // fall through to the message below
        }
        throw new IllegalStateException("bench startup: cannot find the ./stampede launcher (run it through ./stampede)");
    }

    private static void deleteTree(Path dir) {
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temp folder left behind is harmless
        }
    }
}
