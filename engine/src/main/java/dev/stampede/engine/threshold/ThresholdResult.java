package dev.stampede.engine.threshold;

import dev.stampede.engine.plan.Threshold;

/**
 * A threshold with the value the run actually reached.
 *
 * @param threshold the condition
 * @param actual    the measured value in the threshold's unit (ms, per second, fraction, count);
 *                  NaN when the operation never ran
 * @param passed    whether the condition held (a threshold on an operation that never ran fails)
 */
public record ThresholdResult(Threshold threshold, double actual, boolean passed) {
}
