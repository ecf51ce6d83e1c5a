package dev.stampede.engine.threshold;

import dev.stampede.engine.plan.Threshold;
import dev.stampede.engine.plan.ThresholdResult;

import java.util.Map;

/**
 * The thresholds that read a run's findings rather than an operation: {@code writeUnavailable()},
 * {@code readUnavailable()} and {@code detectTime()} from {@code findings.failover}, {@code lostWrites()}
 * from it or, without a fault, from the ledger ({@code findings.ledger}). A run without the finding
 * (no fault happened: the events were dropped because {@code --url} replaced the cluster; no insert
 * was acknowledged) makes the threshold not applicable, never failed. A window still open at the end
 * counts as its length so far. Stateless.
 */
final class FailoverThresholds {

    private FailoverThresholds() {
    }

    static ThresholdResult result(Threshold t, Map<String, Object> findings) {
        Map<?, ?> failover = findings.get("failover") instanceof Map<?, ?> m ? m : null;
        double actual = switch (t.metric()) {
            case WRITE_UNAVAILABLE -> number(failover, "writeUnavailableMs");
            case READ_UNAVAILABLE -> number(failover, "readUnavailableMs");
            case DETECT_TIME -> failover != null && failover.containsKey("newPrimary") && !failover.containsKey("detectedAfterMs")
                    ? Double.POSITIVE_INFINITY // a primary failed and no new one was ever seen
                    : number(failover, "detectedAfterMs");
            case LOST_WRITES -> failover != null && failover.containsKey("lostWrites") ? number(failover, "lostWrites") : ledgerMissing(findings);
            default -> throw new IllegalArgumentException(t.metric() + " is not read from the findings");
        };
        if (Double.isNaN(actual)) return ThresholdResult.notApplicable(t);
        return new ThresholdResult(t, actual, t.comparison().test(actual, t.value()));
    }

    private static double number(Map<?, ?> m, String key) {
        return m != null && m.get(key) instanceof Number n ? n.doubleValue() : Double.NaN;
    }

    /** Acknowledged inserts missing over every table the ledger checked; NaN without a check (a failed check: infinite). */
    private static double ledgerMissing(Map<String, Object> findings) {
        if (!(findings.get("ledger") instanceof Map<?, ?> ledger)) return Double.NaN;
        if (ledger.containsKey("error")) return Double.POSITIVE_INFINITY;
        double missing = 0;
        for (Object t : ledger.values()) {
            if (t instanceof Map<?, ?> table && table.get("missing") instanceof Number n) missing += n.doubleValue();
        }
        return missing;
    }
}
