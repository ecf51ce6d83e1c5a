package dev.stampede.engine.result;

import dev.stampede.engine.plan.Plan;

import java.time.Instant;

/**
 * What outputs need to know before the first interval.
 *
 * @param plan      the plan being run
 * @param target    the target, password masked, with its origin
 * @param startedAt wall-clock start
 */
public record RunHeader(Plan plan, String target, Instant startedAt) {
}
