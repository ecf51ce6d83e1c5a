package dev.stampede.dsl;

import dev.stampede.engine.plan.SourceRef;
import dev.stampede.engine.plan.Value;
import groovy.lang.Closure;
import groovy.lang.Script;

import java.util.random.RandomGenerator;

/**
 * A value computed by a scenario closure, {@code { r -> r.nextInt(100) }}, called with the worker's
 * generator on every use. Detached from the builders like {@link ClosureCode}; thread-safe as far
 * as the user's own code is (no delegate is set, so nothing per-call is shared).
 */
final class ClosureValue implements Value {

    private final Closure<?> body;
    private final SourceRef where;

    ClosureValue(Closure<?> body, Script script, SourceRef where) {
        this.body = body.rehydrate(null, script, script);
        this.where = where;
    }

    @Override
    public Object next(RandomGenerator random) {
        return body.getMaximumNumberOfParameters() == 0 ? body.call() : body.call(random);
    }

    @Override
    public String toString() {
        return "{ … } at " + where;
    }
}
