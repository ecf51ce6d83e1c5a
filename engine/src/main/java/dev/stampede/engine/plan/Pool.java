package dev.stampede.engine.plan;

/**
 * How workers get connections for {@code sql}, {@code transaction} and friends: each worker its own
 * raw connection (the default), or a shared HikariCP pool, pre-filled before the run starts.
 */
public sealed interface Pool permits Pool.Raw, Pool.Hikari {

    Raw RAW = new Raw();

    /** One connection per worker, opened on first use and kept. */
    record Raw() implements Pool {
    }

    /** A HikariCP pool shared by the group's workers. */
    record Hikari(int maxSize, int minIdle) implements Pool {
        public Hikari {
            if (maxSize < 1) throw new IllegalArgumentException("hikari maxSize must be >= 1 (got " + maxSize + ")");
            if (minIdle < 0 || minIdle > maxSize) throw new IllegalArgumentException("hikari minIdle must be 0..maxSize (got " + minIdle + ")");
        }
    }
}
