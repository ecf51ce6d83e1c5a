package dev.stampede.engine.run;

import dev.stampede.engine.metrics.ServerStatus;
import dev.stampede.engine.plan.Group;
import dev.stampede.engine.plan.Hold;
import dev.stampede.engine.plan.Plan;
import dev.stampede.engine.plan.Pool;
import dev.stampede.engine.plan.Stage;

import java.util.Locale;
import java.util.Optional;

/**
 * {@code safety { minFreeConnections n }}: never let a run exhaust the server's connection slots.
 *
 * <p>Before the run, the plan's peak connection need (the busiest stage: workers, maxWorkers, the
 * ramp's peak, held connections, or the pool size when pooled, plus stampede's own monitor) is
 * compared with what the server has free ({@code max_connections} − reserved − every current
 * session, idle ones included). During the run the same margin is watched every interval.
 * Stateless.
 */
public final class SafetyCheck {

    /** stampede's own monitoring connection. */
    static final int OWN = 1;

    private SafetyCheck() {
    }

    /** The most connections any stage of {@code plan} can hold at once. */
    public static int peakConnections(Plan plan) {
        return plan.stages().stream().mapToInt(SafetyCheck::stageConnections).max().orElse(0) + OWN;
    }

    static int stageConnections(Stage stage) {
        return stage.groups().stream().mapToInt(SafetyCheck::groupConnections).sum();
    }

    private static int groupConnections(Group g) {
        int workers = g.load() instanceof Hold h && h.findLimit() ? Integer.MAX_VALUE / 4 : g.load().peakWorkers();
        return g.pool() instanceof Pool.Hikari h && !(g.load() instanceof Hold) ? Math.min(workers, h.maxSize()) : workers;
    }

    /** Why the run must not start, if it must not. */
    public static Optional<String> refusal(Plan plan, ServerStatus server) {
        int min = plan.safety().minFreeConnections();
        if (min == 0) return Optional.empty();
        int requested = peakConnections(plan);
        long free = (long) server.maxConnections() - server.reserved() - server.connections() - requested;
        if (free >= min) return Optional.empty();
        boolean openEnded = requested > Integer.MAX_VALUE / 8;
        return Optional.of(String.format(Locale.ROOT,
                "refusing to start: the run would leave %s free connection(s), fewer than minFreeConnections %d "
                        + "(max_connections %d, reserved %d, in use %d, this run needs %s)",
                openEnded ? "no" : String.valueOf(free), min, server.maxConnections(), server.reserved(),
                server.connections(), openEnded ? "as many as the server allows (findLimit)" : "up to " + requested));
    }

    /**
     * Before a stage opens its connections: why it must not, if it must not. The stage's own connections
     * are all still to be opened, so they are counted on top of what the server holds now.
     */
    public static Optional<String> stageRefusal(Plan plan, Stage stage, ServerStatus server) {
        int min = plan.safety().minFreeConnections();
        if (min == 0 || !server.reachable()) return Optional.empty();
        int need = stageConnections(stage);
        long free = (long) server.maxConnections() - server.reserved() - server.connections() - need;
        if (free >= min) return Optional.empty();
        return Optional.of(String.format(Locale.ROOT,
                "safety: stage '%s' not started: its %d connection(s) would leave %d free, fewer than minFreeConnections %d "
                        + "(max_connections %d, reserved %d, in use %d)",
                stage.name(), need, free, min, server.maxConnections(), server.reserved(), server.connections()));
    }

    /** How often the safety watch reads the server while a margin is set: often enough to act before the server is full. */
    public static final java.time.Duration WATCH_EVERY = java.time.Duration.ofMillis(200);

    /** During the run: why it must stop now, if it must (never on an unreachable reading: nothing is known then). */
    public static Optional<String> breach(Plan plan, ServerStatus server) {
        int min = plan.safety().minFreeConnections();
        if (min == 0 || !server.reachable()) return Optional.empty();
        int free = server.maxConnections() - server.reserved() - server.connections();
        return free >= min ? Optional.empty() : Optional.of(String.format(Locale.ROOT,
                "safety: only %d free connection(s) left, fewer than minFreeConnections %d (max_connections %d, reserved %d, in use %d)",
                free, min, server.maxConnections(), server.reserved(), server.connections()));
    }
}
