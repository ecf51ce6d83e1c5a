package dev.stampede.engine.postgres;

import java.util.Objects;
import java.util.Optional;

/**
 * The target a run uses, where it came from, and the embedded server to stop afterwards if any.
 * Closing it stops that server. Thread-safe.
 */
public final class ResolvedTarget implements AutoCloseable {

    /** Where a target came from, in resolution order. */
    public enum Origin {
        FLAG("--url"), SCENARIO("scenario"), DATABASE_URL("DATABASE_URL"), LIBPQ_ENVIRONMENT("PG* environment"),
        EMBEDDED("embedded PostgreSQL 17"), CONTAINER("container");

        private final String label;

        Origin(String label) { this.label = label; }

        public String label() { return label; }
    }

    private final ConnectionInfo info;
    private final Origin origin;
    private final EmbeddedServer embedded;
    private final ContainerServer container;

    public ResolvedTarget(ConnectionInfo info, Origin origin, EmbeddedServer embedded) {
        this(info, origin, embedded, null);
    }

    private ResolvedTarget(ConnectionInfo info, Origin origin, EmbeddedServer embedded, ContainerServer container) {
        this.info = Objects.requireNonNull(info);
        this.origin = Objects.requireNonNull(origin);
        this.embedded = embedded;
        this.container = container;
    }

    /** A server started in a container for this run; closing the target stops it. */
    public static ResolvedTarget of(ContainerServer container) {
        return new ResolvedTarget(container.connectionInfo(), Origin.CONTAINER, null, container);
    }

    public ConnectionInfo info() { return info; }
    public Origin origin() { return origin; }
    public Optional<EmbeddedServer> embedded() { return Optional.ofNullable(embedded); }

    /** For headers: the masked URL and its origin, e.g. {@code postgresql://postgres@127.0.0.1:5432/postgres (embedded PostgreSQL 17)}. */
    public String describe() {
        if (container != null) {
            return info.masked() + " (container " + container.image() + ", PostgreSQL " + container.version() + ")";
        }
        return info.masked() + " (" + origin.label() + ")";
    }

    @Override
    public void close() {
        if (embedded != null) embedded.close();
        if (container != null) container.close();
    }
}
