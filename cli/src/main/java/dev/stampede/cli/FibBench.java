package dev.stampede.cli;

import dev.stampede.engine.fib.FibClient;
import dev.stampede.engine.fib.FibModel;
import dev.stampede.engine.fib.FibServer;
import dev.stampede.engine.plan.ClosedLoop;
import dev.stampede.engine.plan.Group;
import dev.stampede.engine.plan.Plan;
import dev.stampede.engine.plan.Request;
import dev.stampede.engine.plan.SourceRef;
import dev.stampede.engine.plan.Stage;
import dev.stampede.engine.plan.TargetSpec;
import dev.stampede.engine.plan.Value;
import dev.stampede.engine.result.RunControl;
import dev.stampede.engine.result.RunSummary;
import dev.stampede.engine.run.Runner;
import dev.stampede.engine.tcp.TcpTarget;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * {@code stampede bench fib}: the two classic probes against every Fibonacci server model on this
 * machine, with the minimal blocking Java client ({@link FibClient#loop}) — short-request throughput
 * (fib(1) back to back) alone, long-request latency (fib(30) back to back) alone, and both at once —
 * then that client's own req/s against the fastest model beside stampede's own TCP request loop
 * (the engine, one worker, the same fib(1)) doing the same: the client's headroom, as a ratio. Figures
 * printed, never asserted.
 */
@Command(name = "fib", mixinStandardHelpOptions = true,
        description = "every Fibonacci server model: short-probe req/s, long-probe p50/p99, alone and together; the minimal Java client's and stampede's own req/s against the fastest")
final class FibBench implements Callable<Integer> {

    @ParentCommand
    BenchCommand bench;
    @Option(names = "--seconds", description = "seconds per probe (default: ${DEFAULT-VALUE})")
    int seconds = 3;
    @Option(names = "--warmup", description = "seconds of warm-up per model (default: ${DEFAULT-VALUE})")
    int warmup = 1;
    @Option(names = "--models", split = ",", paramLabel = "MODEL", description = "models to measure (default: all)")
    List<String> models = new ArrayList<>();
    @Option(names = "--workers", description = "pool size of the pooled models, 0 = one per core (default: ${DEFAULT-VALUE})")
    int workers = 0;
    @Option(names = "--connections", description = "connections of the short probe (default: ${DEFAULT-VALUE})")
    int connections = 1;
    @Option(names = "--short-n", description = "n of the short probe (default: ${DEFAULT-VALUE})")
    int shortN = 1;
    @Option(names = "--long-n", description = "n of the long probe (default: ${DEFAULT-VALUE})")
    int longN = 30;

    private static final String HOST = "127.0.0.1";

    /** One model's figures. */
    record Row(FibModel model, FibClient.Probe shortAlone, FibClient.Probe longAlone, FibClient.Probe shortDuring,
               FibClient.Probe longDuring) {
    }

    @Override
    public Integer call() throws IOException, InterruptedException {
        PrintStream out = bench.main.out;
        List<FibModel> chosen = new ArrayList<>();
        for (String m : models) {
            var model = FibModel.named(m);
            if (model.isEmpty()) {
                bench.main.err.println("stampede bench fib: unknown model '" + m + "' in --models (expected: " + FibModel.labels() + ")");
                return Main.USAGE;
            }
            chosen.add(model.get());
        }
        if (chosen.isEmpty()) chosen = List.of(FibModel.values());
        String bad = seconds < 1 ? "--seconds must be >= 1" : warmup < 0 ? "--warmup must be >= 0"
                : connections < 1 ? "--connections must be >= 1" : shortN < 0 || shortN > 40 ? "--short-n must be 0..40"
                : longN < 0 || longN > 40 ? "--long-n must be 0..40" : workers < 0 ? "--workers must be >= 0" : null;
        if (bad != null) {
            bench.main.err.println("stampede bench fib: " + bad + " (see stampede bench fib --help)");
            return Main.USAGE;
        }
        Duration d = Duration.ofSeconds(seconds);
        out.printf(Locale.ROOT, "fib bench: %d cores (load average %.1f), Java %s, %d s per probe; short = fib(%d) over %d connection(s), "
                        + "long = fib(%d) over 1 connection; servers and client in this JVM%n",
                Runtime.getRuntime().availableProcessors(), java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
                Runtime.version().feature(), seconds, shortN, connections, longN);
        out.printf(Locale.ROOT, "%-24s %12s %12s %10s %10s %10s %10s%n", "", "short req/s", "short req/s", "long p50", "long p99", "long p50", "long p99");
        out.printf(Locale.ROOT, "%-24s %12s %12s %10s %10s %10s %10s%n", "model", "alone", "during long", "alone", "alone", "with short", "with short");
        List<Row> rows = new ArrayList<>();
        for (FibModel m : chosen) {
            try {
                rows.add(measure(m, d, out));
            } catch (IOException e) {
                out.printf(Locale.ROOT, "%-24s failed: %s%n", m.label(), e.getMessage());
            }
        }
        if (rows.isEmpty()) {
            bench.main.err.println("stampede bench fib: no model could be measured");
            return Main.CANNOT_RUN;
        }
        Row fastest = rows.stream().max((a, b) -> Double.compare(a.shortAlone().perSecond(), b.shortAlone().perSecond())).orElseThrow();
        try (FibServer server = fastest.model().create(workers, 40)) {
            int port = server.start(HOST, 0);
            FibClient.loop(HOST, port, shortN, 1, Duration.ofSeconds(Math.max(1, warmup)));
            FibClient.Probe baseline = FibClient.loop(HOST, port, shortN, 1, d);
            out.printf(Locale.ROOT, "baseline client: minimal blocking Java client (FibClient.loop), fib(%d) back to back over 1 connection against %s: "
                            + "%.0f req/s, p50 %s p99 %s%n", shortN, fastest.model().label(), baseline.perSecond(),
                    ms(baseline.p50()), ms(baseline.p99()));
            // the same loop through the engine: a scenario's request step, one worker, one connection
            engineLoop(port, Duration.ofSeconds(Math.max(1, warmup)));
            RunSummary engine = engineLoop(port, d);
            var op = engine.operations().get(0);
            double ratio = op.ratePerSecond() / Math.max(1e-9, baseline.perSecond());
            out.printf(Locale.ROOT, "stampede client: the engine's TCP request loop (request %d, 1 worker, 1 connection) against %s: "
                            + "%.0f req/s, p50 %s p99 %s, %d error(s)%n", shortN, fastest.model().label(), op.ratePerSecond(),
                    ms(Duration.ofNanos(op.latency().p50())), ms(Duration.ofNanos(op.latency().p99())), op.errors());
            out.printf(Locale.ROOT, "headroom: stampede %.0f req/s vs minimal client %.0f req/s = %.2fx%s%n", op.ratePerSecond(),
                    baseline.perSecond(), ratio, ratio < 0.8 ? " (below 0.8: at rates near this, stampede's own loop, not the server, sets the pace)" : "");
        }
        return Main.OK;
    }

    /** fib({@code shortN}) back to back through the engine (Runner, TcpTarget, request step), one worker, for {@code d}. */
    private RunSummary engineLoop(int port, Duration d) {
        var settings = dev.stampede.engine.config.Settings.load();
        var here = SourceRef.file("bench fib");
        var request = new Request("short", Value.of(String.valueOf(shortN)), java.util.Optional.empty());
        var plan = new Plan("bench fib", "", here, java.util.Map.of(), TargetSpec.tcp(HOST + ":" + port),
                List.of(new Stage("engine", d, List.of(new Group("short", new ClosedLoop(1), List.of(request), here)))));
        TcpTarget target = TcpTarget.parse("tcp://" + HOST + ":" + port, settings);
        return new Runner(plan, target, target.describe(), settings, List.of(), new RunControl(), false).run();
    }

    /** Both probes against one model, on a fresh server; prints its row. */
    private Row measure(FibModel m, Duration d, PrintStream out) throws IOException, InterruptedException {
        try (FibServer server = m.create(workers, 40)) {
            int port = server.start(HOST, 0);
            if (warmup > 0) {
                FibClient.loop(HOST, port, shortN, 1, Duration.ofSeconds(warmup));
                FibClient.loop(HOST, port, longN, 1, Duration.ofSeconds(warmup));
            }
            FibClient.Probe shortAlone = FibClient.loop(HOST, port, shortN, connections, d);
            FibClient.Probe longAlone = FibClient.loop(HOST, port, longN, 1, d);
            // the long probe is being served before the short one starts, as in the classic experiment
            var longServed = new java.util.concurrent.CountDownLatch(1);
            var longDuring = CompletableFuture.supplyAsync(() -> probe(port, longN, d, longServed::countDown),
                    runnable -> Thread.ofPlatform().name("fib-bench-long").start(runnable));
            longServed.await(60, java.util.concurrent.TimeUnit.SECONDS);
            FibClient.Probe shortDuring = FibClient.loop(HOST, port, shortN, connections, d);
            Row row = new Row(m, shortAlone, longAlone, shortDuring, join(longDuring));
            out.printf(Locale.ROOT, "%-24s %12.0f %12.0f %10s %10s %10s %10s%n", m.label() + (m.pooled() ? " (" + server.workers() + ")" : ""),
                    shortAlone.perSecond(), shortDuring.perSecond(), ms(longAlone.p50()), ms(longAlone.p99()),
                    ms(row.longDuring().p50()), ms(row.longDuring().p99()));
            out.flush();
            return row;
        }
    }

    private static FibClient.Probe probe(int port, int n, Duration d, Runnable firstAnswered) {
        try {
            return FibClient.loop(HOST, port, n, 1, d, firstAnswered);
        } catch (IOException e) {
            throw new CompletionException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CompletionException(e);
        }
    }

    private static FibClient.Probe join(CompletableFuture<FibClient.Probe> f) throws IOException {
        try {
            return f.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
        }
    }

    /** A duration in milliseconds: {@code 4.21ms}. */
    static String ms(Duration d) {
        double v = d.toNanos() / 1e6;
        return String.format(Locale.ROOT, v < 10 ? "%.2fms" : v < 100 ? "%.1fms" : "%.0fms", v);
    }
}
