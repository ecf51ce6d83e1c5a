package dev.stampede.engine.output;

import dev.stampede.engine.metrics.IntervalSnapshot;
import dev.stampede.engine.metrics.LatencyStats;
import dev.stampede.engine.metrics.OperationSnapshot;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Live metrics in Prometheus text format during a run ({@code --metrics-port}), fed by the interval
 * snapshots: per operation counters, errors by kind, in flight, rate and the last interval's latency
 * percentiles, and the server's connections.
 *
 * <p>Why an output: the engine publishes one immutable snapshot per interval and never waits on a
 * scraper. {@link #interval} only sets values in the registry (no I/O); the HTTP server answers
 * scrapes on its own threads. Guarantees: (1) interval() never blocks on the network; (2) a scrape
 * sees each metric at the value of the last finished interval (the metrics are updated one by one,
 * so a scrape racing the ticker may mix two consecutive intervals); (3) counters only grow.
 * {@link #interval} is called from the ticker thread only.
 */
public final class PrometheusOutput implements Output, AutoCloseable {

    private static final double[] QUANTILES = {0.5, 0.9, 0.95, 0.99, 0.999, 1.0};

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final Counter operations = Counter.builder().name("stampede_operations")
            .help("successful operations since the run started").labelNames("operation").register(registry);
    private final Counter errors = Counter.builder().name("stampede_operation_errors")
            .help("failed operations since the run started, by SQLSTATE or kind").labelNames("operation", "kind").register(registry);
    private final Gauge inFlight = Gauge.builder().name("stampede_operations_in_flight")
            .help("operations running at the end of the last interval").labelNames("operation").register(registry);
    private final Gauge rate = Gauge.builder().name("stampede_operation_rate_per_second")
            .help("successful operations per second in the last interval").labelNames("operation").register(registry);
    private final Gauge latency = Gauge.builder().name("stampede_operation_latency_seconds")
            .help("latency percentiles of the last interval (quantile 1 is the maximum)")
            .labelNames("operation", "quantile").register(registry);
    private final Gauge serverConnections = Gauge.builder().name("stampede_server_connections")
            .help("client backends connected to the target server").register(registry);
    private final Gauge serverMaxConnections = Gauge.builder().name("stampede_server_max_connections")
            .help("the target server's max_connections").register(registry);
    private final Gauge hostUp = Gauge.builder().name("stampede_host_up")
            .help("1 when the host's last check reached it (multi-host targets)").labelNames("host").register(registry);
    private final Gauge hostPrimary = Gauge.builder().name("stampede_host_primary")
            .help("1 when the host's last check saw it as the primary, 0 a replica or unknown").labelNames("host").register(registry);
    private final Gauge hostInUse = Gauge.builder().name("stampede_host_connections_in_use")
            .help("stampede's connections to the host in use").labelNames("host").register(registry);
    private final Gauge hostRate = Gauge.builder().name("stampede_host_rate_per_second")
            .help("read or write blocks completed on the host per second in the last interval").labelNames("host").register(registry);
    private final Gauge hostP99 = Gauge.builder().name("stampede_host_p99_seconds")
            .help("99th percentile of those blocks' time in the last interval").labelNames("host").register(registry);
    private final Gauge hostLagBytes = Gauge.builder().name("stampede_host_lag_bytes")
            .help("a replica's replay lag behind the primary in bytes").labelNames("host").register(registry);
    private final Gauge hostLagSeconds = Gauge.builder().name("stampede_host_lag_seconds")
            .help("a replica's replay lag in seconds").labelNames("host").register(registry);
    private final Gauge elapsed = Gauge.builder().name("stampede_run_elapsed_seconds")
            .help("run time at the end of the last interval").register(registry);

    private final Map<String, Long> lastErrors = new HashMap<>();
    private final ExecutorService executor;
    private final HTTPServer server;

    private PrometheusOutput(String host, int port) throws IOException {
        executor = Executors.newFixedThreadPool(2, Thread.ofPlatform().daemon().name("stampede-metrics-", 0).factory());
        try {
            server = HTTPServer.builder().hostname(host).port(port).registry(registry).executorService(executor).buildAndStart();
        } catch (IOException | RuntimeException e) {
            executor.shutdownNow();
            throw e;
        }
    }

    /**
     * Starts serving {@code http://host:port/metrics} (port 0: any free port, see {@link #port()}).
     *
     * @throws UncheckedIOException when the port cannot be bound
     */
    public static PrometheusOutput start(String host, int port) {
        try {
            return new PrometheusOutput(host, port);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serve metrics on " + host + ":" + port + ": " + e.getMessage(), e);
        }
    }

    /** The port actually bound. */
    public int port() {
        return server.getPort();
    }

    @Override
    public void interval(IntervalSnapshot s) {
        elapsed.set(s.elapsed().toNanos() / 1e9);
        for (OperationSnapshot o : s.operations()) {
            String op = o.name();
            operations.labelValues(op).inc(o.count());
            inFlight.labelValues(op).set(o.inFlight());
            rate.labelValues(op).set(o.ratePerSecond());
            LatencyStats l = o.latency();
            double[] values = {l.p50(), l.p90(), l.p95(), l.p99(), l.p999(), l.max()};
            for (int i = 0; i < QUANTILES.length; i++) {
                latency.labelValues(op, quantile(QUANTILES[i])).set(values[i] / 1e9);
            }
            o.errorsByKind().forEach((kind, total) -> {
                long before = lastErrors.getOrDefault(op + '\0' + kind, 0L);
                if (total > before) errors.labelValues(op, kind).inc(total - before);
                lastErrors.put(op + '\0' + kind, total);
            });
        }
        for (var h : s.hosts()) {
            hostUp.labelValues(h.host()).set(h.up() ? 1 : 0);
            hostPrimary.labelValues(h.host()).set(h.primary() ? 1 : 0);
            if (h.inUse() >= 0) hostInUse.labelValues(h.host()).set(h.inUse());
            if (!Double.isNaN(h.rate())) hostRate.labelValues(h.host()).set(h.rate());
            if (h.p99Nanos() >= 0) hostP99.labelValues(h.host()).set(h.p99Nanos() / 1e9);
            if (h.replica() && h.lagBytes() >= 0) hostLagBytes.labelValues(h.host()).set(h.lagBytes());
            if (h.replica() && !Double.isNaN(h.lagSeconds())) hostLagSeconds.labelValues(h.host()).set(h.lagSeconds());
        }
        s.server().ifPresent(v -> {
            serverConnections.set(v.connections());
            serverMaxConnections.set(v.maxConnections());
        });
    }

    private static String quantile(double q) {
        return q == 1.0 ? "1" : Double.toString(q);
    }

    @Override
    public void close() {
        server.close();
        executor.shutdownNow();
    }
}
