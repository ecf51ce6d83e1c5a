package dev.stampede.dsl;

import dev.stampede.engine.plan.Group;
import dev.stampede.engine.plan.Plan;
import dev.stampede.engine.plan.SourceRef;
import dev.stampede.engine.plan.Stage;
import dev.stampede.engine.plan.TargetSpec;
import groovy.lang.Closure;
import groovy.lang.DelegatesTo;
import groovy.lang.Script;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code scenario('name') { … }}: params, target, duration and groups.
 *
 * <p>Lives only while the script runs, on the compiling thread. Not thread-safe.
 */
public final class ScenarioBuilder extends Block {

    /** Run time when a scenario names none. */
    public static final Duration DEFAULT_DURATION = Duration.ofSeconds(30);

    private final String name;
    private final SourceRef where;
    private final Script script;
    private final Map<String, String> overrides;
    private final Set<String> usedOverrides = new HashSet<>();
    private final Map<String, Object> params = new LinkedHashMap<>();
    private final List<Group> groups = new ArrayList<>();
    private String description = "";
    private TargetSpec target = TargetSpec.DEFAULT;
    private Duration duration;

    ScenarioBuilder(String name, SourceRef where, Script script, Map<String, String> overrides, Diagnostics diag) {
        super(null, diag);
        this.name = name;
        this.where = where;
        this.script = script;
        this.overrides = Map.copyOf(overrides);
    }

    @Override
    String describe() {
        return "scenario '" + name + "'";
    }

    Script script() {
        return script;
    }

    /** One line shown by {@code stampede list}. */
    public void description(String text) {
        description = text;
    }

    /**
     * Declares a parameter with its default; {@code --set name=value} overrides it, converted to the
     * default's type. Returns the value in force.
     */
    public Object param(String paramName, Object defaultValue) {
        if (params.containsKey(paramName)) {
            diag.report("param", "param '" + paramName + "' is declared twice");
            return params.get(paramName);
        }
        Object value = defaultValue;
        String override = overrides.get(paramName);
        if (override != null) {
            usedOverrides.add(paramName);
            value = Params.convert(override, defaultValue);
            if (value == null) {
                diag.report("param", "--set " + paramName + "=" + override + ": param '" + paramName + "' is "
                        + Params.typeName(defaultValue) + " (got '" + override + "')");
                value = defaultValue;
            }
        }
        params.put(paramName, value);
        return value;
    }

    @Override
    public Object param(String paramName) {
        return paramValue(paramName);
    }

    Object paramValue(String paramName) {
        if (!params.containsKey(paramName)) {
            diag.report("param", "unknown param '" + paramName + "'" + Words.suggestion(paramName, params.keySet())
                    + (params.isEmpty() ? ": declare it first with param '" + paramName + "', <default>" : ""));
            return null;
        }
        return params.get(paramName);
    }

    /** Where load goes: {@code target postgres()} or {@code target postgres('postgresql://…')}. */
    public void target(Object spec) {
        if (spec instanceof TargetSpec t) target = t;
        else if (spec instanceof CharSequence url) target = TargetSpec.postgres(url.toString());
        else if (spec != null) diag.report("target", "target needs postgres() or postgres('url') (got " + valueText(spec) + ")");
    }

    /** The resolved default: {@code --url}, then DATABASE_URL, PG* variables, then an embedded server. */
    public TargetSpec postgres() {
        return TargetSpec.DEFAULT;
    }

    public TargetSpec postgres(String url) {
        return TargetSpec.postgres(url);
    }

    /** Run time: {@code duration 30.seconds}. */
    public void duration(Object d) {
        Duration v = duration("duration", d, false);
        if (v != null) duration = v;
    }

    /** A group of workers with one load model: {@code group('name') { workers 10; loop { connect() } }}. */
    public void group(String groupName, @DelegatesTo(value = GroupBuilder.class, strategy = Closure.DELEGATE_FIRST) Closure<?> body) {
        SourceRef at = diag.here("group");
        GroupBuilder g = new GroupBuilder(groupName, at, this, diag);
        g.runBlock(body);
        g.build().ifPresent(groups::add);
    }

    public void group(@DelegatesTo(value = GroupBuilder.class, strategy = Closure.DELEGATE_FIRST) Closure<?> body) {
        group("group" + (groups.size() + 1), body);
    }

    Plan build() {
        for (String key : overrides.keySet()) {
            if (!usedOverrides.contains(key)) {
                diag.report(SourceRef.file(diag.file()), "--set " + key + ": scenario '" + name + "' has no param '" + key + "'"
                        + Words.suggestion(key, params.keySet())
                        + (params.isEmpty() ? " (it declares none)" : " (params: " + String.join(", ", params.keySet()) + ")"));
            }
        }
        if (groups.isEmpty() && diag.clean()) {
            diag.report(where, "scenario '" + name + "' has no groups: add group('name') { workers 10; loop { connect() } }");
        }
        if (!diag.clean()) return null;
        Duration d = duration == null ? DEFAULT_DURATION : duration;
        return new Plan(name, description, SourceRef.file(diag.file()), params, target,
                List.of(new Stage(name, d, groups)));
    }
}
