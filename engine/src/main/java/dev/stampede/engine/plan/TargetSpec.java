package dev.stampede.engine.plan;

import java.util.Optional;

/**
 * The scenario's own idea of where load goes, before {@code --url}, the environment and the embedded
 * default are taken into account (see {@code engine.postgres.TargetResolver}).
 *
 * @param url a PostgreSQL URL (libpq URI, JDBC or key=value), a container {@code container:IMAGE}, a TCP target {@code tcp://host:port},
 *            or empty for "resolve it"
 */
public record TargetSpec(Optional<String> url) {

    public static final TargetSpec DEFAULT = new TargetSpec(Optional.empty());

    public TargetSpec {
        url = url == null ? Optional.empty() : url.filter(u -> !u.isBlank());
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
        return url.map(u -> isTcp(u) ? Step.Family.TCP : Step.Family.SQL).orElse(Step.Family.SQL);
    }
}
