package dev.stampede.cli;

import dev.stampede.engine.config.Settings;
import dev.stampede.engine.output.Format;
import dev.stampede.engine.plan.ArrivalRate;
import dev.stampede.engine.plan.ClosedLoop;
import dev.stampede.engine.plan.Connect;
import dev.stampede.engine.plan.Group;
import dev.stampede.engine.plan.LoadModel;
import dev.stampede.engine.plan.Plan;
import dev.stampede.engine.plan.SourceRef;
import dev.stampede.engine.plan.Stage;
import dev.stampede.engine.plan.Step;
import dev.stampede.engine.plan.StepContext;
import dev.stampede.engine.plan.TargetSpec;
import dev.stampede.engine.plan.Timed;
import dev.stampede.engine.plan.UserCode;
import dev.stampede.engine.run.OperationTotals;
import dev.stampede.engine.run.RunControl;
import dev.stampede.engine.run.RunSummary;
import dev.stampede.engine.run.Runner;
import dev.stampede.engine.target.ConnectionInfo;
import dev.stampede.engine.target.EmbeddedServer;
import dev.stampede.engine.target.PostgresTarget;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code stampede bench}: measurements of stampede itself, printed as figures (not pass/fail tests):
 * engine overhead, open-model accuracy, and connection churn side by side with pgbench.
 */
@Command(name = "bench", description = "Measure stampede itself: engine overhead, open-model accuracy, churn vs pgbench.",
        mixinStandardHelpOptions = true,
        subcommands = {BenchCommand.Overhead.class, BenchCommand.Rate.class, BenchCommand.Churn.class, BenchCommand.HoldMany.class})
final class BenchCommand implements Runnable {

    @ParentCommand
    Main main;

    @Override
    public void run() {
        main.out.println("choose one: stampede bench overhead | rate | churn   (see --help of each)");
    }

    static final SourceRef HERE = SourceRef.file("bench");

    /** A user operation that does nothing: what remains is the engine's own cost. */
    static final UserCode NOTHING = new UserCode() {
        @Override
        public void run(StepContext ctx) {
        }

        @Override
        public SourceRef where() {
            return HERE;
        }
    };

    static RunSummary run(LoadModel load, Step step, Duration d, PostgresTarget target) {
        Plan plan = new Plan("bench", "", HERE, Map.of(), TargetSpec.DEFAULT,
                List.of(new Stage("bench", d, List.of(new Group("bench", load, step == null ? List.of() : List.of(step), HERE)))));
        Settings settings = Settings.load();
        PostgresTarget t = target != null ? target
                : new PostgresTarget(ConnectionInfo.parse("postgresql://nobody@127.0.0.1:1/none", "nobody"), settings);
        return new Runner(plan, t, "none", settings, List.of(), new RunControl(), false).run();
    }

    static OperationTotals op(RunSummary s, String name) {
        return s.operations().stream().filter(o -> o.name().equals(name)).findFirst().orElseThrow();
    }

    static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /** (a) A no-op operation in the closed model: operations/s and CPU nanoseconds per recorded operation. */
    @Command(name = "overhead", description = "no-op operations in the closed model: ops/s and CPU ns per recorded operation")
    static final class Overhead implements Runnable {
        @ParentCommand
        BenchCommand bench;
        @Option(names = "--workers", description = "concurrent workers (default: ${DEFAULT-VALUE})")
        int workers = 4;
        @Option(names = "--seconds", description = "measured seconds per round (default: ${DEFAULT-VALUE})")
        int seconds = 5;

        @Override
        public void run() {
            var out = bench.main.out;
            run(LoadModel(), 1); // warm-up
            for (int round = 1; round <= 3; round++) {
                long cpu0 = cpuNanos();
                RunSummary s = BenchCommand.run(LoadModel(), new Timed("noop", NOTHING), Duration.ofSeconds(seconds), null);
                long cpu = cpuNanos() - cpu0;
                OperationTotals noop = op(s, "noop");
                out.printf(Locale.ROOT, "overhead round %d: %d workers, %s ops/s, %.0f ns CPU per recorded operation, p99 %s%n",
                        round, workers, Format.rate(noop.ratePerSecond()), (double) cpu / Math.max(1, noop.count()),
                        Format.latency(noop.latency().p99()));
            }
        }

        private LoadModel LoadModel() {
            return new ClosedLoop(workers);
        }

        private void run(LoadModel m, int secs) {
            BenchCommand.run(m, new Timed("noop", NOTHING), Duration.ofSeconds(secs), null);
        }
    }

    /** (b) Open-model accuracy: achieved rate error and p99 schedule lag at a given rate. */
    @Command(name = "rate", description = "open model at a fixed rate: achieved rate error and p99 schedule lag")
    static final class Rate implements Runnable {
        @ParentCommand
        BenchCommand bench;
        @Option(names = "--rates", split = ",", description = "rates per second (default: ${DEFAULT-VALUE})")
        List<Integer> rates = List.of(1000, 10000);
        @Option(names = "--seconds", description = "seconds per rate (default: ${DEFAULT-VALUE})")
        int seconds = 10;

        @Override
        public void run() {
            var out = bench.main.out;
            for (int rate : rates) {
                RunSummary s = BenchCommand.run(new ArrivalRate(rate, 100), new Timed("noop", NOTHING), Duration.ofSeconds(seconds), null);
                OperationTotals noop = op(s, "noop");
                OperationTotals lag = op(s, "bench lag");
                double achieved = noop.count() / (double) seconds;
                out.printf(Locale.ROOT, "rate %d/s for %ds: achieved %.1f/s (error %+.2f%%), schedule lag p50 %s p99 %s max %s%n",
                        rate, seconds, achieved, (achieved - rate) * 100.0 / rate, Format.latency(lag.latency().p50()),
                        Format.latency(lag.latency().p99()), Format.latency(lag.latency().max()));
            }
        }
    }

    /** Hold N idle connections on an embedded server: time to open them all and client memory per connection. */
    @Command(name = "hold", description = "hold N idle connections: time to open all and client memory per connection")
    static final class HoldMany implements Runnable {
        @ParentCommand
        BenchCommand bench;
        @Option(names = "--connections", description = "connections to hold (default: ${DEFAULT-VALUE})")
        int connections = 2000;
        @Option(names = "--batch", description = "opened concurrently per batch (default: ${DEFAULT-VALUE})")
        int batch = 100;
        @Option(names = "--seconds", description = "seconds to hold them (default: ${DEFAULT-VALUE})")
        int seconds = 5;

        @Override
        public void run() {
            Settings settings = Settings.load();
            try (EmbeddedServer server = EmbeddedServer.start(settings,
                    Map.of("max_connections", String.valueOf(connections + 20)))) {
                PostgresTarget target = new PostgresTarget(server.connectionInfo(), settings);
                RunSummary s = BenchCommand.run(new dev.stampede.engine.plan.Hold(connections, batch, Duration.ZERO,
                        Duration.ZERO, false), null, Duration.ofSeconds(seconds), target);
                s.notes().forEach(bench.main.out::println);
                OperationTotals open = op(s, "open");
                bench.main.out.printf(Locale.ROOT, "hold: open latency p50 %s p99 %s max %s, %d failed%n",
                        Format.latency(open.latency().p50()), Format.latency(open.latency().p99()),
                        Format.latency(open.latency().max()), open.errors());
            } catch (IOException e) {
                throw new IllegalStateException("bench hold: " + e.getMessage(), e);
            }
        }
    }

    /** Connection churn side by side with {@code pgbench -C} on one embedded server, same concurrency. */
    @Command(name = "churn", description = "connect+SELECT 1+close: stampede vs pgbench -C on one embedded server")
    static final class Churn implements Runnable {
        @ParentCommand
        BenchCommand bench;
        @Option(names = "--workers", description = "concurrent clients (default: ${DEFAULT-VALUE})")
        int workers = 10;
        @Option(names = "--seconds", description = "seconds per measurement (default: ${DEFAULT-VALUE})")
        int seconds = 10;
        @Option(names = "--rounds", description = "alternating rounds; the median is reported (default: ${DEFAULT-VALUE})")
        int rounds = 3;
        @Option(names = "--pgbench", description = "pgbench binary (default: ${DEFAULT-VALUE})")
        String pgbench = "pgbench";

        @Override
        public void run() {
            var out = bench.main.out;
            Settings settings = Settings.load();
            try (EmbeddedServer server = EmbeddedServer.start(settings, Map.of())) {
                PostgresTarget target = new PostgresTarget(server.connectionInfo(), settings);
                Path script = Files.createTempFile("select1", ".sql");
                Files.writeString(script, "SELECT 1;\n");
                BenchCommand.run(new ClosedLoop(workers), new Connect(), Duration.ofSeconds(2), target); // warm-up
                List<Double> ours = new ArrayList<>(), theirs = new ArrayList<>();
                for (int round = 1; round <= rounds; round++) {
                    double pg = pgbench(server.port(), script);
                    RunSummary s = BenchCommand.run(new ClosedLoop(workers), new Connect(), Duration.ofSeconds(seconds), target);
                    double st = op(s, "connect").ratePerSecond();
                    theirs.add(pg);
                    ours.add(st);
                    out.printf(Locale.ROOT, "churn round %d: %d clients, pgbench -C %.1f conn/s, stampede %.1f conn/s (p50 %s p99 %s), ratio %.2f%n",
                            round, workers, pg, st, Format.latency(op(s, "connect").latency().p50()),
                            Format.latency(op(s, "connect").latency().p99()), st / pg);
                }
                double m1 = median(ours), m2 = median(theirs);
                out.printf(Locale.ROOT, "churn median: stampede %.1f conn/s, pgbench -C %.1f conn/s, ratio %.2f%n", m1, m2, m1 / m2);
                Files.deleteIfExists(script);
            } catch (IOException | InterruptedException e) {
                throw new IllegalStateException("bench churn: " + e.getMessage(), e);
            }
        }

        private double pgbench(int port, Path script) throws IOException, InterruptedException {
            Process p = new ProcessBuilder(pgbench, "-n", "-C", "-f", script.toString(), "-c", String.valueOf(workers),
                    "-j", String.valueOf(Math.min(workers, Runtime.getRuntime().availableProcessors())),
                    "-T", String.valueOf(seconds), "-h", "127.0.0.1", "-p", String.valueOf(port), "-U", "postgres", "postgres")
                    .redirectErrorStream(true).start();
            String text = new String(p.getInputStream().readAllBytes());
            p.waitFor();
            var m = java.util.regex.Pattern.compile("tps = ([0-9.]+)").matcher(text);
            if (!m.find()) throw new IllegalStateException("pgbench printed no tps:\n" + text);
            return Double.parseDouble(m.group(1));
        }

        private static double median(List<Double> v) {
            List<Double> s = v.stream().sorted().toList();
            return s.get(s.size() / 2);
        }
    }
}
