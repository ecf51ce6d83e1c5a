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
        EMBEDDED("embedded PostgreSQL 17");

        private final String label;

        Origin(String label) { this.label = label; }

        public String label() { return label; }
    }

    private final ConnectionInfo info;
    private final Origin origin;
    private final EmbeddedServer embedded;

    public ResolvedTarget(ConnectionInfo info, Origin origin, EmbeddedServer embedded) {
        this.info = Objects.requireNonNull(info);
        this.origin = Objects.requireNonNull(origin);
        this.embedded = embedded;
    }

    public ConnectionInfo info() { return info; }
    public Origin origin() { return origin; }
    public Optional<EmbeddedServer> embedded() { return Optional.ofNullable(embedded); }

    /** For headers: the masked URL and its origin, e.g. {@code postgresql://postgres@127.0.0.1:5432/postgres (embedded PostgreSQL 17)}. */
    public String describe() {
        return info.masked() + " (" + origin.label() + ")";
    }

    @Override
    public void close() {
        if (embedded != null) embedded.close();
    }
}
