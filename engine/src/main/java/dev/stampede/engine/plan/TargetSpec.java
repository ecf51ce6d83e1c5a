package dev.stampede.engine.plan;

import java.util.Optional;

/**
 * The scenario's own idea of where load goes, before {@code --url}, the environment and the embedded
 * default are taken into account (see {@code engine.postgres.TargetResolver}).
 *
 * @param url     a PostgreSQL URL (libpq URI, JDBC or key=value), a TCP target {@code tcp://host:port},
 *                or empty for "resolve it"
 * @param cluster an embedded primary with streaming replicas started for the run ({@code target
 *                cluster(replicas: 2)}); {@code --url} still wins over it
 */
public record TargetSpec(Optional<String> url, Optional<Cluster> cluster) {

    public static final TargetSpec DEFAULT = new TargetSpec(Optional.empty());

    /** {@code target cluster(replicas: 2, synchronous: false)}: a primary and 1–8 streaming replicas. */
    public record Cluster(int replicas, boolean synchronous) {
        public Cluster {
            if (replicas < 1 || replicas > 8) {
                throw new IllegalArgumentException("cluster replicas: must be between 1 and 8 (got " + replicas + ")");
            }
        }
    }

    public TargetSpec {
        url = url == null ? Optional.empty() : url.filter(u -> !u.isBlank());
        cluster = cluster == null ? Optional.empty() : cluster;
        if (url.isPresent() && cluster.isPresent()) throw new IllegalArgumentException("a target is a URL or a cluster, not both");
    }

    public TargetSpec(Optional<String> url) {
        this(url, Optional.empty());
    }

    /** {@code target cluster(replicas: n, synchronous: s)}. */
    public static TargetSpec cluster(int replicas, boolean synchronous) {
        return new TargetSpec(Optional.empty(), Optional.of(new Cluster(replicas, synchronous)));
    }

    public static TargetSpec postgres(String url) {
        return new TargetSpec(Optional.ofNullable(url));
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
        return url.map(u -> isTcp(u) ? Step.Family.TCP : Step.Family.SQL).orElse(Step.Family.SQL);
    }
}
