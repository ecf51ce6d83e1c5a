package dev.stampede.engine.plan;

import java.util.List;
import java.util.stream.Stream;

/**
 * Each iteration runs one branch, chosen at random by weight: {@code mix { 70.percent { … } 30.percent { … } }}.
 *
 * @param branches weights in percent, adding up to 100
 */
public record Mix(List<Branch> branches) implements Step {

    /** One branch and its weight in percent (> 0). */
    public record Branch(double percent, List<Step> steps) {
        public Branch {
            if (!(percent > 0)) throw new IllegalArgumentException("a mix branch needs a weight > 0 (got " + percent + ")");
            steps = List.copyOf(steps);
        }
    }

    public Mix {
        branches = List.copyOf(branches);
        double sum = branches.stream().mapToDouble(Branch::percent).sum();
        if (Math.abs(sum - 100) > 1e-6) throw new IllegalArgumentException("mix must add up to 100% (got " + sum + "%)");
    }

    @Override
    public Stream<String> operationNames() {
        return branches.stream().flatMap(b -> b.steps().stream()).flatMap(Step::operationNames);
    }

    @Override
    public Family family() {
        return Family.ANY;
    }
}
