package dev.stampede.dsl;

import dev.stampede.engine.plan.TargetSpec;

import java.time.Duration;
import java.util.List;

/**
 * The scenario's routing words for a multi-host target — {@code balancer}, {@code fallbackToPrimary},
 * {@code hostPool}, {@code primaryAsReplicaWeight}, {@code acquireTimeout}, {@code refresh} — checked
 * as written and collected into a {@link TargetSpec.Routing}; a word not written leaves its
 * {@code stampede.ha.*} setting in force. Lives only while the script runs, on the compiling thread.
 */
final class RoutingWords {

    static final List<String> BALANCERS = List.of("roundRobin", "greedy", "randomWeighted");

    private final ScenarioBuilder scenario;
    private String balancer;
    private Boolean fallbackToPrimary;
    private Integer poolSize;
    private Double primaryAsReplicaWeight;
    private Duration acquireTimeout;
    private Duration refresh;

    RoutingWords(ScenarioBuilder scenario) {
        this.scenario = scenario;
    }

    void balancer(Object policy) {
        String name = policy instanceof CharSequence c ? c.toString() : null;
        if (name == null || !BALANCERS.contains(name)) {
            scenario.diag.report("balancer", "balancer needs roundRobin, greedy or randomWeighted (got " + Block.valueText(policy) + ")"
                    + (name == null ? "" : Words.suggestion(name, BALANCERS)));
            return;
        }
        balancer = name;
    }

    void fallbackToPrimary(Object on) {
        Boolean b = scenario.bool("fallbackToPrimary", on);
        if (b != null) fallbackToPrimary = b;
    }

    void hostPool(Object size) {
        Integer n = scenario.wholeNumber("hostPool", size, 1, 10_000);
        if (n != null) poolSize = n;
    }

    void primaryAsReplicaWeight(Object share) {
        if (share instanceof Number n && !Block.isWhole(share) || share instanceof Integer i && (i == 0 || i == 1)) {
            double v = ((Number) share).doubleValue();
            if (v >= 0 && v <= 1) {
                primaryAsReplicaWeight = v;
                return;
            }
        }
        scenario.diag.report("primaryAsReplicaWeight", "primaryAsReplicaWeight is the primary's share of reads, a number from 0 to 1"
                + " like 0.2 or 20.percent (got " + Block.valueText(share) + ")");
    }

    void acquireTimeout(Object d) {
        Duration v = scenario.duration("acquireTimeout", d, false);
        if (v != null) acquireTimeout = v;
    }

    void refresh(Object d) {
        Duration v = scenario.duration("refresh", d, false);
        if (v == null) return;
        if (v.toMillis() < 10) {
            scenario.diag.report("refresh", "refresh must be at least 10ms: every check is a query on every host (got " + Units.text(v) + ")");
            return;
        }
        refresh = v;
    }

    TargetSpec.Routing build() {
        return new TargetSpec.Routing(balancer, fallbackToPrimary, poolSize, primaryAsReplicaWeight, acquireTimeout, refresh);
    }
}
