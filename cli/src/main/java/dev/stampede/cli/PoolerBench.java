package dev.stampede.cli;

import dev.stampede.engine.config.Settings;
import dev.stampede.engine.output.Format;
import dev.stampede.engine.plan.ClosedLoop;
import dev.stampede.engine.plan.Connect;
import dev.stampede.engine.plan.Sql;
import dev.stampede.engine.plan.Step;
import dev.stampede.engine.plan.TargetSpec;
import dev.stampede.engine.postgres.ConnectionInfo;
import dev.stampede.engine.postgres.EmbeddedServer;
import dev.stampede.engine.postgres.PgBouncer;
import dev.stampede.engine.postgres.PostgresTarget;
import dev.stampede.engine.result.OperationTotals;
import dev.stampede.engine.result.RunSummary;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import java.io.IOException;
import java.io.PrintStream;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code stampede bench pooler}: what a PgBouncer in front costs. One embedded server, one PgBouncer in
 * front of it; each round runs a {@code SELECT 1} closed loop and a connect churn (open, {@code SELECT 1},
 * close) straight on the server and through the pooler, direct first in odd rounds and pooled first in
 * even ones, and reports the median of the per-round ratios pooled / direct.
 *
 * <p>Both sides get the same client settings: the same workers, pgjdbc with the same
 * {@code prepareThreshold} for the loop (0 in transaction and statement mode, where PgBouncer cannot keep
 * named statements), the lean client for the churn, and SCRAM-SHA-256 authentication: the embedded
 * server is switched from trust to SCRAM with a random password before measuring, so a direct connection
 * pays the same authentication a pooled one pays to PgBouncer. The pooler's CPU comes from
 * {@code /proc/PID/stat}, the client's from the JVM.
 */
@Command(name = "pooler", mixinStandardHelpOptions = true,
        description = "SELECT 1 closed loop and connect churn, direct and through a PgBouncer, side by side: rate, p50/p99, client and pooler CPU")
final class PoolerBench implements java.util.concurrent.Callable<Integer> {

    @ParentCommand
    BenchCommand bench;
    @Option(names = "--workers", description = "concurrent clients on each side (default: ${DEFAULT-VALUE})")
    int workers = 8;
    @Option(names = "--mode", description = "PgBouncer pool_mode: session, transaction or statement (default: ${DEFAULT-VALUE})")
    Mode mode = Mode.transaction;
    @Option(names = "--pool-size", description = "PgBouncer's server connections (default_pool_size) (default: ${DEFAULT-VALUE})")
    int poolSize = 8;
    @Mixin
    Rounds rounds;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    enum Mode { session, transaction, statement }

    /** {@code --seconds} (5 by default here) and {@code --rounds}. */
    static final class Rounds extends BenchCommand.Paired {
        Rounds() {
            seconds = 5;
        }
    }

    /** One side's figures for one workload in one round. */
    record Side(double rate, long p50, long p99, long errors, double clientCpuSeconds, double poolerCpuSeconds) {
    }

    /** The two workloads: the operation each records and its step. */
    enum Workload {
        select("SELECT 1 loop", "select1"), churn("connect churn", Connect.DEFAULT_NAME);

        final String label;
        final String operation;

        Workload(String label, String operation) {
            this.label = label;
            this.operation = operation;
        }

        Step step() {
            return this == select ? new Sql(operation, "SELECT 1", List.of()) : new Connect();
        }
    }

    static final String HEADER = String.format(Locale.ROOT, "  %-14s %-7s %10s %9s %9s %7s %13s %13s",
            "workload", "side", "rate/s", "p50", "p99", "errors", "client CPU s", "pooler CPU s");

    @Override
    public Integer call() {
        BenchCommand.range(spec, "--workers", workers, 1, 1000);
        BenchCommand.range(spec, "--pool-size", poolSize, 1, 10_000);
        rounds.check(spec);
        PrintStream out = bench.main.out;
        if (PgBouncer.executable(bench.main.env).isEmpty()) {
            bench.main.err.println("stampede bench pooler: " + PgBouncer.notInstalledMessage());
            return Main.CANNOT_RUN;
        }
        Settings settings = Settings.load().with("connect.client", "lean");
        try (EmbeddedServer server = EmbeddedServer.start(settings, Map.of())) {
            ConnectionInfo direct = requireScram(server, settings);
            TargetSpec.Pooler pooler = new TargetSpec.Pooler(mode.name(), poolSize, false);
            try (PgBouncer bouncer = PgBouncer.start(pooler, direct, workers + 100, bench.main.env, Duration.ofSeconds(15))) {
                return measure(out, settings, direct, bouncer);
            }
        } catch (PgBouncer.NotInstalled e) {
            bench.main.err.println("stampede bench pooler: " + e.getMessage());
            return Main.CANNOT_RUN;
        } catch (IOException | SQLException e) {
            bench.main.err.println("stampede bench pooler: cannot set up the server and the pooler: "
                    + (e.getMessage() == null ? e.toString() : e.getMessage().lines().findFirst().orElse("")));
            return Main.CANNOT_RUN;
        }
    }

    private int measure(PrintStream out, Settings settings, ConnectionInfo direct, PgBouncer bouncer) {
        boolean unprepared = mode != Mode.session;
        Map<String, String> loopOptions = unprepared ? Map.of("prepareThreshold", "0") : Map.of();
        ConnectionInfo pooled = bouncer.connectionInfo();
        PostgresTarget[] loop = {new PostgresTarget(withOptions(direct, loopOptions), settings),
                new PostgresTarget(withOptions(pooled, loopOptions), settings)};
        PostgresTarget[] churn = {new PostgresTarget(direct, settings), new PostgresTarget(pooled, settings)};
        out.println("pooler: " + bouncer.describe());
        out.printf(Locale.ROOT, "both sides: %d workers, %d s per measurement, SCRAM-SHA-256 authentication (the embedded server "
                        + "switched from trust; client → server directly, client → pgbouncer → server pooled), "
                        + "SELECT 1 loop on pgjdbc with prepareThreshold=%s, connect churn on the %s client%n",
                workers, rounds.seconds, unprepared ? "0" : "5 (pgjdbc's default)", churn[1].bareClient());
        Duration warm = Duration.ofSeconds(Math.min(2, rounds.seconds));
        for (Workload w : Workload.values()) {
            for (int side = 0; side < 2; side++) {
                BenchCommand.run(new ClosedLoop(workers), w.step(), warm, (w == Workload.select ? loop : churn)[side]);
            }
        }
        Map<Workload, List<Double>> ratios = new java.util.EnumMap<>(Workload.class);
        List<Double> poolerCpu = new ArrayList<>();
        for (int round = 1; round <= rounds.rounds; round++) {
            boolean directFirst = round % 2 == 1;
            out.printf(Locale.ROOT, "pooler round %d (%s first):%n", round, directFirst ? "direct" : "pooled");
            out.println(HEADER);
            double roundPoolerCpu = 0;
            for (Workload w : Workload.values()) {
                PostgresTarget[] targets = w == Workload.select ? loop : churn;
                Side[] sides = new Side[2];
                for (int i = 0; i < 2; i++) {
                    int side = directFirst ? i : 1 - i;
                    sides[side] = one(w, targets[side], bouncer);
                }
                print(out, w, "direct", sides[0]);
                print(out, w, "pooled", sides[1]);
                double ratio = sides[1].rate() / sides[0].rate();
                out.printf(Locale.ROOT, "  %-14s %-7s %10.2f   (pooled / direct rate)%n", w.label, "ratio", ratio);
                ratios.computeIfAbsent(w, k -> new ArrayList<>()).add(ratio);
                roundPoolerCpu += sides[1].poolerCpuSeconds();
            }
            poolerCpu.add(roundPoolerCpu);
            out.printf(Locale.ROOT, "pooler round %d: pgbouncer CPU %.2f s while it carried the load%n", round, roundPoolerCpu);
        }
        out.printf(Locale.ROOT, "pooler median of the round ratios pooled / direct: %s %.2f, %s %.2f (%d round%s); "
                        + "pgbouncer CPU per round (median) %.2f s%n",
                Workload.select.label, BenchCommand.median(ratios.get(Workload.select)),
                Workload.churn.label, BenchCommand.median(ratios.get(Workload.churn)), rounds.rounds, rounds.rounds == 1 ? "" : "s",
                BenchCommand.median(poolerCpu));
        return Main.OK;
    }

    private Side one(Workload w, PostgresTarget target, PgBouncer bouncer) {
        long cpu0 = BenchCommand.cpuNanos();
        long pooler0 = bouncer.cpu().toMillis();
        RunSummary s = BenchCommand.run(new ClosedLoop(workers), w.step(), Duration.ofSeconds(rounds.seconds), target);
        long pooler1 = bouncer.cpu().toMillis();
        double clientCpu = (BenchCommand.cpuNanos() - cpu0) / 1e9;
        OperationTotals o = BenchCommand.op(s, w.operation);
        double poolerCpu = pooler0 < 0 || pooler1 < 0 ? Double.NaN : (pooler1 - pooler0) / 1000.0;
        return new Side(o.ratePerSecond(), o.latency().p50(), o.latency().p99(), o.errors(), clientCpu, poolerCpu);
    }

    private static void print(PrintStream out, Workload w, String side, Side s) {
        out.printf(Locale.ROOT, "  %-14s %-7s %10.1f %9s %9s %7d %13.2f %13s%n", w.label, side, s.rate(), Format.latency(s.p50()),
                Format.latency(s.p99()), s.errors(), s.clientCpuSeconds(),
                Double.isNaN(s.poolerCpuSeconds()) ? "?" : String.format(Locale.ROOT, "%.2f", s.poolerCpuSeconds()));
    }

    private static ConnectionInfo withOptions(ConnectionInfo info, Map<String, String> options) {
        Map<String, String> all = new java.util.LinkedHashMap<>(info.options());
        all.putAll(options);
        return new ConnectionInfo(info.hosts(), info.database(), info.user(), info.password().orElse(null), all);
    }

    /**
     * Gives the embedded server's user a random password and switches its TCP connections from trust to
     * SCRAM-SHA-256, so direct connections authenticate as pooled ones do; returns the connection details
     * with the password once a new connection reports {@code system_user} {@code scram-sha-256:postgres}.
     */
    static ConnectionInfo requireScram(EmbeddedServer server, Settings settings) throws SQLException, IOException {
        byte[] b = new byte[18];
        new SecureRandom().nextBytes(b);
        String password = HexFormat.of().formatHex(b); // hex: safe inside a literal
        ConnectionInfo trust = server.connectionInfo();
        try (Connection c = new PostgresTarget(trust, settings).open(); Statement st = c.createStatement()) {
            st.execute("SET password_encryption = 'scram-sha-256'");
            st.execute("ALTER ROLE " + trust.user() + " PASSWORD '" + password + "'");
            String hba;
            try (ResultSet r = st.executeQuery("SHOW hba_file")) {
                r.next();
                hba = r.getString(1);
            }
            st.execute("COPY (VALUES ('local all all trust'), ('host all all 127.0.0.1/32 scram-sha-256'), "
                    + "('host all all ::1/128 scram-sha-256')) TO '" + hba.replace("'", "''") + "'");
            st.execute("SELECT pg_reload_conf()");
        }
        ConnectionInfo scram = trust.withPassword(password);
        PostgresTarget t = new PostgresTarget(scram, settings);
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        String seen = null;
        while (System.nanoTime() < deadline) {
            try (Connection c = t.open(); Statement st = c.createStatement(); ResultSet r = st.executeQuery("SELECT system_user")) {
                r.next();
                seen = r.getString(1);
            }
            if (("scram-sha-256:" + trust.user()).equals(seen)) return scram;
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        throw new IOException("the embedded server did not switch to SCRAM-SHA-256 authentication (system_user: " + seen + ")");
    }
}
