package dev.stampede.dsl;

import dev.stampede.engine.plan.Group;
import dev.stampede.engine.plan.SourceRef;
import groovy.lang.Closure;

import java.util.ArrayList;
import java.util.List;

/**
 * The groups of a scenario or of one stage: runs each {@code group { }} block, names unnamed groups
 * {@code group1}, {@code group2} …, and refuses a name used twice in the same stage.
 *
 * <p>Lives only while the script runs. Not thread-safe.
 */
final class GroupList {

    private final ScenarioBuilder root;
    private final Diagnostics diag;
    private final List<Group> groups = new ArrayList<>();
    private final List<String> names = new ArrayList<>();
    private SourceRef first;

    GroupList(ScenarioBuilder root, Diagnostics diag) {
        this.root = root;
        this.diag = diag;
    }

    void add(String name, Closure<?> body) {
        SourceRef at = diag.here("group");
        if (first == null) first = at;
        String n = name;
        if (n == null || n.isBlank()) {
            diag.report(at, "group needs a name: group('readers') { … } (got " + Block.valueText(name) + ")");
            n = "group" + (names.size() + 1);
        } else if (names.contains(n)) {
            diag.report(at, "group '" + n + "' is declared twice in the same stage: give each group its own name");
        }
        names.add(n);
        int before = diag.count();
        GroupBuilder g = new GroupBuilder(n, at, root, diag);
        g.runBlock(body);
        g.build(before).ifPresent(groups::add);
    }

    /** The name of the next unnamed group. */
    String nextName() {
        return "group" + (names.size() + 1);
    }

    boolean isEmpty() {
        return names.isEmpty();
    }

    /** Where the first group was declared, or null. */
    SourceRef first() {
        return first;
    }

    List<Group> groups() {
        return List.copyOf(groups);
    }
}
