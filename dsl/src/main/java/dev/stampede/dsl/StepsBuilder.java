package dev.stampede.dsl;

import dev.stampede.engine.plan.Connect;
import dev.stampede.engine.plan.Step;

import java.util.List;

/**
 * The words that add steps to an iteration ({@code connect()} …), shared by {@code group} and
 * {@code loop} blocks.
 *
 * <p>Lives only while the script runs. Not thread-safe.
 */
public class StepsBuilder extends Block {

    private final String owner;
    final List<Step> steps;

    StepsBuilder(String owner, List<Step> steps, ScenarioBuilder root, Diagnostics diag) {
        super(root, diag);
        this.owner = owner;
        this.steps = steps;
    }

    @Override
    String describe() {
        return owner;
    }

    /** Open a connection, {@code SELECT 1}, close — timed as operation {@code connect}. */
    public void connect() {
        steps.add(new Connect());
    }

    /** The same, recorded under another operation name. */
    public void connect(String operation) {
        if (operation == null || operation.isBlank()) {
            diag.report("connect", "connect needs a non-empty operation name (got " + valueText(operation) + ")");
            return;
        }
        steps.add(new Connect(operation));
    }
}
