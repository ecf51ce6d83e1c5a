package dev.stampede.engine.plan;

/**
 * Checks made before and during a run so it never takes the target down by accident.
 *
 * @param minFreeConnections refuse to start (and stop) when the run would leave fewer free
 *                           connection slots than this; 0 disables the check
 */
public record Safety(int minFreeConnections) {

    public static final Safety NONE = new Safety(0);

    public Safety {
        if (minFreeConnections < 0) throw new IllegalArgumentException("minFreeConnections must be >= 0 (got " + minFreeConnections + ")");
    }
}
