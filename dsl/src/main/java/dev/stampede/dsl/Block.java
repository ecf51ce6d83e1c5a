package dev.stampede.dsl;

import groovy.lang.Closure;
import groovy.lang.GroovyObject;
import groovy.lang.Script;
import org.codehaus.groovy.runtime.InvokerHelper;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.time.Duration;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
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

    final ScenarioBuilder root;
    final Diagnostics diag;

    Block(ScenarioBuilder root, Diagnostics diag) {
        this.root = root == null ? (ScenarioBuilder) this : root;
        this.diag = diag;
    }

    /** How errors name this block: {@code scenario 'churn'}, {@code group 'readers'}. */
    abstract String describe();

    /** The value of parameter {@code name} (its default, or the {@code --set} override). */
    public Object param(String name) {
        return root.paramValue(name);
    }

    /** Unknown words and known words with wrong arguments become problems; user functions of the script still work. */
    public Object methodMissing(String name, Object args) {
        Object[] a = args instanceof Object[] arr ? arr : new Object[]{args};
        Script script = root.script();
        if (script != null && script.getMetaClass().respondsTo(script, name, a).size() > 0) {
            return InvokerHelper.invokeMethod(script, name, a);
        }
        Set<String> words = words();
        if (words.contains(name)) {
            diag.report(name, name + " in " + describe() + " does not take " + argsText(a));
        } else {
            diag.report(name, "unknown word '" + name + "' in " + describe() + Words.suggestion(name, words));
        }
        return null;
    }

    public Object propertyMissing(String name) {
        diag.report(name, "unknown word '" + name + "' in " + describe() + Words.suggestion(name, words()));
        return null;
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
                        && !m.isSynthetic() && !NOT_WORDS.contains(m.getName()) && !m.getName().startsWith("get")
                        && !m.getName().startsWith("set") && !m.getName().contains("$")) {
                    out.add(m.getName());
                }
            }
        }
        return out;
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
        if (v instanceof GroovyObject) return v.getClass().getSimpleName();
        return v.toString();
    }

    /** A whole number from {@code v}, or a reported problem and {@code null}. */
    Integer wholeNumber(String word, Object v, int min, int max) {
        if (v instanceof Number n && (n instanceof Integer || n instanceof Long || n instanceof Short
                || (n instanceof java.math.BigInteger))) {
            long x = n.longValue();
            if (x < min || x > max) {
                diag.report(word, word + " must be between " + min + " and " + max + " (got " + x + ")");
                return null;
            }
            return (int) x;
        }
        diag.report(word, word + " needs a whole number (got " + valueText(v) + ")");
        return null;
    }

    /** A duration from {@code v} ({@code 30.seconds} or {@code '30s'}), or a reported problem and {@code null}. */
    Duration duration(String word, Object v, boolean allowZero) {
        Duration d = v instanceof Duration dd ? dd : v instanceof CharSequence s ? Units.parseDuration(s.toString()) : null;
        if (d == null) {
            diag.report(word, word + " needs a duration like 30.seconds or '30s' (got " + valueText(v) + ")");
            return null;
        }
        if (d.isNegative() || (!allowZero && d.isZero())) {
            diag.report(word, word + " needs a duration " + (allowZero ? ">= 0" : "> 0") + " (got " + Units.text(d) + ")");
            return null;
        }
        return d;
    }
}
