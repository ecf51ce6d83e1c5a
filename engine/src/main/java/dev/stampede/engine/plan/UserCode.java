package dev.stampede.engine.plan;

/**
 * Code from the scenario (a Groovy closure, wrapped by the DSL as plain Java), run by a worker.
 * Exceptions it throws are counted as errors of its operation, and logged with {@link #where()}.
 */
public interface UserCode {

    /** Runs once; {@code ctx} gives the worker's connection and helpers. */
    void run(StepContext ctx) throws Exception;

    /** Where it was written, so a failure names the scenario line. */
    SourceRef where();
}
