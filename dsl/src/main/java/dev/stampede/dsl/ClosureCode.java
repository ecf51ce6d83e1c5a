package dev.stampede.dsl;

import dev.stampede.engine.plan.SourceRef;
import dev.stampede.engine.plan.StepContext;
import dev.stampede.engine.plan.UserCode;
import groovy.lang.Closure;
import groovy.lang.Script;

/**
 * A scenario closure ({@code timed('x') { … }}, {@code at(30.seconds) { … }}) as plain Java
 * {@link UserCode}: each run calls the closure with the worker's {@link StepContext} as its argument
 * and delegate, so {@code connection()}, {@code random()}, {@code param('x')} and {@code log 'msg'}
 * work inside it.
 *
 * <p>The closure is detached from the builders (its owner becomes the script, so a misspelt name
 * fails in the run, not into a finished compilation) and cloned per run, so concurrent workers never
 * share a delegate. Thread-safe as far as the user's own code is.
 */
final class ClosureCode implements UserCode {

    private final Closure<?> prototype;
    private final SourceRef where;

    ClosureCode(Closure<?> body, Script script, SourceRef where) {
        this.prototype = body.rehydrate(null, script, script);
        this.where = where;
    }

    @Override
    public void run(StepContext ctx) {
        Closure<?> c = prototype.rehydrate(ctx, prototype.getOwner(), prototype.getThisObject());
        c.setResolveStrategy(Closure.DELEGATE_FIRST);
        if (c.getMaximumNumberOfParameters() == 0) c.call();
        else c.call(ctx);
    }

    @Override
    public SourceRef where() {
        return where;
    }

    @Override
    public String toString() {
        return "{ … } at " + where;
    }
}
