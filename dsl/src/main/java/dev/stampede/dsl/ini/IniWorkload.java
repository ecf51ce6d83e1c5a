package dev.stampede.dsl.ini;

import dev.stampede.dsl.Problem;
import dev.stampede.dsl.ScenarioBuilder;
import dev.stampede.dsl.ScenarioException;
import dev.stampede.dsl.SweepLevels;
import dev.stampede.dsl.Units;
import dev.stampede.dsl.Words;
import dev.stampede.engine.plan.ClosedLoop;
import dev.stampede.engine.plan.Group;
import dev.stampede.engine.plan.Plan;
import dev.stampede.engine.plan.Safety;
import dev.stampede.engine.plan.SourceRef;
import dev.stampede.engine.plan.Sql;
import dev.stampede.engine.plan.Stage;
import dev.stampede.engine.plan.Step;
import dev.stampede.engine.plan.Sweep;
import dev.stampede.engine.plan.SweepLevel;
import dev.stampede.engine.plan.TargetSpec;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A workload file of the INI format the older PostgreSQL benchmarking suite used, read as it is:
 *
 * <pre>
 * duration=10s                 # global settings, before any section
 * concurrency-min=1            # with concurrency-max: a sweep, doubling from min to max
 * concurrency-max=256
 * wait-between-runs=20s        # the pause between two levels
 * [setup]                      # query= lines run once, in order, before the load
 * query=CREATE TABLE t (id int)
 * [teardown]                   # query= lines run once at the end (always)
 * query=DROP TABLE t
 * [select one]                 # any other name: a workload; its query= lines run in order on the
 * query=SELECT 1               # worker's persistent connection, timed together as operation 'select one'
 * </pre>
 *
 * Comments start with {@code #} or {@code ;}; {@code concurrency=N} runs a fixed number of workers.
 * Several workloads run side by side, each with the level's workers. The file becomes the same
 * {@link Plan} a scenario would ({@link #plan}), or the text of that scenario ({@link #groovy}).
 * Immutable once parsed; {@link #parse} reports every problem of a file at once, as {@code file:line: …}.
 */
public record IniWorkload(String file, Duration duration, Integer concurrency, Integer min, Integer max,
                          Duration waitBetweenRuns, List<String> setup, List<String> teardown, List<Workload> workloads) {

    /** One workload section: its name (the operation's) and its queries in order. */
    public record Workload(String name, List<String> queries, int line) {
        public Workload {
            queries = List.copyOf(queries);
        }

        /** The queries as one statement text, sent together on the worker's connection. */
        public String text() {
            return String.join("; ", queries);
        }
    }

    static final List<String> GLOBAL_KEYS = List.of("duration", "concurrency", "concurrency-min", "concurrency-max", "wait-between-runs");
    static final List<String> SECTION_KEYS = List.of("query");

    public IniWorkload {
        setup = List.copyOf(setup);
        teardown = List.copyOf(teardown);
        workloads = List.copyOf(workloads);
    }

    /** True for a path the INI reader takes ({@code .ini}). */
    public static boolean isIni(String path) {
        return path.toLowerCase(java.util.Locale.ROOT).endsWith(".ini");
    }

    /** Reads {@code text} (the file {@code file}); every problem at once, or the workload. */
    public static IniWorkload parse(String text, String file) throws ScenarioException {
        List<Problem> problems = new ArrayList<>();
        Map<String, Integer> globalsAt = new LinkedHashMap<>();
        Map<String, String> globals = new LinkedHashMap<>();
        Map<String, List<String>> sections = new LinkedHashMap<>();
        Map<String, Integer> sectionAt = new LinkedHashMap<>();
        String section = null;
        boolean inSections = false; // past the first section header, even a broken one
        String[] lines = text.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            int n = i + 1;
            String line = lines[i].strip();
            if (i == 0 && line.startsWith("\uFEFF")) line = line.substring(1).strip();
            if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) continue;
            SourceRef at = new SourceRef(file, n, 0);
            if (line.startsWith("[")) {
                inSections = true;
                if (!line.endsWith("]") || line.length() < 3 || line.substring(1, line.length() - 1).isBlank()) {
                    problems.add(new Problem(at, "a section header needs a name, like [select1] (got '" + line + "')"));
                    section = null;
                    continue;
                }
                section = line.substring(1, line.length() - 1).strip();
                if (sections.containsKey(section)) {
                    problems.add(new Problem(at, "section [" + section + "] appears twice (first on line " + sectionAt.get(section) + ")"));
                    continue;
                }
                sections.put(section, new ArrayList<>());
                sectionAt.put(section, n);
                continue;
            }
            int eq = line.indexOf('=');
            if (eq < 1) {
                problems.add(new Problem(at, "expected key=value or a [section] (got '" + line + "')"));
                continue;
            }
            String key = line.substring(0, eq).strip().toLowerCase(java.util.Locale.ROOT);
            String value = line.substring(eq + 1).strip();
            if (!inSections) {
                if (!GLOBAL_KEYS.contains(key)) {
                    problems.add(new Problem(at, "unknown setting '" + key + "'" + Words.suggestion(key, GLOBAL_KEYS)
                            + (SECTION_KEYS.contains(key) ? " (query= belongs in a section like [setup] or [select1])"
                            : " (settings: " + String.join(", ", GLOBAL_KEYS) + ")")));
                } else if (globals.containsKey(key)) {
                    problems.add(new Problem(at, key + " is set twice (first on line " + globalsAt.get(key) + ")"));
                } else {
                    globals.put(key, value);
                    globalsAt.put(key, n);
                }
                continue;
            }
            if (section == null) continue; // under a broken header: already reported
            if (!SECTION_KEYS.contains(key)) {
                problems.add(new Problem(at, "unknown key '" + key + "' in [" + section + "]" + Words.suggestion(key, SECTION_KEYS)
                        + (GLOBAL_KEYS.contains(key) ? " (" + key + " is a global setting: put it before the first section)"
                        : " (a section holds query= lines)")));
            } else if (value.isEmpty()) {
                problems.add(new Problem(at, "query= in [" + section + "] is empty"));
            } else if (dev.stampede.dsl.StepsBuilder.placeholders(value) > 0) {
                // nothing could bind it: pgjdbc would refuse the statement on every execution of the run
                problems.add(new Problem(at, "query= in [" + section + "] has a ? placeholder, but INI workloads have no parameters"
                        + " (write ?? for a literal ?, like jsonb's ? operator)"));
            } else {
                sections.get(section).add(value);
            }
        }
        Duration duration = duration(globals, globalsAt, "duration", file, problems, false);
        Duration wait = duration(globals, globalsAt, "wait-between-runs", file, problems, true);
        Integer concurrency = count(globals, globalsAt, "concurrency", file, problems);
        Integer min = count(globals, globalsAt, "concurrency-min", file, problems);
        Integer max = count(globals, globalsAt, "concurrency-max", file, problems);
        if (!globals.containsKey("concurrency") && globals.containsKey("concurrency-min") != globals.containsKey("concurrency-max") && !problems.stream().anyMatch(p -> p.message().startsWith("concurrency-m"))) {
            String given = globals.containsKey("concurrency-min") ? "concurrency-min" : "concurrency-max";
            problems.add(new Problem(new SourceRef(file, globalsAt.get(given), 0), given + " needs "
                    + (given.equals("concurrency-min") ? "concurrency-max" : "concurrency-min") + " too: a sweep runs from min to max"));
        }
        if (min != null && max != null && min > max) {
            problems.add(new Problem(new SourceRef(file, globalsAt.get("concurrency-min"), 0),
                    "concurrency-min must be <= concurrency-max (got " + min + " > " + max + ")"));
        }
        if (concurrency != null && (globals.containsKey("concurrency-min") || globals.containsKey("concurrency-max"))) {
            problems.add(new Problem(new SourceRef(file, globalsAt.get("concurrency"), 0),
                    "concurrency is a fixed load, concurrency-min/max a sweep: keep one"));
        }
        List<Workload> workloads = new ArrayList<>();
        sections.forEach((name, queries) -> {
            boolean special = name.equals("setup") || name.equals("teardown");
            if (!special && queries.isEmpty() && problems.stream().noneMatch(p -> p.where().line() > sectionAt.get(name)
                    && p.message().contains("[" + name + "]"))) {
                problems.add(new Problem(new SourceRef(file, sectionAt.get(name), 0), "workload [" + name + "] has no query= lines"));
            }
            if (!special) workloads.add(new Workload(name, queries, sectionAt.get(name)));
        });
        if (workloads.isEmpty() && problems.isEmpty()) {
            problems.add(new Problem(SourceRef.file(file), "no workload: add a section like [select1] with query=SELECT 1"));
        }
        if (!problems.isEmpty()) {
            throw new ScenarioException(problems.stream().sorted(java.util.Comparator.comparingInt(p -> p.where().line())).toList());
        }
        return new IniWorkload(file, duration, concurrency, min, max, wait,
                sections.getOrDefault("setup", List.of()), sections.getOrDefault("teardown", List.of()), workloads);
    }

    private static Duration duration(Map<String, String> globals, Map<String, Integer> at, String key, String file,
                                     List<Problem> problems, boolean zeroAllowed) {
        String v = globals.get(key);
        if (v == null) return null;
        Duration d = Units.parseDuration(v);
        if (d == null || d.isNegative() || d.isZero() && !zeroAllowed) {
            problems.add(new Problem(new SourceRef(file, at.get(key), 0), key + " needs a duration " + (zeroAllowed ? ">= 0" : "> 0")
                    + " like 10s or 2m (got '" + v + "')"));
            return null;
        }
        return d;
    }

    private static Integer count(Map<String, String> globals, Map<String, Integer> at, String key, String file, List<Problem> problems) {
        String v = globals.get(key);
        if (v == null) return null;
        try {
            int n = Integer.parseInt(v);
            if (n >= 1 && n <= ClosedLoop.MAX_WORKERS) return n;
        } catch (NumberFormatException e) {
            // reported below
        }
        problems.add(new Problem(new SourceRef(file, at.get(key), 0), key + " needs a whole number of connections between 1 and "
                + ClosedLoop.MAX_WORKERS + " (got '" + v + "')"));
        return null;
    }

    /** The scenario's name: the file's name without folder and {@code .ini}. */
    public String name() {
        String base = file.substring(file.lastIndexOf('/') + 1);
        return isIni(base) ? base.substring(0, base.length() - 4) : base;
    }

    public Duration durationOrDefault() {
        return duration != null ? duration : ScenarioBuilder.DEFAULT_DURATION;
    }

    /** The levels of the sweep, or empty for a fixed load. */
    public Optional<List<Double>> levels() {
        if (min == null || max == null || min.equals(max)) return Optional.empty();
        return Optional.of(SweepLevels.parse(SweepLevel.WORKERS, min + ".." + max));
    }

    private int fixedWorkers() {
        return concurrency != null ? concurrency : min != null ? min : 1;
    }

    /** The plan the scenario {@link #groovy} compiles to; {@code defaultPause} when the file has no wait-between-runs. */
    public Plan plan(Duration defaultPause) {
        List<Group> groups = workloads.stream().map(w -> new Group(w.name(), new ClosedLoop(fixedWorkers()),
                List.<Step>of(new Sql(w.name(), w.text(), List.of())), new SourceRef(file, w.line(), 0))).toList();
        Plan plan = new Plan(name(), "workload file " + file, SourceRef.file(file), Map.of(), TargetSpec.DEFAULT,
                List.of(new Stage(name(), durationOrDefault(), groups)), statements(setup), statements(teardown),
                Safety.NONE, List.of(), List.of());
        return levels().map(l -> new Sweep(Optional.of(workloads.size() == 1 ? workloads.get(0).name() : Sweep.EVERY),
                SweepLevel.WORKERS, l, waitBetweenRuns != null ? waitBetweenRuns : defaultPause).apply(plan)).orElse(plan);
    }

    private static List<Step> statements(List<String> queries) {
        return queries.stream().<Step>map(q -> new Sql(Sql.defaultName(q), q, List.of())).toList();
    }

    /** The equivalent {@code .groovy} scenario ({@code stampede convert}): it compiles to the same {@link #plan}. */
    public String groovy() {
        StringBuilder g = new StringBuilder();
        g.append("// ").append(name()).append(".groovy: converted from ").append(file).append(" by `stampede convert`\n");
        g.append("scenario(").append(quote(name())).append(") {\n");
        g.append("    description ").append(quote("workload file " + file)).append('\n');
        g.append("    duration ").append(durationCode(durationOrDefault())).append('\n');
        if (!teardown.isEmpty()) g.append("    cleanup true                  // the file's [teardown] always runs\n");
        block(g, "setup", setup);
        block(g, "teardown", teardown);
        levels().ifPresent(l -> {
            g.append("    sweep workers: ").append(min).append("..").append(max);
            if (workloads.size() > 1) g.append(", group: '*'");
            if (waitBetweenRuns != null) g.append(", pause: ").append(durationCode(waitBetweenRuns));
            g.append("   // concurrency-min/max: doubling").append(workloads.size() > 1 ? ", every group at each level" : "")
                    .append('\n');
        });
        for (Workload w : workloads) {
            g.append("    group(").append(quote(w.name())).append(") {\n");
            g.append("        workers ").append(fixedWorkers()).append('\n');
            g.append("        loop {\n");
            g.append("            sql ").append(quote(w.text())).append(", name: ").append(quote(w.name())).append('\n');
            g.append("        }\n    }\n");
        }
        return g.append("}\n").toString();
    }

    private static void block(StringBuilder g, String word, List<String> queries) {
        if (queries.isEmpty()) return;
        g.append("    ").append(word).append(" {\n");
        for (String q : queries) g.append("        sql ").append(quote(q)).append('\n');
        g.append("    }\n");
    }

    private static String durationCode(Duration d) {
        if (d.toNanos() % 1_000_000_000L == 0) return d.toSeconds() + ".seconds";
        return quote(Units.text(d));
    }

    /** A Groovy single-quoted string (no interpolation) holding {@code s}. */
    static String quote(String s) {
        return "'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }
}
