package dev.stampede.engine.postgres;

import dev.stampede.engine.plan.Routed;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Where a routed {@link PgSession} gets its connections on a multi-host target: one leased from the
 * pool of a host that holds the role the current step needs. Thread-safe; a lease is confined to its session.
 */
public interface ConnectionRouter {

    /** A connection for {@code route} ({@code null}: a step outside read/write blocks, which goes to the primary). */
    Lease acquire(Routed.Route route) throws SQLException;

    /**
     * A read or write block completed on {@code route} (its writes acknowledged), on {@code lease}'s host
     * (null when it used no connection): the availability of each route over time, which a failover's
     * figures are made of. Called on the worker's thread; quick.
     */
    default void succeeded(Routed.Route route, Lease lease) {
    }

    /** A step inside a read or write block failed with {@code kind} (see {@code ErrorKinds}). */
    default void failed(Routed.Route route, String kind) {
    }

    /** One connection lent to a session until it gives it back. */
    interface Lease {
        Connection connection();

        /** A read or write block that took {@code nanos} completed on this connection: its host's rate and p99. */
        default void completed(long nanos) {
        }

        /** Whether this connection's host still holds the role {@code route} needs. */
        boolean serves(Routed.Route route);

        /** Gives the connection back; a broken one is closed and its host taken out of rotation until its next good check. */
        void release(boolean broken);
    }
}
