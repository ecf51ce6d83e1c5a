package dev.stampede.engine.plan;

import java.util.Optional;

/**
 * The scenario's own idea of where load goes, before {@code --url}, the environment and the embedded
 * default are taken into account (see {@code engine.postgres.TargetResolver}). At most one of the three
 * is present.
 *
 * @param url       a PostgreSQL URL (libpq URI, JDBC or key=value), a container {@code container:IMAGE},
 *                  a TCP target {@code tcp://host:port}, or empty for "resolve it"
 * @param fibServer a Fibonacci server the run starts itself ({@code target fibServer('thread-pool')})
 * @param cluster   an embedded primary with streaming replicas started for the run ({@code target
 *                  cluster(replicas: 2)}); {@code --url} still wins over it
 * @param pooler    a PgBouncer started in front of whatever the rules resolve ({@code target pgbouncer(…)})
 * @param routing   how a multi-host target spreads its work (the scenario's routing words)
 */
public record TargetSpec(Optional<String> url, Optional<FibServerSpec> fibServer, Optional<Cluster> cluster,
                         Optional<Pooler> pooler, Routing routing) {

    public static final TargetSpec DEFAULT = new TargetSpec(Optional.empty());

    /** {@code target cluster(replicas: 2, synchronous: false)}: a primary and 1–8 streaming replicas. */
    public record Cluster(int replicas, boolean synchronous) {
        public Cluster {
            if (replicas < 1 || replicas > 8) {
                throw new IllegalArgumentException("cluster replicas: must be between 1 and 8 (got " + replicas + ")");
            }
        }
    }

    /**
     * How a multi-host target (a cluster, a multi-host URL) spreads its work, as the scenario says it
     * ({@code balancer greedy}, {@code fallbackToPrimary true}, {@code hostPool 10},
     * {@code primaryAsReplicaWeight 0.2}, {@code acquireTimeout 2.seconds}, {@code refresh 500.ms});
     * null fields leave {@code stampede.ha.*} in force. Applies whatever {@code --url} says the hosts are.
     */
    public record Routing(String balancer, Boolean fallbackToPrimary, Integer poolSize, Double primaryAsReplicaWeight,
                          java.time.Duration acquireTimeout, java.time.Duration refresh) {
        public static final Routing NONE = new Routing(null, null, null, null, null, null);

        public Routing {
            if (poolSize != null && poolSize < 1) throw new IllegalArgumentException("hostPool must be at least 1 (got " + poolSize + ")");
            if (primaryAsReplicaWeight != null && !(primaryAsReplicaWeight >= 0 && primaryAsReplicaWeight <= 1)) {
                throw new IllegalArgumentException("primaryAsReplicaWeight must be between 0 and 1 (got " + primaryAsReplicaWeight + ")");
            }
        }

        public boolean isEmpty() {
            return equals(NONE);
        }
    }

    /** This target, routed as {@code r} says. */
    public TargetSpec withRouting(Routing r) {
        return new TargetSpec(url, fibServer, cluster, pooler, r);
    }

    /**
     * {@code target pgbouncer(mode: 'transaction', poolSize: 20)}: a PgBouncer started for the run in front
     * of the resolved server (embedded or {@code --url}); {@code probe} runs the pooler checklist first.
     */
    public record Pooler(String mode, int poolSize, boolean probe) {
        public static final java.util.List<String> MODES = java.util.List.of("session", "transaction", "statement");

        public Pooler {
            if (!MODES.contains(mode)) {
                throw new IllegalArgumentException("pgbouncer mode: must be one of " + MODES + " (got '" + mode + "')");
            }
            if (poolSize < 1 || poolSize > 10_000) {
                throw new IllegalArgumentException("pgbouncer poolSize: must be between 1 and 10000 (got " + poolSize + ")");
            }
        }

        public String describe() {
            return "pgbouncer(mode: '" + mode + "', poolSize: " + poolSize + (probe ? ", probe: true" : "") + ")";
        }
    }

    public TargetSpec(Optional<String> url, Optional<FibServerSpec> fibServer, Optional<Cluster> cluster) {
        this(url, fibServer, cluster, Optional.empty(), Routing.NONE);
    }

    public TargetSpec(Optional<String> url, Optional<FibServerSpec> fibServer, Optional<Cluster> cluster, Optional<Pooler> pooler) {
        this(url, fibServer, cluster, pooler, Routing.NONE);
    }

    /** {@code target pgbouncer(…)}: a pooler in front of whatever the rules resolve. */
    public static TargetSpec pooler(Pooler pooler) {
        return new TargetSpec(Optional.empty(), Optional.empty(), Optional.empty(), Optional.of(pooler));
    }

    public TargetSpec {
        routing = routing == null ? Routing.NONE : routing;
        pooler = pooler == null ? Optional.empty() : pooler;
        if (pooler.isPresent() && (fibServer != null && fibServer.isPresent() || cluster != null && cluster.isPresent())) {
            throw new IllegalArgumentException("a pgbouncer target stands in front of a PostgreSQL server, not a fibServer or a cluster");
        }
        url = url == null ? Optional.empty() : url.filter(u -> !u.isBlank());
        fibServer = fibServer == null ? Optional.empty() : fibServer;
        cluster = cluster == null ? Optional.empty() : cluster;
        if ((url.isPresent() ? 1 : 0) + (fibServer.isPresent() ? 1 : 0) + (cluster.isPresent() ? 1 : 0) > 1) {
            throw new IllegalArgumentException("a target is one of a URL, a fibServer or a cluster");
        }
    }

    public TargetSpec(Optional<String> url) {
        this(url, Optional.empty(), Optional.empty());
    }

    /** {@code target fibServer('thread-pool')}. */
    public static TargetSpec fibServer(FibServerSpec server) {
        return new TargetSpec(Optional.empty(), Optional.of(server), Optional.empty());
    }

    /** {@code target cluster(replicas: n, synchronous: s)}. */
    public static TargetSpec cluster(int replicas, boolean synchronous) {
        return new TargetSpec(Optional.empty(), Optional.empty(), Optional.of(new Cluster(replicas, synchronous)));
    }

    public static TargetSpec postgres(String url) {
        return new TargetSpec(Optional.ofNullable(url));
    }

    /** {@code target container('postgres:16-alpine')}: that image, started for the run where Docker exists. */
    public static TargetSpec container(String image) {
        return new TargetSpec(Optional.of("container:" + image));
    }

    /** The URL scheme of TCP request/response targets. */
    public static final String TCP_SCHEME = "tcp://";

    /** {@code target tcp('127.0.0.1:25000')}. */
    public static TargetSpec tcp(String hostPort) {
        return new TargetSpec(Optional.of(TCP_SCHEME + hostPort));
    }

    /** True when {@code url} names a TCP request/response target. */
    public static boolean isTcp(String url) {
        return url != null && url.regionMatches(true, 0, TCP_SCHEME, 0, TCP_SCHEME.length());
    }

    /** The step family this target runs, when the scenario says. */
    public Step.Family family() {
        if (fibServer.isPresent()) return Step.Family.TCP;
        return url.map(u -> isTcp(u) ? Step.Family.TCP : Step.Family.SQL).orElse(Step.Family.SQL);
    }

    /** As written, for messages: {@code fibServer(thread-pool)}, {@code tcp(127.0.0.1:25000)}, {@code postgres(…)} (never a password). */
    public String describe() {
        if (fibServer.isPresent()) return fibServer.get().describe();
        if (pooler.isPresent()) return pooler.get().describe();
        if (cluster.isPresent()) return "cluster(replicas: " + cluster.get().replicas() + ", synchronous: " + cluster.get().synchronous() + ")";
        return url.map(u -> isTcp(u) ? "tcp(" + u.substring(TCP_SCHEME.length()) + ")" : "postgres(…)").orElse("postgres()");
    }
}
