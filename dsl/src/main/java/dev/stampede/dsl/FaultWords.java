package dev.stampede.dsl;

import dev.stampede.engine.plan.SourceRef;
import dev.stampede.engine.plan.TargetSpec;

import java.util.ArrayList;
import java.util.List;

/**
 * Checks the fault words the compiler found in {@code at} blocks ({@link CallPositions.FaultCall})
 * against the scenario's target, once the script has run. Stateless.
 */
final class FaultWords {

    private FaultWords() {
    }

    /**
     * Fault words ({@code failover()}, {@code kill(node)}, {@code restart(node)}, {@code promote(node)}) act
     * on servers stampede controls: the scenario's own {@code target cluster(…)}. Anywhere else they are
     * refused here, so {@code check} says so before a run; node names written as text are checked
     * against the cluster's.
     */
    static void check(TargetSpec target, Diagnostics diag) {
        List<CallPositions.FaultCall> calls = diag.faultCalls();
        if (calls.isEmpty()) return;
        if (target.cluster().isEmpty()) {
            for (CallPositions.FaultCall c : calls) {
                diag.report(new SourceRef(diag.file(), c.line(), c.column()), c.text() + " needs a target stampede controls,"
                        + " such as target cluster(replicas: 2) (the scenario's target is " + target.describe()
                        + ", which stampede cannot break on purpose)");
            }
            return;
        }
        int replicas = target.cluster().get().replicas();
        List<String> names = new ArrayList<>(List.of("primary"));
        for (int i = 1; i <= replicas; i++) names.add("replica" + i);
        for (int i = 0; i <= replicas; i++) names.add("node" + i);
        for (CallPositions.FaultCall c : calls) {
            SourceRef at = new SourceRef(diag.file(), c.line(), c.column());
            if (c.word().equals("failover")) {
                if (c.argCount() != 0) {
                    diag.report(at, "failover() takes no arguments: it kills the primary and promotes the most advanced replica (got "
                            + c.argCount() + ")");
                }
                continue;
            }
            if (c.argCount() != 1) {
                diag.report(at, c.word() + " needs one node name, e.g. " + c.word() + "('replica1') (got " + c.argCount() + " arguments)");
                continue;
            }
            String node = c.args().getFirst();
            if (node != null && !names.contains(node)) {
                diag.report(at, "unknown node '" + node + "' for " + c.word() + Words.suggestion(node, names)
                        + " (nodes of cluster(replicas: " + replicas + "): " + String.join(", ", names) + ")");
            }
        }
    }

}
