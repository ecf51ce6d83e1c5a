package dev.stampede.dsl;

import dev.stampede.engine.plan.SourceRef;
import groovy.lang.Closure;
import groovy.lang.GroovyObject;
import groovy.lang.Script;
import org.codehaus.groovy.runtime.InvokerHelper;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Base of every DSL block builder: reports unknown words and wrong arguments as problems (and keeps
 * going, so all problems come out at once), and offers the words valid in every block ({@code param}).
 *
 * <p>A builder lives only while the script runs, on the compiling thread. Not thread-safe.
 */
public abstract class Block {

    private static final Set<String> NOT_WORDS = Set.of("methodMissing", "propertyMissing", "equals", "hashCode",
            "toString", "getClass", "notify", "notifyAll", "wait");

    /** A table or column name the engine may splice into SQL: plain or schema-qualified, or double-quoted. */
    private static final Pattern IDENTIFIER =
            Pattern.compile("(?:[A-Za-z_][A-Za-z0-9_$]*|\"[^\"]+\")(?:\\.(?:[A-Za-z_][A-Za-z0-9_$]*|\"[^\"]+\"))?");

    final ScenarioBuilder root;
    final Diagnostics diag;
    /** Where each setting word of this block was first given (see {@link #once}). */
    private final Map<String, SourceRef> given = new java.util.HashMap<>();

    Block(ScenarioBuilder root, Diagnostics diag) {
        this.root = root == null ? (ScenarioBuilder) this : root;
        this.diag = diag;
    }

    /**
     * Takes a setting word ({@code duration}, {@code workers}, {@code think} …) the first time this block
     * gives it; the second time it is a problem at the second place, naming the first: a scenario that says
     * {@code workers 2} and later {@code workers 3} is an editing slip, and the value that wins should not be
     * a guess. False when refused.
     */
    boolean once(String word) {
        SourceRef at = diag.here(word);
        SourceRef first = given.putIfAbsent(word, at);
        if (first == null) return true;
        diag.report(at, "`" + word + "` is given twice in " + describe() + " (first at line " + first.line() + "): keep one");
        return false;
    }

    /** How errors name this block: {@code scenario 'churn'}, {@code group 'readers'}. */
    abstract String describe();

    /** Appended to "unknown word" when no near word is found, e.g. what the block holds instead. */
    String hint() {
        return "";
    }

    /** The value of parameter {@code name} (its default, or the {@code --set} override). */
    public Object param(String name) {
        return root.paramValue(name);
    }

    /**
     * Refuses the scenario with the author's own message, at this line: for checks a scenario makes of
     * its params, {@code if (!(sweep ==~ /\d+\.\.\d+/)) fail "--set sweep=from..to (got '$sweep')"}.
     */
    public void fail(Object message) {
        diag.report("fail", String.valueOf(message));
    }

    /** Unknown words and known words with wrong arguments become problems; user functions of the script still work. */
    public Object methodMissing(String name, Object args) {
        Object[] a = args instanceof Object[] arr ? arr : new Object[]{args};
        Script script = root.script();
        if (script != null && !script.getMetaClass().respondsTo(script, name, a).isEmpty()) {
            return InvokerHelper.invokeMethod(script, name, a);
        }
        Set<String> words = words();
        if (words.contains(name)) {
            diag.report(name, name + " in " + describe() + " does not take " + argsText(a));
        } else {
            diag.report(name, unknown(name, words));
        }
        return null;
    }

    /** Unknown names are problems; variables the script put in its binding still work. */
    public Object propertyMissing(String name) {
        Script script = root.script();
        if (script != null && script.getBinding().hasVariable(name)) return script.getBinding().getVariable(name);
        diag.report(name, unknown(name, words()));
        return null;
    }

    /** Names that read as values, not words ({@code balancer greedy}): suggested for a misspelt one, never called. */
    Set<String> valueWords() {
        return Set.of();
    }

    private String unknown(String name, Set<String> words) {
        Set<String> known = new TreeSet<>(words);
        known.addAll(valueWords());
        String suggestion = Words.suggestion(name, known);
        return "unknown word '" + name + "' in " + describe() + (suggestion.isEmpty() ? hint() : suggestion);
    }

    /** Runs {@code body} with this block as its delegate. */
    void runBlock(Closure<?> body) {
        Closure<?> c = body.rehydrate(this, body.getOwner(), body.getThisObject());
        c.setResolveStrategy(Closure.DELEGATE_FIRST);
        c.call();
    }

    /** The words a user may write in this block. */
    Set<String> words() {
        Set<String> out = new TreeSet<>();
        for (Class<?> k = getClass(); k != null && k != Object.class; k = k.getSuperclass()) {
            for (Method m : k.getDeclaredMethods()) {
                if (Modifier.isPublic(m.getModifiers()) && !Modifier.isStatic(m.getModifiers())
                        && !m.isSynthetic() && !NOT_WORDS.contains(m.getName()) && !accessor(m.getName())
                        && !m.getName().contains("$")) {
                    out.add(m.getName());
                }
            }
        }
        return out;
    }

    /** {@code getX}/{@code setX}: Groovy properties, named by the property, not the method ({@code setup} is a word). */
    private static boolean accessor(String name) {
        return name.length() > 3 && (name.startsWith("get") || name.startsWith("set")) && Character.isUpperCase(name.charAt(3));
    }

    static String argsText(Object[] a) {
        if (a.length == 0) return "no arguments";
        return Arrays.stream(a).map(Block::valueText).collect(Collectors.joining(", "));
    }

    /** {@code String 'ten'}, {@code Integer 10}, {@code a closure} — for "got …" in messages. */
    static String valueText(Object v) {
        if (v == null) return "null";
        if (v instanceof Closure<?>) return "a { } block";
        if (v instanceof CharSequence s) return "'" + s + "'";
        if (v instanceof Duration d) return Units.text(d);
        if (v instanceof Map<?, ?> m) return m.entrySet().stream().map(e -> e.getKey() + ": " + valueText(e.getValue()))
                .collect(Collectors.joining(", ", "[", "]"));
        if (v instanceof List<?> l) return l.stream().map(Block::valueText).collect(Collectors.joining(", ", "[", "]"));
        if (v instanceof GroovyObject) return v.getClass().getSimpleName();
        return v.toString();
    }

    /** A whole number from {@code v}, or a reported problem and {@code null}. */
    Integer wholeNumber(String word, Object v, int min, int max) {
        return wholeNumber(word, word, v, min, max);
    }

    /** The same, named {@code label} in the message ({@code hold batch:}) and pointing at {@code word}. */
    Integer wholeNumber(String word, String label, Object v, int min, int max) {
        if (v instanceof java.math.BigInteger big && big.bitLength() > 63) {
            diag.report(word, label + " must be between " + min + " and " + max + " (got " + big + ")");
            return null;
        }
        if (isWhole(v)) {
            long x = ((Number) v).longValue();
            if (x < min || x > max) {
                diag.report(word, label + " must be between " + min + " and " + max + " (got " + x + ")");
                return null;
            }
            return (int) x;
        }
        diag.report(word, label + " needs a whole number (got " + valueText(v) + ")");
        return null;
    }

    static boolean isWhole(Object v) {
        return v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte
                || v instanceof java.math.BigInteger;
    }

    /** A duration from {@code v} ({@code 30.seconds} or {@code '30s'}), or a reported problem and {@code null}. */
    Duration duration(String word, Object v, boolean allowZero) {
        return duration(word, word, v, allowZero);
    }

    /** The same, named {@code label} in the message and pointing at {@code word}. */
    Duration duration(String word, String label, Object v, boolean allowZero) {
        Duration d = v instanceof Duration dd ? dd : v instanceof CharSequence s ? Units.parseDuration(s.toString()) : null;
        if (d == null) {
            diag.report(word, label + " needs a duration like 30.seconds or '30s' (got " + valueText(v) + ")");
            return null;
        }
        String problem = Units.problem(d, allowZero);
        if (problem != null) {
            diag.report(word, label + " " + problem);
            return null;
        }
        return d;
    }

    /** true or false, or a reported problem and {@code null}. */
    Boolean bool(String word, Object v) {
        return bool(word, word, v);
    }

    Boolean bool(String word, String label, Object v) {
        if (v instanceof Boolean b) return b;
        diag.report(word, label + " needs true or false (got " + valueText(v) + ")");
        return null;
    }

    /** A non-blank name, or a reported problem and {@code null}. */
    String name(String word, String what, Object v) {
        if (v instanceof CharSequence s && !s.toString().isBlank()) return s.toString();
        diag.report(word, word + " needs " + what + " (got " + valueText(v) + ")");
        return null;
    }

    /** A table or column name safe to put into SQL, or a reported problem and {@code null}. */
    String identifier(String word, String what, Object v) {
        if (v instanceof CharSequence s && IDENTIFIER.matcher(s).matches()) return s.toString();
        diag.report(word, word + " needs " + what + " (got " + valueText(v) + ")");
        return null;
    }

    /**
     * The named arguments of {@code word}, keyed by name; each unknown name is reported with the
     * nearest allowed one.
     */
    Map<String, Object> options(String word, Map<?, ?> given, List<String> allowed) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : given.entrySet()) {
            String key = String.valueOf(e.getKey());
            if (allowed.contains(key)) {
                out.put(key, e.getValue());
            } else {
                String suggestion = Words.suggestion(key, allowed);
                diag.report(word, "unknown option '" + key + ":' for " + word
                        + (suggestion.isEmpty() ? " (expected one of " + allowed.stream().map(a -> a + ":")
                        .collect(Collectors.joining(", ")) + ")" : suggestion));
            }
        }
        return out;
    }

    /** Builds a plan record; its validation message becomes a problem at {@code at}, never a stack trace. */
    <T> T make(SourceRef at, Supplier<T> record) {
        try {
            return record.get();
        } catch (IllegalArgumentException e) {
            diag.report(at, e.getMessage());
            return null;
        }
    }

    /** Same, at the call of {@code word} on the current script line. */
    <T> T make(String word, Supplier<T> record) {
        try {
            return record.get();
        } catch (IllegalArgumentException e) {
            diag.report(word, e.getMessage());
            return null;
        }
    }
}
