package dev.stampede.dsl;

import dev.stampede.engine.plan.SourceRef;
import groovy.lang.Closure;
import groovy.lang.DelegatesTo;
import groovy.lang.Script;

import java.util.Map;

/**
 * Base class of every scenario file: provides the top-level word {@code scenario('name') { … }}.
 * An IDE that sees this class (and the {@code @DelegatesTo} on each block) completes scenario files.
 *
 * <p>One instance per compilation, on the compiling thread.
 */
public abstract class ScenarioScript extends Script {

    static final String CONTEXT = "__stampede";

    /** What the compiler hands the script, and what the script hands back. */
    static final class Context {
        final Diagnostics diag;
        final Map<String, String> overrides;
        final boolean cleanup;
        ScenarioBuilder scenario;

        Context(Diagnostics diag, Map<String, String> overrides, boolean cleanup) {
            this.diag = diag;
            this.overrides = overrides;
            this.cleanup = cleanup;
        }
    }

    /** Declares the scenario of this file; a file holds exactly one. */
    public void scenario(String name,
                         @DelegatesTo(value = ScenarioBuilder.class, strategy = Closure.DELEGATE_FIRST) Closure<?> body) {
        Context ctx = (Context) getBinding().getVariable(CONTEXT);
        SourceRef at = ctx.diag.here("scenario");
        if (ctx.scenario != null) {
            ctx.diag.report(at, "a file holds one scenario; this is the second");
            return;
        }
        if (name == null || name.isBlank()) {
            ctx.diag.report(at, "scenario needs a name: scenario('churn') { … }");
            name = "unnamed";
        }
        ctx.scenario = new ScenarioBuilder(name, at, this, ctx.overrides, ctx.diag);
        if (ctx.cleanup) ctx.scenario.forceCleanup();
        ctx.scenario.runBlock(body);
    }
}
