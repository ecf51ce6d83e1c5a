package dev.stampede.engine.live;

/**
 * A running group whose load can be changed while it runs: the closed model's worker count, the open
 * model's arrival rate. Implemented by the load drivers, registered with the run's control for the
 * length of a stage.
 *
 * <p>Thread-safety: {@link #scale} may be called from any thread (the dashboard's) while the group runs.
 */
public interface LiveGroup {

    /** The group's name, as in the scenario. */
    String name();

    /** Its current level in words: {@code 10 workers}, {@code 500/s}. */
    String level();

    /**
     * Multiplies the group's workers or rate by {@code factor} (by at least one worker either way, never
     * below one).
     *
     * @return what changed, e.g. {@code workers 10 → 11}, or empty when this group cannot change
     */
    java.util.Optional<String> scale(double factor);
}
