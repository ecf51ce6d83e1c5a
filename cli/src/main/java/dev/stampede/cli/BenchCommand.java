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
import dev.stampede.engine.result.OperationTotals;
import dev.stampede.engine.result.RunControl;
import dev.stampede.engine.result.RunSummary;
import dev.stampede.engine.run.Runner;
import dev.stampede.engine.postgres.EmbeddedServer;
import dev.stampede.engine.postgres.PostgresTarget;
import dev.stampede.engine.session.Target;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
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
 * engine overhead, open-model accuracy, connection churn and multi-row inserts side by side with pgbench,
 * and the client memory each held connection costs.
 */
@Command(name = "bench", description = "Measure stampede itself: engine overhead, open-model accuracy, churn and inserts vs pgbench, the cost of a pooler, memory per held connection, the Fibonacci server models.",
        mixinStandardHelpOptions = true,
        subcommands = {BenchCommand.Overhead.class, BenchCommand.Rate.class, BenchCommand.Churn.class, BenchCommand.HoldMany.class,
                BenchCommand.Insert.class, PoolerBench.class, FibBench.class, StartupBench.class})
final class BenchCommand implements Runnable {

    @ParentCommand
    Main main;

    @Override
    public void run() {
        main.out.println("choose one: stampede bench overhead | rate | churn | insert | pooler | hold | fib | startup   (see --help of each)");
    }

    static final SourceRef HERE = SourceRef.file("bench");

    /**
     * A whole-number flag checked before anything starts: out of range is a usage error naming the flag
     * (exit 2), not a failure half-way through a benchmark.
     */
    static void range(picocli.CommandLine.Model.CommandSpec spec, String flag, long value, long min, long max) {
        if (value < min || value > max) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    flag + " must be between " + min + " and " + max + " (got " + value + ")");
        }
    }

    /** {@code stampede.connect.client}: the client for held and churned connections. */
    enum Client { lean, jdbc }

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
        Target t = target != null ? target : Target.NONE; // no-op steps need no protocol
        return new Runner(plan, t, "none", settings, List.of(), new RunControl(), false).run();
    }

    static OperationTotals op(RunSummary s, String name) {
        return s.operations().stream().filter(o -> o.name().equals(name)).findFirst().orElseThrow();
    }

    static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /** Longest warm-up: past it, whatever the JIT still compiles is measured with the rounds. */
    private static final int WARM_UP_ROUNDS = 8;
    /** The JIT counts as done when its threads took less than this share of the process's CPU over a 2 s warm-up round. */
    private static final double QUIET_JIT_SHARE = 0.03;

    /**
     * Runs {@code round} (2 s of the work to be measured) until the JIT compiler's threads go quiet (at most
     * {@link #WARM_UP_ROUNDS}), so the measured rounds show the steady state: pgbench and psql are compiled
     * before they start; a JVM compiles the hot path during its first seconds. Prints how long it took.
     */
    static void warmUp(java.io.PrintStream out, String what, Runnable round) {
        double share = Double.NaN;
        int rounds = 0;
        while (rounds < WARM_UP_ROUNDS) {
            long cpu0 = cpuNanos(), jit0 = CompilerCpu.nanos();
            round.run();
            rounds++;
            long cpu = cpuNanos() - cpu0, jit = CompilerCpu.nanos();
            if (jit0 < 0 || jit < 0) break; // no /proc: one round, as before
            share = cpu <= 0 ? 0 : Math.max(0, jit - jit0) / (double) cpu;
            if (share < QUIET_JIT_SHARE) break;
        }
        out.printf(Locale.ROOT, "%s warm-up: %d s%s%n", what, rounds * 2, Double.isNaN(share) ? ""
                : String.format(Locale.ROOT, ", the JIT compiler's share of CPU in its last 2 s: %.1f%%", share * 100));
    }

    /** (a) A no-op operation in the closed model: operations/s and CPU nanoseconds per recorded operation. */
    @Command(name = "overhead", mixinStandardHelpOptions = true, description = "no-op operations in the closed model: ops/s and CPU ns per recorded operation")
    static final class Overhead implements Runnable {
        @ParentCommand
        BenchCommand bench;
        @Option(names = "--workers", description = "concurrent workers (default: ${DEFAULT-VALUE})")
        int workers = 4;
        @Option(names = "--seconds", description = "measured seconds per round (default: ${DEFAULT-VALUE})")
        int seconds = 5;

        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public void run() {
            range(spec, "--workers", workers, 1, ClosedLoop.MAX_WORKERS);
            range(spec, "--seconds", seconds, 1, 3600);
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
    @Command(name = "rate", mixinStandardHelpOptions = true, description = "open model at a fixed rate: achieved rate error and p99 schedule lag")
    static final class Rate implements Runnable {
        @ParentCommand
        BenchCommand bench;
        @Option(names = "--rates", split = ",", description = "rates per second (default: ${DEFAULT-VALUE})")
        List<Integer> rates = List.of(1000, 10000);
        @Option(names = "--seconds", description = "seconds per rate (default: ${DEFAULT-VALUE})")
        int seconds = 10;

        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public void run() {
            for (int rate : rates) range(spec, "--rates", rate, 1, (long) ArrivalRate.MAX_RATE);
            range(spec, "--seconds", seconds, 1, 3600);
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

    static final String TABLE_DDL = """
            DROP TABLE IF EXISTS load_test_data;
            CREATE TABLE load_test_data (id bigserial PRIMARY KEY, name text, email text, age int, address text,
              phone_number text, created_at timestamptz DEFAULT now(), updated_at timestamptz DEFAULT now(), data text);
            CREATE INDEX ON load_test_data (email); CREATE INDEX ON load_test_data (created_at);""";

    static final List<String> COLUMNS = List.of("name", "email", "age", "address", "phone_number", "data");

    /** write-mix's row: {@code fake.person(data: random.text(1.kb))}; pgbench sends one such row as literals. */
    static final dev.stampede.engine.plan.Row FAKE_ROW = new dev.stampede.engine.plan.Row(COLUMNS,
            new dev.stampede.dsl.FakeWords.PersonWith(List.of(new dev.stampede.dsl.RandomWords.Text(1024))));

    /** The same columns without a fake-data library: synthetic names and 1 KB of random text. */
    static final dev.stampede.engine.plan.Row PLAIN_ROW = new dev.stampede.engine.plan.Row(COLUMNS, r -> new Object[]{
            "name " + r.nextInt(1_000_000), "user" + r.nextInt(1_000_000) + "@example.com", 18 + r.nextInt(73),
            r.nextInt(9999) + " Main Street, Springfield", "+1-555-" + (1000 + r.nextInt(9000)),
            dev.stampede.engine.plan.RandomText.of(r, 1024)});

    /** A value as an SQL literal. */
    static String literal(Object v) {
        return v instanceof Number ? v.toString() : "'" + v.toString().replace("'", "''") + "'";
    }

    /** The options every side-by-side comparison in paired rounds shares (pgbench's, the pooler's). */
    static class Paired {
        @Option(names = "--seconds", description = "seconds per measurement (default: ${DEFAULT-VALUE})")
        int seconds = 10;
        @Option(names = "--rounds", description = "paired rounds, alternating which side goes first; the median ratio is reported (default: ${DEFAULT-VALUE})")
        int rounds = 3;

        void check(picocli.CommandLine.Model.CommandSpec spec) {
            range(spec, "--seconds", seconds, 1, 3600);
            range(spec, "--rounds", rounds, 1, 100);
        }
    }

    /** The options every side-by-side comparison with pgbench shares. */
    static final class VsPgbench extends Paired {
        @Option(names = "--pgbench", description = "pgbench binary (default: ${DEFAULT-VALUE})")
        String pgbench = "pgbench";

        /** One measurement: a throughput figure (per second). */
        interface Measure {
            double run() throws IOException, InterruptedException, java.sql.SQLException;
        }

        /**
         * {@code rounds} paired measurements, pgbench first in odd rounds and stampede first in even ones so
         * neither side always runs on a warmer (or more tired) server; {@code each} is told every round's pair.
         *
         * @return the median of the per-round ratios stampede / pgbench: each ratio compares two measurements
         * taken seconds apart, so the machine's drift over the whole benchmark cancels out
         */
        double pairedRounds(Measure pgbench, Measure stampede, RoundPrinter each)
                throws IOException, InterruptedException, java.sql.SQLException {
            List<Double> ratios = new ArrayList<>();
            for (int round = 1; round <= rounds; round++) {
                double theirs, ours;
                if (round % 2 == 1) {
                    theirs = pgbench.run();
                    ours = stampede.run();
                } else {
                    ours = stampede.run();
                    theirs = pgbench.run();
                }
                ratios.add(ours / theirs);
                each.round(round, theirs, ours);
            }
            return median(ratios);
        }

        interface RoundPrinter {
            void round(int round, double pgbench, double stampede);
        }
    }

    /** Multi-row INSERT of 1 KB rows vs pgbench running the same INSERT, and COPY vs INSERT. */
    @Command(name = "insert", mixinStandardHelpOptions = true, description = "100-row INSERTs of write-mix's 1 KB rows: stampede vs pgbench (rows/s), COPY vs INSERT, and COPY vs psql \\copy (rows/s, CPU per row)")
    static final class Insert implements Runnable {
        @ParentCommand
        BenchCommand bench;
        @Option(names = "--workers", description = "concurrent clients (default: ${DEFAULT-VALUE})")
        int workers = 4;
        @Option(names = "--batch", description = "rows per statement (default: ${DEFAULT-VALUE})")
        int batch = 100;
        @Option(names = "--row", description = "fake: write-mix's Datafaker rows; plain: synthetic values (default: ${DEFAULT-VALUE})")
        RowKind row = RowKind.fake;
        @Option(names = "--copy-rows", description = "rows per COPY in the COPY vs psql \\copy comparison (default: ${DEFAULT-VALUE})")
        int copyRows = 1000;
        @Option(names = "--psql", description = "psql binary for the COPY comparison (default: ${DEFAULT-VALUE})")
        String psql = "psql";
        @Option(names = "--only", description = "insert: only the INSERT comparison; copy: only COPY vs psql \\copy (default: both)")
        Part only;
        @Mixin
        VsPgbench vs;

        enum RowKind { fake, plain }

        enum Part { insert, copy }

        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public void run() {
            range(spec, "--workers", workers, 1, 1000);
            range(spec, "--batch", batch, 1, 10_000);
            range(spec, "--copy-rows", copyRows, 1, 1_000_000);
            vs.check(spec);
            var out = bench.main.out;
            Settings settings = Settings.load();
            try (EmbeddedServer server = EmbeddedServer.start(settings, Map.of())) {
                PostgresTarget target = new PostgresTarget(server.connectionInfo(), settings);
                if (only != Part.copy) insertVsPgbench(out, server, target);
                if (only != Part.insert) copyVsPsql(out, server, target);
            } catch (IOException | InterruptedException | java.sql.SQLException e) {
                throw new IllegalStateException("bench insert: " + e.getMessage(), e);
            }
        }

        /** The multi-row INSERTs, stampede vs pgbench, in paired rounds, and a COPY measurement after each round. */
        private void insertVsPgbench(java.io.PrintStream out, EmbeddedServer server, PostgresTarget target)
                throws IOException, InterruptedException, java.sql.SQLException {
            Path script = Files.createTempFile("insert", ".sql");
            StringBuilder sql = new StringBuilder("INSERT INTO load_test_data (" + String.join(", ", COLUMNS) + ") VALUES ");
            java.util.SplittableRandom r = new java.util.SplittableRandom(1);
            for (int i = 0; i < batch; i++) {
                Object[] v = (Object[]) rowShape().values().next(r);
                sql.append(i == 0 ? "(" : ", (").append(java.util.Arrays.stream(v).map(BenchCommand::literal)
                        .collect(java.util.stream.Collectors.joining(", "))).append(')');
            }
            Files.writeString(script, sql.append(";\n").toString());
            ddl(target);
            BenchCommand.run(new ClosedLoop(workers), new dev.stampede.engine.plan.InsertBatch("insert", "load_test_data", batch, rowShape()),
                    Duration.ofSeconds(3), target); // warm-up: the JIT, and fake.person()'s pool of recent persons
            List<Double> ours = new ArrayList<>(), theirs = new ArrayList<>(), copies = new ArrayList<>();
            RunSummary[] last = new RunSummary[1];
            long[] cpu = new long[1];
            double ratio = vs.pairedRounds(() -> {
                ddl(target);
                return pgbenchTps(vs.pgbench, server.port(), script, workers, vs.seconds) * batch;
            }, () -> {
                ddl(target);
                long cpu0 = cpuNanos();
                last[0] = BenchCommand.run(new ClosedLoop(workers),
                        new dev.stampede.engine.plan.InsertBatch("insert", "load_test_data", batch, rowShape()), Duration.ofSeconds(vs.seconds), target);
                cpu[0] = cpuNanos() - cpu0;
                return op(last[0], "insert").rows() / (last[0].elapsed().toNanos() / 1e9);
            }, (round, pg, st) -> {
                theirs.add(pg);
                ours.add(st);
                OperationTotals ins = op(last[0], "insert");
                double cps;
                try {
                    ddl(target);
                    RunSummary c = BenchCommand.run(new ClosedLoop(workers),
                            new dev.stampede.engine.plan.Copy("copy", "load_test_data", batch, rowShape()), Duration.ofSeconds(vs.seconds), target);
                    cps = op(c, "copy").rows() / (c.elapsed().toNanos() / 1e9);
                } catch (java.sql.SQLException e) {
                    throw new IllegalStateException("bench insert: " + e.getMessage(), e);
                }
                copies.add(cps);
                out.printf(Locale.ROOT, "insert round %d: %d clients x %d rows: pgbench %.0f rows/s, stampede %.0f rows/s "
                                + "(%.1f MB/s, p95 %s p99 %s, client CPU %.0f%% of a core), ratio %.2f; COPY %.0f rows/s (%.2fx INSERT)%n",
                        round, workers, batch, pg, st, ins.bytes() / (last[0].elapsed().toNanos() / 1e9) / 1e6,
                        Format.latency(ins.latency().p95()), Format.latency(ins.latency().p99()),
                        cpu[0] * 100.0 / last[0].elapsed().toNanos(), st / pg, cps, cps / st);
            });
            out.printf(Locale.ROOT, "insert median: stampede %.0f rows/s, pgbench %.0f rows/s; median of the round ratios %.2f; "
                    + "COPY %.0f rows/s%n", median(ours), median(theirs), ratio, median(copies));
            Files.deleteIfExists(script);
        }

        /**
         * COPY of rows of the same shape and source by stampede and by {@code psql \copy}, {@code workers} clients
         * each, {@code copyRows} rows per COPY, in paired rounds on a table made anew for each side.
         *
         * <p>psql reads CSV files made beforehand (outside its clock) from the same generator stampede draws
         * from, each file a different {@code copyRows} rows and every {@code \copy} line another file, up to
         * {@value #MAX_PSQL_ROWS} rows; so neither side sends a row twice: 1,000 rows repeated would load the
         * email index with duplicates, which PostgreSQL's B-tree deduplication makes cheaper to insert. Each
         * side's client CPU and the server's CPU are read around its measurement and printed per row; the
         * server's includes one {@code count(*)} of the table on both sides (stampede's run ends with one).
         */
        private void copyVsPsql(java.io.PrintStream out, EmbeddedServer server, PostgresTarget target) {
            List<Path> files = new ArrayList<>();
            try {
                var step = new dev.stampede.engine.plan.Copy("copy", "load_test_data", copyRows, rowShape());
                // psql's files before the warm-up, sized from 2 s of stampede's COPY (psql runs about as fast):
                // made in this JVM, they would otherwise have the JIT compile (and the collector clean up)
                // during stampede's rounds
                ddl(target);
                RunSummary first = BenchCommand.run(new ClosedLoop(workers), step, Duration.ofSeconds(2), target);
                double firstRate = op(first, "copy").rows() / (first.elapsed().toNanos() / 1e9);
                java.util.SplittableRandom fileRows = new java.util.SplittableRandom(2);
                long need = (long) Math.ceil(1.5 * firstRate * vs.seconds / copyRows);
                long made = writeCsvFiles(files, (int) Math.max(workers, Math.min(need, MAX_PSQL_ROWS / copyRows)), fileRows);
                out.printf(Locale.ROOT, "copy: psql reads %d file(s) of %d different rows (%.0f MB), drawn like stampede's rows%n",
                        files.size(), copyRows, made / 1e6);
                // warm: the JIT compilers, busy for seconds, would otherwise charge their CPU to the rounds
                RunSummary[] warm = {first};
                warmUp(out, "copy", () -> {
                    try {
                        ddl(target);
                    } catch (java.sql.SQLException e) {
                        throw new IllegalStateException(e.getMessage(), e);
                    }
                    warm[0] = BenchCommand.run(new ClosedLoop(workers), step, Duration.ofSeconds(2), target);
                });
                double warmRate = op(warm[0], "copy").rows() / (warm[0].elapsed().toNanos() / 1e9);
                double[] lastOurs = {warmRate}, lastTheirs = {0};
                long[] client = new long[1], serverCpu = new long[1];
                double[] rows = new double[1];
                List<Double> ours = new ArrayList<>(), theirs = new ArrayList<>();
                List<Double> ourCpu = new ArrayList<>(), theirCpu = new ArrayList<>(), ourServer = new ArrayList<>(), theirServer = new ArrayList<>();
                List<Double> ourJit = new ArrayList<>();
                double ratio = vs.pairedRounds(() -> {
                    // psql runs a fixed number of \copy lines, sized from its own last rate (the first time from
                    // stampede's): a measurement that ended in under 60 % of --seconds is made again, resized
                    for (int attempt = 1; ; attempt++) {
                        ddl(target);
                        double estimate = lastTheirs[0] > 0 ? lastTheirs[0] : lastOurs[0];
                        int lines = (int) Math.max(1, Math.round(estimate * vs.seconds / ((double) workers * copyRows)));
                        // more files, before the clock starts, when this round's psql would otherwise read one twice
                        int wanted = (int) Math.min(Math.max(workers, MAX_PSQL_ROWS / copyRows), (long) workers * lines);
                        if (files.size() < wanted) {
                            long bytes = writeCsvFiles(files, wanted - files.size(), fileRows);
                            out.printf(Locale.ROOT, "copy: psql reads %d file(s) of %d different rows (%.0f MB more), drawn like stampede's rows%n",
                                    files.size(), copyRows, bytes / 1e6);
                        }
                        long s0 = server.cpuNanos(), t0 = System.nanoTime();
                        double rate = psqlCopy(server.port(), files, lines, client);
                        double took = (System.nanoTime() - t0) / 1e9;
                        // stampede's run ends by counting the table's rows (findings.tables): the same
                        // count here keeps the server's work alike, and checks that psql's rows all arrived
                        long expected = (long) workers * lines * copyRows, counted = countRows(target);
                        if (counted != expected) {
                            throw new IllegalStateException("psql \\copy left " + counted + " rows in load_test_data, not " + expected);
                        }
                        serverCpu[0] = cpuBetween(s0, server.cpuNanos());
                        lastTheirs[0] = rate;
                        if (took < 0.6 * vs.seconds && attempt < 3) continue;
                        rows[0] = (double) workers * lines * copyRows;
                        theirCpu.add(client[0] == Long.MIN_VALUE ? Double.NaN : client[0] / 1e3 / rows[0]);
                        theirServer.add(serverCpu[0] < 0 ? Double.NaN : serverCpu[0] / 1e3 / rows[0]);
                        return rate;
                    }
                }, () -> {
                    ddl(target);
                    long s0 = server.cpuNanos(), c0 = cpuNanos(), jit0 = CompilerCpu.nanos();
                    RunSummary c = BenchCommand.run(new ClosedLoop(workers), step, Duration.ofSeconds(vs.seconds), target);
                    long cpu = cpuNanos() - c0, jit1 = CompilerCpu.nanos();
                    long srv = cpuBetween(s0, server.cpuNanos());
                    long n = op(c, "copy").rows();
                    ourCpu.add(cpu / 1e3 / n);
                    ourJit.add(jit0 < 0 || jit1 < 0 ? Double.NaN : Math.max(0, jit1 - jit0) / 1e3 / n);
                    ourServer.add(srv < 0 ? Double.NaN : srv / 1e3 / n);
                    lastOurs[0] = n / (c.elapsed().toNanos() / 1e9);
                    return lastOurs[0];
                }, (round, psql, st) -> {
                    theirs.add(psql);
                    ours.add(st);
                    out.printf(Locale.ROOT, "copy round %d: %d clients x %d rows per COPY: psql \\copy %.0f rows/s, stampede %.0f rows/s, ratio %.2f; "
                                    + "client CPU per row: psql %.2f µs, stampede %.2f µs%s; server CPU per row: psql %.2f µs, stampede %.2f µs%n",
                            round, workers, copyRows, psql, st, st / psql, last(theirCpu), last(ourCpu),
                            Double.isNaN(last(ourJit)) ? "" : String.format(Locale.ROOT, " (%.2f of them the JIT compiler's)", last(ourJit)),
                            last(theirServer), last(ourServer));
                });
                out.printf(Locale.ROOT, "copy median: stampede %.0f rows/s, psql \\copy %.0f rows/s; median of the round ratios %.2f%n",
                        median(ours), median(theirs), ratio);
                out.printf(Locale.ROOT, "copy CPU per row (median): client psql %.2f µs, stampede %.2f µs; server with psql %.2f µs, with stampede %.2f µs%n",
                        median(theirCpu), median(ourCpu), median(theirServer), median(ourServer));
                if (ourJit.stream().noneMatch(d -> Double.isNaN(d))) {
                    // a JVM keeps compiling rarely run code for minutes; psql arrives compiled
                    List<Double> steady = new ArrayList<>();
                    for (int i = 0; i < ourCpu.size(); i++) steady.add(ourCpu.get(i) - ourJit.get(i));
                    out.printf(Locale.ROOT, "copy client CPU per row without the JIT compiler's share (median): stampede %.2f µs%n", median(steady));
                }
            } catch (IOException | InterruptedException | java.sql.SQLException e) {
                throw new IllegalStateException("bench insert (COPY vs psql): " + e.getMessage(), e);
            } finally {
                for (Path f : files) {
                    try {
                        Files.deleteIfExists(f);
                    } catch (IOException ignored) {
                        // a temporary file; the system's cleaning takes it
                    }
                }
            }
        }

        /** The most rows psql's files hold (about 1.1 GB of write-mix rows); past that its files are read again. */
        static final int MAX_PSQL_ROWS = 1_000_000;

        /** CPU spent between two readings of {@link EmbeddedServer#cpuNanos()}; -1 when either could not be read. */
        private static long cpuBetween(long before, long after) {
            return before < 0 || after < 0 ? -1 : after - before;
        }

        private static double last(List<Double> v) {
            return v.get(v.size() - 1);
        }

        /** {@code count} more CSV files of {@code copyRows} rows each, quoted as stampede's COPY quotes them: their bytes in all. */
        private long writeCsvFiles(List<Path> files, int count, java.util.SplittableRandom r) throws IOException {
            long bytes = 0;
            StringBuilder rows = new StringBuilder();
            for (int f = 0; f < count; f++) {
                rows.setLength(0);
                for (int i = 0; i < copyRows; i++) {
                    Object[] v = (Object[]) rowShape().values().next(r);
                    for (int c = 0; c < v.length; c++) {
                        if (c > 0) rows.append(',');
                        if (v[c] != null) rows.append('"').append(v[c].toString().replace("\"", "\"\"")).append('"');
                    }
                    rows.append('\n');
                }
                Path csv = Files.createTempFile("copy", ".csv");
                files.add(csv);
                byte[] b = rows.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
                Files.write(csv, b);
                bytes += b.length;
            }
            return bytes;
        }

        /**
         * {@code workers} psql processes at once, each running {@code lines} {@code \copy}s, every line another
         * file: rows/s over all. Their CPU (user + system, from the shell's {@code times}) goes into {@code cpu[0]}.
         */
        private double psqlCopy(int port, List<Path> files, int lines, long[] cpu) throws IOException, InterruptedException {
            List<Path> scripts = new ArrayList<>();
            for (int w = 0; w < workers; w++) {
                StringBuilder script = new StringBuilder();
                for (int i = 0; i < lines; i++) {
                    Path csv = files.get((w + i * workers) % files.size());
                    script.append("\\copy load_test_data (").append(String.join(", ", COLUMNS)).append(") FROM '")
                            .append(csv).append("' WITH (FORMAT csv)\n");
                }
                Path p = Files.createTempFile("copy", ".psql");
                Files.writeString(p, script);
                scripts.add(p);
            }
            List<Process> all = new ArrayList<>();
            long t0 = System.nanoTime();
            for (Path script : scripts) {
                all.add(new ProcessBuilder("sh", "-c", "\"$@\"; s=$?; times; exit $s", "sh", psql, "-X", "-q", "-v", "ON_ERROR_STOP=1",
                        "-h", "127.0.0.1", "-p", String.valueOf(port), "-U", "postgres", "-d", "postgres", "-f", script.toString())
                        .redirectErrorStream(true).start());
            }
            List<String> outputs = new ArrayList<>();
            for (Process p : all) outputs.add(new String(p.getInputStream().readAllBytes()));
            for (int i = 0; i < all.size(); i++) {
                if (all.get(i).waitFor() != 0) {
                    throw new IllegalStateException("psql \\copy failed (exit " + all.get(i).exitValue() + "): " + outputs.get(i).strip());
                }
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            cpu[0] = 0;
            for (String text : outputs) {
                long c = childCpu(text);
                if (c < 0) {
                    cpu[0] = Long.MIN_VALUE; // the shell did not say: printed as NaN
                    break;
                }
                cpu[0] += c;
            }
            for (Path script : scripts) Files.deleteIfExists(script);
            return (double) workers * lines * copyRows / seconds;
        }

        private dev.stampede.engine.plan.Row rowShape() {
            return row == RowKind.fake ? FAKE_ROW : PLAIN_ROW;
        }

        private static long countRows(PostgresTarget target) throws java.sql.SQLException {
            try (var c = target.open(); var st = c.createStatement(); var rs = st.executeQuery("SELECT count(*) FROM load_test_data")) {
                rs.next();
                return rs.getLong(1);
            }
        }

        private static void ddl(PostgresTarget target) throws java.sql.SQLException {
            try (var c = target.open(); var st = c.createStatement()) {
                st.execute(TABLE_DDL);
            }
        }
    }

    static double pgbenchTps(String pgbench, int port, Path script, int clients, int seconds, String... extra)
            throws IOException, InterruptedException {
        return pgbenchRun(pgbench, port, script, clients, seconds, extra).tps();
    }

    /**
     * One pgbench run: its tps, the transactions it processed, and the CPU it spent (user + system, read
     * with the shell's {@code times} once it has exited; -1 when the shell does not say).
     */
    record PgbenchRun(double tps, long transactions, long cpuNanos) {
    }

    static PgbenchRun pgbenchRun(String pgbench, int port, Path script, int clients, int seconds, String... extra)
            throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("sh", "-c", "\"$@\"; s=$?; times; exit $s", "sh", pgbench, "-n"));
        cmd.addAll(List.of(extra));
        cmd.addAll(List.of("-f", script.toString(), "-c", String.valueOf(clients),
                "-j", String.valueOf(Math.min(clients, Runtime.getRuntime().availableProcessors())),
                "-T", String.valueOf(seconds), "-h", "127.0.0.1", "-p", String.valueOf(port), "-U", "postgres", "postgres"));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String text = new String(p.getInputStream().readAllBytes());
        p.waitFor();
        var m = java.util.regex.Pattern.compile("tps = ([0-9.]+)").matcher(text);
        if (!m.find()) throw new IllegalStateException("pgbench printed no tps:\n" + text);
        double tps = Double.parseDouble(m.group(1));
        var n = java.util.regex.Pattern.compile("actually processed: (\\d+)").matcher(text);
        long transactions = n.find() ? Long.parseLong(n.group(1)) : -1;
        return new PgbenchRun(tps, transactions, childCpu(text));
    }

    /**
     * The CPU time of the command a {@code sh -c '"$@"; times'} ran: {@code times} prints the shell's own
     * user/system times, then its children's, so the last such line is the command's; -1 when there is none.
     */
    static long childCpu(String text) {
        var t = java.util.regex.Pattern.compile("(?m)^(\\d+)m([0-9.]+)s (\\d+)m([0-9.]+)s\\s*$").matcher(text);
        long cpu = -1;
        while (t.find()) {
            cpu = Math.round(((Long.parseLong(t.group(1)) + Long.parseLong(t.group(3))) * 60
                    + Double.parseDouble(t.group(2)) + Double.parseDouble(t.group(4))) * 1e9);
        }
        return cpu;
    }

    static double median(List<Double> v) {
        List<Double> s = v.stream().sorted().toList();
        return s.get(s.size() / 2);
    }

    /** Hold N idle connections on an embedded server: time to open them all and client memory per connection. */
    @Command(name = "hold", mixinStandardHelpOptions = true, description = "hold N idle connections: time to open all and client memory per connection")
    static final class HoldMany implements Runnable {
        @ParentCommand
        BenchCommand bench;
        @Option(names = "--connections", description = "connections to hold (default: ${DEFAULT-VALUE})")
        int connections = 2000;
        @Option(names = "--batch", description = "opened concurrently per batch (default: ${DEFAULT-VALUE})")
        int batch = 100;
        @Option(names = "--seconds", description = "seconds to hold them (default: ${DEFAULT-VALUE})")
        int seconds = 15;
        @Option(names = "--client", description = "lean (wire protocol) or jdbc (pgjdbc) (default: ${DEFAULT-VALUE})")
        Client client = Client.lean;

        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public void run() {
            range(spec, "--connections", connections, 1, 100_000);
            range(spec, "--batch", batch, 1, 100_000);
            range(spec, "--seconds", seconds, 1, 3600);
            Settings settings = Settings.load().with("connect.client", client.name());
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
    @Command(name = "churn", mixinStandardHelpOptions = true, description = "connect+SELECT 1+close: stampede vs pgbench -C on one embedded server")
    static final class Churn implements Runnable {
        @ParentCommand
        BenchCommand bench;
        @Option(names = "--workers", description = "concurrent clients (default: ${DEFAULT-VALUE})")
        int workers = 10;
        @Option(names = "--client", description = "lean (wire protocol) or jdbc (pgjdbc) (default: ${DEFAULT-VALUE})")
        Client client = Client.lean;
        @Mixin
        VsPgbench vs;

        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public void run() {
            range(spec, "--workers", workers, 1, 1000);
            vs.check(spec);
            var out = bench.main.out;
            Settings settings = Settings.load().with("connect.client", client.name());
            try (EmbeddedServer server = EmbeddedServer.start(settings, Map.of())) {
                PostgresTarget target = new PostgresTarget(server.connectionInfo(), settings);
                Path script = Files.createTempFile("select1", ".sql");
                Files.writeString(script, "SELECT 1;\n");
                warmUp(out, "churn", () -> BenchCommand.run(new ClosedLoop(workers), new Connect(), Duration.ofSeconds(2), target));
                List<Double> ours = new ArrayList<>(), theirs = new ArrayList<>();
                List<Double> ourCpus = new ArrayList<>(), theirCpus = new ArrayList<>(), steadyCpus = new ArrayList<>();
                RunSummary[] last = new RunSummary[1];
                long[] cpu = new long[1];
                long[] jit = new long[1];
                PgbenchRun[] theirRun = new PgbenchRun[1];
                double ratio = vs.pairedRounds(() -> {
                    theirRun[0] = pgbenchRun(vs.pgbench, server.port(), script, workers, vs.seconds, "-C");
                    return theirRun[0].tps();
                }, () -> {
                    long cpu0 = cpuNanos();
                    long jit0 = CompilerCpu.nanos();
                    last[0] = BenchCommand.run(new ClosedLoop(workers), new Connect(), Duration.ofSeconds(vs.seconds), target);
                    cpu[0] = cpuNanos() - cpu0;
                    jit[0] = jit0 < 0 ? -1 : Math.max(0, CompilerCpu.nanos() - jit0);
                    return op(last[0], "connect").ratePerSecond();
                }, (round, pg, st) -> {
                    theirs.add(pg);
                    ours.add(st);
                    OperationTotals c = op(last[0], "connect");
                    double ourCpu = cpu[0] / 1e3 / Math.max(1, c.count() + c.errors());
                    ourCpus.add(ourCpu);
                    double jitCpu = jit[0] < 0 ? Double.NaN : jit[0] / 1e3 / Math.max(1, c.count() + c.errors());
                    steadyCpus.add(ourCpu - jitCpu);
                    PgbenchRun pr = theirRun[0];
                    double theirCpu = pr.cpuNanos() < 0 || pr.transactions() <= 0 ? Double.NaN : pr.cpuNanos() / 1e3 / pr.transactions();
                    theirCpus.add(theirCpu);
                    out.printf(Locale.ROOT, "churn round %d: %d clients, pgbench -C %.1f conn/s (client CPU %s µs per connection), "
                                    + "stampede (%s) %.1f conn/s (p50 %s p99 %s, client CPU %.0f µs per connection%s), ratio %.2f%n",
                            round, workers, pg, Double.isNaN(theirCpu) ? "?" : String.format(Locale.ROOT, "%.0f", theirCpu),
                            target.bareClient(), st, Format.latency(c.latency().p50()),
                            Format.latency(c.latency().p99()), ourCpu,
                            Double.isNaN(jitCpu) ? "" : String.format(Locale.ROOT, ", %.0f of them the JIT compiler's", jitCpu), st / pg);
                });
                out.printf(Locale.ROOT, "churn median: stampede %.1f conn/s, pgbench -C %.1f conn/s; median of the round ratios %.2f%n",
                        median(ours), median(theirs), ratio);
                out.printf(Locale.ROOT, "churn client CPU per connection (median): stampede %.0f µs, pgbench -C %s µs%n",
                        median(ourCpus), theirCpus.stream().allMatch(d -> d.isNaN()) ? "?"
                                : String.format(Locale.ROOT, "%.0f", median(theirCpus.stream().filter(d -> !d.isNaN()).toList())));
                if (steadyCpus.stream().noneMatch(d -> d.isNaN())) {
                    // the JIT compiles the connection path while the first tens of thousands of connections run,
                    // then stops: what a long run costs per connection
                    out.printf(Locale.ROOT, "churn client CPU per connection without the JIT compiler's share (median): stampede %.0f µs%n",
                            median(steadyCpus));
                }
                Files.deleteIfExists(script);
            } catch (IOException | InterruptedException | java.sql.SQLException e) {
                throw new IllegalStateException("bench churn: " + e.getMessage(), e);
            }
        }

    }
}
