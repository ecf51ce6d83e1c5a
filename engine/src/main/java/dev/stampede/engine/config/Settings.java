package dev.stampede.engine.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * The typed view of stampede's configuration ({@code reference.conf} and its overrides).
 *
 * <p>Why it exists: every default lives in one documented file; code reads it only through these
 * accessors so a misspelt key fails at start-up with the key's name, not halfway through a run.
 * Immutable and thread-safe.
 */
public final class Settings {

    private final Config config;

    private Settings(Config config) {
        this.config = config.getConfig("stampede");
        validate();
    }

    /** Reads every setting once, so a bad value is reported when the settings load, not mid-run. */
    private void validate() {
        reportInterval();
        histogramHighest();
        histogramDigits();
        connectTimeout();
        tcpConnectTimeout();
        tcpReadTimeout();
        assumeMinServerVersion();
        leanClient();
        platformThreads();
        backoffExhausted();
        backoffOther();
        shutdownGrace();
        outputDirectory();
        dashboardRefresh();
        embeddedMaxConnections();
        embeddedSharedBuffers();
        embeddedStartupTimeout();
        embeddedFsync();
        dslEvaluationTimeout();
        dslCompiledCache();
        metricsEnabled();
        metricsPort();
        metricsHost();
        containerStartupTimeout();
        haRefresh();
        haAcquireTimeout();
        haBalancer();
        haFallbackToPrimary();
        haPoolSize();
        haPrimaryAsReplicaWeight();
    }

    /**
     * Loads {@code reference.conf} from the classpath, {@code application.conf} from the working
     * directory when there is one, and {@code -Dstampede.*} system properties over both.
     */
    public static Settings load() {
        Config base = ConfigFactory.defaultReference();
        Path local = Path.of("application.conf");
        Config app = Files.isRegularFile(local)
                ? ConfigFactory.parseFile(local.toFile(), ConfigParseOptions.defaults().setAllowMissing(false))
                : ConfigFactory.empty();
        Config all = ConfigFactory.defaultOverrides().withFallback(app).withFallback(base).resolve();
        return new Settings(all);
    }

    /** Settings from an explicit config (tests), over the reference defaults. */
    public static Settings of(Config overrides) {
        return new Settings(Objects.requireNonNull(overrides)
                .withFallback(ConfigFactory.defaultReference()).resolve());
    }

    /** These settings with one key (below {@code stampede.}) replaced. */
    public Settings with(String key, String value) {
        return new Settings(ConfigFactory.parseMap(Map.of("stampede." + key, value)).withFallback(config.atPath("stampede")).resolve());
    }

    public Duration reportInterval() { return positive("report.interval"); }
    public Duration histogramHighest() { return positive("histogram.highest"); }
    public int histogramDigits() { return range("histogram.significant-digits", 1, 5); }
    public Duration connectTimeout() { return positive("connect.timeout"); }
    /** {@code stampede.tcp.connect-timeout}: time allowed to open one TCP connection to a TCP target. */
    public Duration tcpConnectTimeout() { return positive("tcp.connect-timeout"); }
    /** {@code stampede.tcp.read-timeout}: time allowed for one reply of a TCP target. */
    public Duration tcpReadTimeout() { return positive("tcp.read-timeout"); }
    public String assumeMinServerVersion() { return config.getString("connect.assume-min-server-version"); }
    /** {@code stampede.connect.client}: true for the lean wire-protocol client (hold, connect()), false for pgjdbc. */
    public boolean leanClient() {
        String v = config.getString("connect.client");
        return switch (v) {
            case "lean" -> true;
            case "jdbc" -> false;
            default -> throw new ConfigException.BadValue(config.origin(), "stampede.connect.client",
                    "must be lean or jdbc (got " + v + ")");
        };
    }
    /** {@code stampede.connect.platform-threads}: connect-only groups of up to this many workers run on platform threads. */
    public int platformThreads() { return range("connect.platform-threads", 0, 10_000); }
    public Duration backoffExhausted() { return config.getDuration("errors.backoff-exhausted"); }
    public Duration backoffOther() { return config.getDuration("errors.backoff-other"); }
    public Duration shutdownGrace() { return positive("shutdown.grace"); }
    public String outputDirectory() { return config.getString("output.directory"); }
    public Duration dashboardRefresh() { return positive("dashboard.refresh"); }
    public int embeddedMaxConnections() { return range("embedded.max-connections", 10, 100_000); }
    public String embeddedSharedBuffers() { return config.getString("embedded.shared-buffers"); }
    public Duration embeddedStartupTimeout() { return positive("embedded.startup-timeout"); }
    public Duration containerStartupTimeout() { return positive("container.startup-timeout"); }
    public boolean embeddedFsync() { return config.getBoolean("embedded.fsync"); }
    /** {@code stampede.dsl.evaluation-timeout}: how long a scenario file may take to build its plan. */
    public Duration dslEvaluationTimeout() { return positive("dsl.evaluation-timeout"); }
    /** {@code stampede.dsl.compiled-cache}: the folder of compiled scenarios; empty or {@code off} for none. */
    public String dslCompiledCache() { return config.getString("dsl.compiled-cache"); }
    /** {@code stampede.metrics.*}: live Prometheus metrics during a run (also {@code --metrics-port}). */
    public boolean metricsEnabled() { return config.getBoolean("metrics.enabled"); }
    public int metricsPort() { return range("metrics.port", 0, 65_535); }
    public String metricsHost() { return config.getString("metrics.host"); }
    /** {@code stampede.sweep.pause}: the pause with no load between two levels of a sweep (zero for none). */
    public Duration sweepPause() {
        Duration d = config.getDuration("sweep.pause");
        if (d.isNegative()) {
            throw new ConfigException.BadValue(config.origin(), "stampede.sweep.pause", "must be a duration >= 0 (got " + d + ")");
        }
        return d;
    }
    public Duration haRefresh() { return positive("ha.refresh"); }
    public Duration haAcquireTimeout() { return positive("ha.acquire-timeout"); }
    public boolean haFallbackToPrimary() { return config.getBoolean("ha.fallback-to-primary"); }
    public int haPoolSize() { return range("ha.pool-size", 1, 10_000); }

    /** {@code stampede.ha.primary-as-replica-weight}: the primary's share of read { } steps while replicas are up, 0 to 1. */
    public double haPrimaryAsReplicaWeight() {
        double w = config.getDouble("ha.primary-as-replica-weight");
        if (!(w >= 0 && w <= 1)) {
            throw new ConfigException.BadValue(config.origin(), "stampede.ha.primary-as-replica-weight",
                    "must be a share of reads from 0 to 1 (got " + w + ")");
        }
        return w;
    }

    /** {@code roundRobin}, {@code greedy} or {@code randomWeighted}. */
    public String haBalancer() {
        String b = config.getString("ha.balancer");
        if (!java.util.List.of("roundRobin", "greedy", "randomWeighted").contains(b)) {
            throw new ConfigException.BadValue(config.origin(), "stampede.ha.balancer",
                    "must be roundRobin, greedy or randomWeighted (got '" + b + "')");
        }
        return b;
    }

    private Duration positive(String key) {
        Duration d = config.getDuration(key);
        if (d.isNegative() || d.isZero()) {
            throw new ConfigException.BadValue(config.origin(), "stampede." + key,
                    "must be a duration > 0 (got " + d + ")");
        }
        return d;
    }

    private int range(String key, int min, int max) {
        int v = config.getInt(key);
        if (v < min || v > max) {
            throw new ConfigException.BadValue(config.origin(), "stampede." + key,
                    "must be between " + min + " and " + max + " (got " + v + ")");
        }
        return v;
    }
}
