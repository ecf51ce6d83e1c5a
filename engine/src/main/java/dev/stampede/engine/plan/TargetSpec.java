package dev.stampede.engine.plan;

import java.util.Optional;

/**
 * The scenario's own idea of where load goes, before {@code --url}, the environment and the embedded
 * default are taken into account (see {@code engine.target.TargetResolver}).
 *
 * @param url a PostgreSQL URL (libpq URI, JDBC or key=value), or empty for "resolve it"
 */
public record TargetSpec(Optional<String> url) {

    public static final TargetSpec DEFAULT = new TargetSpec(Optional.empty());

    public TargetSpec {
        url = url == null ? Optional.empty() : url.filter(u -> !u.isBlank());
    }

    public static TargetSpec postgres(String url) {
        return new TargetSpec(Optional.ofNullable(url));
    }
}
