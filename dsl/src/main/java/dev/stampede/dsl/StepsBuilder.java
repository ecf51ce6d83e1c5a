package dev.stampede.dsl;

import dev.stampede.engine.plan.Connect;
import dev.stampede.engine.plan.Request;
import dev.stampede.engine.plan.Routed;
import dev.stampede.engine.plan.Copy;
import dev.stampede.engine.plan.InsertBatch;
import dev.stampede.engine.plan.Pause;
import dev.stampede.engine.plan.Row;
import dev.stampede.engine.plan.SourceRef;
import dev.stampede.engine.plan.Sql;
import dev.stampede.engine.plan.Step;
import dev.stampede.engine.plan.StepContext;
import dev.stampede.engine.plan.Timed;
import dev.stampede.engine.plan.Transaction;
import dev.stampede.engine.plan.UpdateRandom;
import dev.stampede.engine.plan.Value;
import groovy.lang.Closure;
import groovy.lang.DelegatesTo;
import groovy.lang.GString;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import java.util.Map;
import java.util.Set;

/**
 * The words that add steps to an iteration — {@code connect()}, {@code sql}, {@code transaction}, {@code read}, {@code write},
 * {@code insertBatch}, {@code updateRandom}, {@code copy}, {@code pause}, {@code timed}, {@code mix} —
 * and the generators {@code random} and {@code fake}. Valid in {@code group}, {@code loop},
 * {@code transaction}, mix branches, {@code setup} and {@code teardown}.
 *
 * <p>Lives only while the script runs. Not thread-safe.
 */
public class StepsBuilder extends Block {

    private static final List<String> SQL_OPTIONS = List.of("name");
    private static final List<String> REQUEST_OPTIONS = List.of("name", "expect");
    private static final List<String> ROWS_OPTIONS = List.of("rows", "row", "name");
    private static final List<String> INSERT_OPTIONS = List.of("rows", "row", "name", "verify");
    private static final List<String> UPDATE_OPTIONS = List.of("set", "name");

    private final String owner;
    final List<Step> steps;
    /** Where the operation names written here go, for checking thresholds (even when a step is broken). */
    final Set<String> operations;

    StepsBuilder(String owner, List<Step> steps, Set<String> operations, ScenarioBuilder root, Diagnostics diag) {
        super(root, diag);
        this.owner = owner;
        this.steps = steps;
        this.operations = operations;
    }

    @Override
    String describe() {
        return owner;
    }

    @Override
    Set<String> words() {
        Set<String> w = super.words();
        w.add("random");
        w.add("fake");
        return w;
    }

    /** Values drawn afresh for every use: {@code random.between(1, 10_000)} … */
    public RandomWords getRandom() {
        return root.randomWords();
    }

    /** Realistic fake data: {@code fake.person()}, {@code fake.text(1.kb)} … */
    public FakeWords getFake() {
        return root.fakeWords();
    }

    /** Open a connection, {@code SELECT 1}, close — timed as operation {@code connect}. */
    public void connect() {
        operations.add(Connect.DEFAULT_NAME);
        steps.add(new Connect());
    }

    /** The same, recorded under another operation name. */
    public void connect(String operation) {
        if (operation == null || operation.isBlank()) {
            diag.report("connect", "connect needs a non-empty operation name (got " + valueText(operation) + ")");
            return;
        }
        operations.add(operation);
        steps.add(new Connect(operation));
    }

    /**
     * Against a TCP target: send {@code payload} (a value or a generator) as ASCII plus {@code \n}, read
     * one reply up to {@code \n}, timed as operation {@code request}: {@code request random.between(1, 30)}.
     */
    public void request(Object payload) {
        request(Map.of(), payload);
    }

    /** The same with options: {@code request '30', expect: '832040', name: 'fib30'}. */
    public void request(Map<String, Object> options, Object payload) {
        SourceRef at = diag.here("request");
        Map<String, Object> o = options("request", options, REQUEST_OPTIONS);
        String operation = o.containsKey("name") ? name("request", "a non-empty name:", o.get("name")) : Request.DEFAULT_NAME;
        if (operation != null) operations.add(operation);
        if (payload == null) {
            diag.report("request", "request needs a payload: a value or a generator like random.between(1, 30) (got null)");
            return;
        }
        Object e = o.get("expect");
        if (o.containsKey("expect") && (e == null || e instanceof Map || e instanceof java.util.Collection)) {
            diag.report("request", "request's expect: needs the reply text, e.g. expect: '832040' (got " + valueText(e) + ")");
            return;
        }
        Value v = value("request", payload);
        Optional<String> expect = e == null ? Optional.empty() : Optional.of(e.toString());
        if (operation != null && v != null) add(at, () -> new Request(operation, v, expect));
    }

    /**
     * One statement with a value per {@code ?}, recorded under the statement's first word
     * ({@code select}): {@code sql 'SELECT * FROM t WHERE id = ?', random.between(1, 10_000)}.
     */
    public void sql(String text, Object... params) {
        sql(Map.of(), text, params);
    }

    /** The same with options: {@code sql 'SELECT 1', name: 'ping'}. */
    public void sql(Map<String, Object> options, String text, Object... given) {
        Object[] params = given == null ? new Object[]{null} : given;  // Groovy passes one null as a null array
        Map<String, Object> o = options("sql", options, SQL_OPTIONS);
        if (o.get("name") instanceof CharSequence n) operations.add(n.toString());
        else if (text != null && !o.containsKey("name")) operations.add(Sql.defaultName(text));
        if (text == null || text.isBlank()) {
            diag.report("sql", "sql needs a statement (got " + valueText(text) + ")");
            return;
        }
        int placeholders = placeholders(text);
        if (placeholders != params.length) {
            diag.report("sql", "sql needs one value per ? (got " + params.length + " value(s) for "
                    + placeholders + " placeholder(s))");
            return;
        }
        String operation = o.containsKey("name") ? name("sql", "a non-empty name:", o.get("name")) : Sql.defaultName(text);
        List<Value> values = new ArrayList<>();
        for (Object p : params) values.add(value("sql", p));
        if (operation != null && !values.contains(null)) add("sql", () -> new Sql(operation, text, values));
    }

    /**
     * {@code BEGIN}, the inner steps, {@code COMMIT}, timed as {@code transaction} (inner steps are
     * also timed on their own).
     */
    public void transaction(@DelegatesTo(value = StepsBuilder.class, strategy = Closure.DELEGATE_FIRST) Closure<?> body) {
        transaction("transaction", body);
    }

    /** The same, recorded under {@code operation}: {@code transaction('checkout') { … }}. */
    public void transaction(String operation,
                            @DelegatesTo(value = StepsBuilder.class, strategy = Closure.DELEGATE_FIRST) Closure<?> body) {
        SourceRef at = diag.here("transaction");
        String op = name("transaction", "a non-empty operation name", operation);
        if (op != null) operations.add(op);
        List<Step> inner = new ArrayList<>();
        int before = diag.count();
        new StepsBuilder("transaction '" + operation + "'", inner, operations, root, diag).runBlock(body);
        if (op == null || diag.count() > before) return;
        if (inner.isEmpty()) {
            diag.report(at, "transaction '" + op + "' has no steps: add sql '…' or another action");
            return;
        }
        add(at, () -> new Transaction(op, inner));
    }

    /**
     * {@code write { … }}: the inner steps run on the primary of a multi-host target ({@code --url
     * postgresql://h1,h2/db}); on a single host they simply run there.
     */
    public void write(@DelegatesTo(value = StepsBuilder.class, strategy = Closure.DELEGATE_FIRST) Closure<?> body) {
        routed(Routed.Route.WRITE, "write", body);
    }

    /**
     * {@code read { … }}: the inner steps run on a replica of a multi-host target, chosen by its
     * balancer (on the primary when no replica is up and the target falls back); on a single host they
     * simply run there.
     */
    public void read(@DelegatesTo(value = StepsBuilder.class, strategy = Closure.DELEGATE_FIRST) Closure<?> body) {
        routed(Routed.Route.READ, "read", body);
    }

    private void routed(Routed.Route route, String word, Closure<?> body) {
        SourceRef at = diag.here(word);
        if (owner.startsWith("transaction ")) {
            diag.report(at, word + " { } cannot be inside " + owner + ": a transaction runs on one connection"
                    + " (put the transaction inside " + word + " { } instead)");
            return;
        }
        List<Step> inner = new ArrayList<>();
        int before = diag.count();
        new StepsBuilder(word + " block", inner, operations, root, diag).runBlock(body);
        if (diag.count() > before) return;
        if (inner.isEmpty()) {
            diag.report(at, word + " { } has no steps: add sql '…' or another action");
            return;
        }
        add(at, () -> new Routed(route, inner));
    }

    /**
     * One multi-row INSERT of generated rows, timed as {@code insert}:
     * {@code insertBatch 'load_test_data', rows: 100, row: fake.person()}; with {@code verify: true} the ids
     * the server acknowledged are checked to still be there after the run.
     */
    public void insertBatch(Map<String, Object> options, String table) {
        Map<String, Object> rest = new LinkedHashMap<>(options);
        Object verify = rest.remove("verify");
        Boolean v = verify == null ? Boolean.FALSE : bool("insertBatch", "insertBatch verify:", verify);
        RowsWord w = rowsWord("insertBatch", rest, table, 10_000);
        if (w != null && v != null) add("insertBatch", () -> new InsertBatch(w.operation("insert"), w.table, w.rows, w.row, v));
    }

    public void insertBatch(String table) {
        insertBatch(Map.of(), table);
    }

    /** {@code COPY table FROM STDIN} of generated rows, timed as {@code copy}: {@code copy 'tbl', rows: 1000, row: fake.person()}. */
    public void copy(Map<String, Object> options, String table) {
        RowsWord w = rowsWord("copy", options, table, 1_000_000);
        if (w != null) add("copy", () -> new Copy(w.operation("copy"), w.table, w.rows, w.row));
    }

    public void copy(String table) {
        copy(Map.of(), table);
    }

    private record RowsWord(String table, int rows, Row row, String name) {
        String operation(String fallback) {
            return name == null ? fallback : name;
        }
    }

    private RowsWord rowsWord(String word, Map<String, Object> options, String table, int maxRows) {
        Map<String, Object> o = options(word, options, word.equals("insertBatch") ? INSERT_OPTIONS : ROWS_OPTIONS);
        operations.add(o.get("name") instanceof CharSequence n ? n.toString() : word.equals("insertBatch") ? "insert" : "copy");
        String t = identifier(word, "a table name like 'load_test_data'", table);
        Integer rows = 1;
        if (o.containsKey("rows")) {
            Object r = o.get("rows");
            rows = isWhole(r) && ((Number) r).longValue() >= 1 && ((Number) r).longValue() <= maxRows ? (Integer) ((Number) r).intValue() : null;
            if (rows == null) diag.report(word, word + " rows: must be between 1 and " + maxRows + " (got " + valueText(r) + ")");
        }
        Row row = null;
        if (!o.containsKey("row")) {
            diag.report(word, word + " needs row: fake.person() or row: [column: value, …]");
        } else {
            row = row(word, o.get("row"));
        }
        String name = o.containsKey("name") ? name(word, "a non-empty name:", o.get("name")) : null;
        if (t == null || rows == null || row == null || (o.containsKey("name") && name == null)) return null;
        return new RowsWord(t, rows, row, name);
    }

    private Row row(String word, Object v) {
        if (v instanceof Row r) return r;
        if (v == null && !diag.clean()) return null;  // the word that gave null was reported
        if (v instanceof Map<?, ?> m && !m.isEmpty()) {
            List<String> columns = new ArrayList<>();
            List<Value> values = new ArrayList<>();
            for (Map.Entry<?, ?> e : m.entrySet()) {
                String c = identifier(word, "column names like 'email'", String.valueOf(e.getKey()));
                Value x = value(word, e.getValue());
                if (c == null || x == null) return null;
                columns.add(c);
                values.add(x);
            }
            return new Row(columns, new RowValues(values));
        }
        diag.report(word, word + " row: needs fake.person() or [column: value, …] (got " + valueText(v) + ")");
        return null;
    }

    /**
     * UPDATE of one random existing row (by {@code id}), timed as {@code update}:
     * {@code updateRandom 'load_test_data', set: [data: random.text(1.kb)]}.
     */
    public void updateRandom(Map<String, Object> options, String table) {
        Map<String, Object> o = options("updateRandom", options, UPDATE_OPTIONS);
        operations.add(o.get("name") instanceof CharSequence n ? n.toString() : "update");
        String t = identifier("updateRandom", "a table name like 'load_test_data'", table);
        Map<String, Value> set = new LinkedHashMap<>();
        boolean ok = t != null;
        if (o.get("set") instanceof Map<?, ?> m && !m.isEmpty()) {
            for (Map.Entry<?, ?> e : m.entrySet()) {
                String c = identifier("updateRandom", "column names like 'data' in set:", String.valueOf(e.getKey()));
                Value x = value("updateRandom", e.getValue());
                if (c == null || x == null) ok = false;
                else set.put(c, x);
            }
        } else {
            diag.report("updateRandom", "updateRandom needs set: [column: value, …] (got "
                    + (o.containsKey("set") ? valueText(o.get("set")) : "none") + ")");
            ok = false;
        }
        String name = o.containsKey("name") ? name("updateRandom", "a non-empty name:", o.get("name")) : "update";
        if (ok && name != null) add("updateRandom", () -> new UpdateRandom(name, t, set));
    }

    public void updateRandom(String table) {
        updateRandom(Map.of(), table);
    }

    /** Think time inside an iteration: {@code pause 100.ms} or {@code pause random.between(50.ms, 150.ms)}. */
    public void pause(Object duration) {
        if (duration instanceof Value v && !(v instanceof Value.Constant)) {
            if (v instanceof RandomWords.Span || v instanceof ClosureValue
                    || (v instanceof RandomWords.Pick p && p.choices().stream().allMatch(Duration.class::isInstance))) {
                steps.add(new Pause(v));
            } else {
                diag.report("pause", "pause needs a duration like 100.ms or random.between(50.ms, 150.ms) (got " + v + ")");
            }
            return;
        }
        Duration d = duration("pause", duration instanceof Value.Constant c ? c.value() : duration, false);
        if (d != null) steps.add(new Pause(Value.of(d)));
    }

    /**
     * Any Groovy, timed under {@code operation}: {@code timed('checkout') { ctx -> … }}. The block gets
     * the worker's {@link StepContext} ({@code connection()}, {@code random()}, {@code param('x')},
     * {@code log 'msg'}); what it throws counts as an error of {@code operation}.
     */
    public void timed(String operation,
                      @DelegatesTo(value = StepContext.class, strategy = Closure.DELEGATE_FIRST) Closure<?> body) {
        String op = name("timed", "a non-empty operation name", operation);
        if (op != null) operations.add(op);
        SourceRef at = diag.here("timed");
        if (op != null) add(at, () -> new Timed(op, new ClosureCode(body, root.script(), at)));
    }

    /** Each iteration runs one branch, by weight: {@code mix { 70.percent { … } 30.percent { … } }}. */
    public void mix(@DelegatesTo(value = MixBuilder.class, strategy = Closure.DELEGATE_FIRST) Closure<?> body) {
        MixBuilder m = new MixBuilder(diag.here("mix"), operations, root, diag);
        m.runMix(body);
        m.build().ifPresent(steps::add);
    }

    /** A plan value from what the user wrote: a generator as is, a closure called per use, anything else a constant. */
    Value value(String word, Object v) {
        return switch (v) {
            case Row r -> {
                diag.report(word, word + " takes a row only as row: (got " + r.values() + " as a value)");
                yield null;
            }
            case Value x -> x;
            case Closure<?> c -> new ClosureValue(c, root.script(), diag.here(word));
            case GString g -> Value.of(g.toString());
            case null -> Value.of(null);
            default -> Value.of(v);
        };
    }

    private void add(String word, java.util.function.Supplier<Step> step) {
        SourceRef at = diag.here(word);
        Step s = make(word, step);
        if (s != null) {
            steps.add(s);
            root.stepAt(s, at, word);
        }
    }

    private void add(SourceRef at, java.util.function.Supplier<Step> step) {
        Step s = make(at, step);
        if (s != null) {
            steps.add(s);
            root.stepAt(s, at, null);
        }
    }

    /** How many {@code ?} placeholders pgjdbc sees: outside quotes and comments, {@code ??} being a literal {@code ?}. */
    public static int placeholders(String sql) {
        int n = 0;
        for (int i = 0; i < sql.length(); i++) {
            char c = sql.charAt(i);
            if (c == '\'' || c == '"') {
                int end = sql.indexOf(c, i + 1);
                i = end < 0 ? sql.length() : end;
            } else if (c == '-' && i + 1 < sql.length() && sql.charAt(i + 1) == '-') {
                int end = sql.indexOf('\n', i);
                i = end < 0 ? sql.length() : end;
            } else if (c == '/' && i + 1 < sql.length() && sql.charAt(i + 1) == '*') {
                int end = sql.indexOf("*/", i + 2);
                i = end < 0 ? sql.length() : end + 1;
            } else if (c == '?') {
                if (i + 1 < sql.length() && sql.charAt(i + 1) == '?') i++;
                else n++;
            }
        }
        return n;
    }
}
