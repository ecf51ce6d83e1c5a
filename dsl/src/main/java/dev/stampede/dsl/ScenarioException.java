package dev.stampede.dsl;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A scenario that cannot be compiled into a plan, with every problem found (not only the first).
 * Its message is user-facing: one {@code file:line:col: message} line per problem.
 */
public final class ScenarioException extends Exception {

    private final List<Problem> problems;

    public ScenarioException(List<Problem> problems) {
        super(problems.stream().map(Problem::toString).collect(Collectors.joining(System.lineSeparator())));
        if (problems.isEmpty()) throw new IllegalArgumentException("a ScenarioException needs at least one problem");
        this.problems = List.copyOf(problems);
    }

    public List<Problem> problems() {
        return problems;
    }
}
