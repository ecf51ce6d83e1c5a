package dev.stampede.cli;

import dev.stampede.engine.config.Settings;
import dev.stampede.engine.metrics.ErrorKinds;
import dev.stampede.engine.metrics.ServerStatus;
import dev.stampede.engine.plan.Plan;
import dev.stampede.engine.plan.TargetSpec;
import dev.stampede.engine.postgres.PgBouncer;
import dev.stampede.engine.postgres.PooledTarget;
import dev.stampede.engine.postgres.ResolvedTarget;
import dev.stampede.engine.result.RunControl;
import dev.stampede.engine.result.RunSummary;
import dev.stampede.engine.run.SafetyCheck;
import dev.stampede.engine.session.Target;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.SQLException;

/**
 * {@code target pgbouncer(…)}: starts the pooler in front of the resolved server, checks the server, runs
 * the probe when asked, then the run through the pooler; the pooler is stopped on every way out (the run's
 * end, an error, a signal through its shutdown hook). A missing PgBouncer is one line and exit 3, with the
 * cannot-start record as for any target. Stateless.
 */
final class PoolerRun {

    private static final Logger log = LoggerFactory.getLogger(PoolerRun.class);

    /** The run proper, on the pooled target. */
    @FunctionalInterface
    interface Body {
        int run(Target target, String description, String serverVersion) throws IOException;
    }

    /** The cannot-start record (one line, summary.json with exit code 3). */
    @FunctionalInterface
    interface CannotStart {
        int record(Plan plan, Path dir, String target, String reason);
    }

    private PoolerRun() {
    }

    static int run(Main main, Plan plan, Settings settings, ResolvedTarget resolved, int clientPeak, Path dir,
                   RunControl control, Body body, CannotStart cannot) throws IOException {
        TargetSpec.Pooler spec = plan.target().pooler().orElseThrow();
        main.out.println("starting pgbouncer (" + spec.mode() + " mode, pool size " + spec.poolSize() + ") in front of "
                + resolved.describe() + " …");
        main.out.flush();
        int maxClients = clientPeak > Integer.MAX_VALUE / 8 ? 20_000 : clientPeak + 100;
        PooledTarget pooled;
        try {
            pooled = PooledTarget.start(spec, resolved.info(), maxClients, settings, main.env);
        } catch (PgBouncer.NotInstalled e) {
            return cannot.record(plan, dir, spec.describe() + " → " + resolved.describe(), e.getMessage());
        } catch (IOException | RuntimeException e) {
            log.error("pgbouncer did not start", e);
            return cannot.record(plan, dir, spec.describe() + " → " + resolved.describe(),
                    "cannot start pgbouncer: " + firstLine(e.getMessage()));
        }
        try (pooled) {
            main.out.println("target: " + pooled.describe());
            String serverVersion = RunRecord.serverVersion(pooled.direct()::open);
            try {
                ServerStatus status = pooled.direct().readOnce();
                main.out.println("server: " + status.connections() + "/" + status.maxConnections()
                        + " connections in use, " + status.reserved() + " reserved; the pooler opens up to " + spec.poolSize());
                var refusal = SafetyCheck.refusal(plan, status);
                if (refusal.isPresent()) return cannot.record(plan, dir, pooled.describe(), refusal.get());
                pooled.pooled().readOnce(); // the pooler answers
            } catch (SQLException e) {
                log.error("target unreachable", e);
                return cannot.record(plan, dir, pooled.describe(), "cannot reach the target through pgbouncer: "
                        + ErrorKinds.describe(ErrorKinds.classify(e)) + " — " + firstLine(e.getMessage()));
            }
            if (spec.probe()) {
                if (spec.poolSize() < 2) {
                    return cannot.record(plan, dir, pooled.describe(), "the pooler probe needs poolSize: 2 or more (got "
                            + spec.poolSize() + "): two clients at once");
                }
                main.out.println("probing what the pooler changes (each check: two clients, direct then through the pooler) …");
                main.out.flush();
                var rows = pooled.probe();
                dev.stampede.engine.postgres.PoolerProbe.table("pooler probe (" + spec.mode() + " mode):", rows)
                        .forEach(main.out::println);
                main.out.flush();
                pooled.resetCounters();
            }
            if (control.stopRequested()) return Main.INTERRUPTED;
            return body.run(pooled, pooled.describe(), serverVersion);
        }
    }

    /** The summary with {@code findings.pooler} and its lines. */
    static RunSummary findings(PooledTarget pooled, RunSummary summary) {
        return summary.withFinding("pooler", pooled.finding(), pooled.lines());
    }

    private static String firstLine(String s) {
        return s == null ? "" : s.lines().findFirst().orElse("");
    }
}
