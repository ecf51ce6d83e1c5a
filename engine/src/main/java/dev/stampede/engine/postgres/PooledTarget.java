package dev.stampede.engine.postgres;

import dev.stampede.engine.config.Settings;
import dev.stampede.engine.metrics.Metrics;
import dev.stampede.engine.plan.Group;
import dev.stampede.engine.plan.Step;
import dev.stampede.engine.plan.TargetSpec;
import dev.stampede.engine.session.ServerConnections;
import dev.stampede.engine.session.Sessions;
import dev.stampede.engine.session.StepRunner;
import dev.stampede.engine.session.Target;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code target pgbouncer(mode: 'transaction', poolSize: 20)}: the run's load goes through a
 * {@link PgBouncer} started for it, in front of the resolved server. Sessions, steps and held connections
 * go through the pooler; server connection counts (the safety margin, {@code server conns} on every
 * line) are read on the server itself, so they show what the pooler really uses.
 *
 * <p>While the run lasts, the pooler's {@code SHOW POOLS} is sampled once a second, so the summary can set
 * the client connections held against the server connections used. In transaction and statement mode
 * the pooled connections use {@code prepareThreshold=0}: PgBouncer 1.18 does not track protocol-level
 * prepared statements, and named ones would fail on the next server connection (the probe shows it).
 * Closing the target stops the pooler. Thread-safe.
 */
public final class PooledTarget implements Target {

    private static final Logger log = LoggerFactory.getLogger(PooledTarget.class);

    private final PgBouncer bouncer;
    private final PostgresTarget pooled;
    private final PostgresTarget direct;
    private final AtomicLong peakClients = new AtomicLong();
    private final AtomicLong peakServers = new AtomicLong();
    private final Thread sampler;
    private volatile boolean closed;
    private volatile long cpuAtStart;
    private volatile List<PoolerProbe.Row> probe = List.of();

    public PooledTarget(PgBouncer bouncer, Settings settings) {
        this.bouncer = bouncer;
        this.pooled = new PostgresTarget(bouncer.connectionInfo(), settings);
        if (!bouncer.spec().mode().equals("session")) pooled.driverProperty("prepareThreshold", "0");
        this.direct = new PostgresTarget(bouncer.server(), settings);
        this.sampler = Thread.ofVirtual().name("stampede-pgbouncer-pools").start(this::sample);
        this.cpuAtStart = bouncer.cpu().toMillis();
    }

    /** Starts PgBouncer in front of {@code server} and wraps it; {@link PgBouncer.NotInstalled} when it is missing. */
    public static PooledTarget start(TargetSpec.Pooler spec, ConnectionInfo server, int maxClients, Settings settings,
                                     Map<String, String> env) throws IOException {
        PgBouncer b = PgBouncer.start(spec, server, maxClients, env, Duration.ofSeconds(15));
        try {
            return new PooledTarget(b, settings);
        } catch (RuntimeException | Error e) {
            b.close();
            throw e;
        }
    }

    private void sample() {
        int failures = 0;
        while (!closed) {
            try {
                Map<String, Object> p = bouncer.pools();
                peakClients.accumulateAndGet((Long) p.get("clientsActive") + (Long) p.get("clientsWaiting"), Math::max);
                peakServers.accumulateAndGet((Long) p.get("serverConnections"), Math::max);
            } catch (Exception e) {
                if (!closed && failures++ == 0) log.warn("SHOW POOLS on the pooler's admin console failed", e);
            }
            try {
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    public PgBouncer bouncer() {
        return bouncer;
    }

    /** Connections through the pooler. */
    public PostgresTarget pooled() {
        return pooled;
    }

    /** Connections straight to the server. */
    public PostgresTarget direct() {
        return direct;
    }

    /** Runs the pooler checklist (direct against pooled) and keeps its rows for the findings. */
    public List<PoolerProbe.Row> probe() {
        probe = List.copyOf(PoolerProbe.of(bouncer).run());
        return probe;
    }

    /** Restarts the CPU count and the peaks (the run proper starts after the probe). */
    public void resetCounters() {
        cpuAtStart = bouncer.cpu().toMillis();
        peakClients.set(0);
        peakServers.set(0);
    }

    @Override
    public Sessions sessions(Group group) {
        return pooled.sessions(group);
    }

    @Override
    public Optional<StepRunner> runner(Step step, Metrics metrics) {
        return pooled.runner(step, metrics);
    }

    @Override
    public <C> Optional<C> capability(Class<C> type) {
        if (type == ServerConnections.class) return Optional.of(type.cast(direct));
        if (type.isInstance(this)) return Optional.of(type.cast(this));
        return pooled.capability(type);
    }

    @Override
    public String describe() {
        return bouncer.describe();
    }

    /**
     * {@code findings.pooler}: the pooler (version, mode, pool size, masked address), the peak client
     * connections against the peak server connections it used, and its own CPU time during the run.
     */
    public Map<String, Object> finding() {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("pooler", bouncer.version());
        f.put("mode", bouncer.spec().mode());
        f.put("poolSize", bouncer.spec().poolSize());
        f.put("address", bouncer.connectionInfo().masked());
        f.put("server", bouncer.server().masked());
        f.put("peakClientConnections", peakClients.get());
        f.put("peakServerConnections", peakServers.get());
        long cpu = bouncer.cpu().toMillis();
        if (cpu >= 0) f.put("poolerCpuSeconds", (cpu - cpuAtStart) / 1000.0);
        if (!probe.isEmpty()) f.put("probe", probe.stream().map(PoolerProbe.Row::json).toList());
        return f;
    }

    /** The terminal lines of {@link #finding()}. */
    public List<String> lines() {
        Map<String, Object> f = finding();
        List<String> out = new java.util.ArrayList<>();
        if (!probe.isEmpty()) out.addAll(PoolerProbe.table("pooler probe (" + bouncer.spec().mode() + " mode):", probe));
        out.add("pooler: " + f.get("pooler") + ", " + f.get("mode") + " mode, pool size " + f.get("poolSize")
                + ": up to " + f.get("peakClientConnections") + " client connection(s) on " + f.get("peakServerConnections")
                + " server connection(s)" + (f.containsKey("poolerCpuSeconds") ? ", pooler CPU " + f.get("poolerCpuSeconds") + " s" : ""));
        return out;
    }

    @Override
    public void close() {
        closed = true;
        sampler.interrupt();
        bouncer.close();
    }
}
