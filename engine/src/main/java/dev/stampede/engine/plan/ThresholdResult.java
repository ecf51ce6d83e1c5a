package dev.stampede.engine.plan;

/**
 * A threshold with the value the run actually reached.
 *
 * @param threshold     the condition
 * @param actual        the measured value in the threshold's unit (ms, per second, fraction, count);
 *                      NaN when the operation never ran
 * @param passed        whether the condition held (a threshold on an operation that never ran fails);
 *                      true when not applicable, since it does not fail the run
 * @param notApplicable the threshold reads an operation no step of this run records: the params
 *                      switched it off (write-mix at {@code insertPercent=100} has no {@code update})
 */
public record ThresholdResult(Threshold threshold, double actual, boolean passed, boolean notApplicable) {

    public ThresholdResult(Threshold threshold, double actual, boolean passed) {
        this(threshold, actual, passed, false);
    }

    /** A threshold on an operation this run does not have. */
    public static ThresholdResult notApplicable(Threshold threshold) {
        return new ThresholdResult(threshold, Double.NaN, true, true);
    }

    /** {@code passed}, {@code failed} or {@code not applicable}, as summary.json says it. */
    public String status() {
        return notApplicable ? "not applicable" : passed ? "passed" : "failed";
    }
}
