package dev.stampede.dsl;

import org.codehaus.groovy.ast.ClassCodeVisitorSupport;
import org.codehaus.groovy.ast.ClassNode;
import org.codehaus.groovy.ast.expr.Expression;
import org.codehaus.groovy.ast.expr.MethodCallExpression;
import org.codehaus.groovy.ast.expr.PropertyExpression;
import org.codehaus.groovy.ast.expr.VariableExpression;
import org.codehaus.groovy.classgen.GeneratorContext;
import org.codehaus.groovy.control.CompilationFailedException;
import org.codehaus.groovy.control.CompilePhase;
import org.codehaus.groovy.control.SourceUnit;
import org.codehaus.groovy.control.customizers.CompilationCustomizer;

import java.util.HashMap;
import java.util.Map;

/**
 * Remembers the column of every method call, property and variable name in a script, by line and
 * name, so errors found at run time (where a stack frame gives only the line) can name the column.
 *
 * <p>Filled by the compiler on one thread, read afterwards by the same thread. Not thread-safe.
 */
final class CallPositions extends CompilationCustomizer {

    private final Map<String, Integer> columns = new HashMap<>();
    private final java.util.List<FaultCall> faultCalls = new java.util.ArrayList<>();

    /** The words that break a cluster's nodes on purpose, allowed in {@code at(…) { }} blocks. */
    static final java.util.Set<String> FAULT_WORDS = java.util.Set.of("failover", "kill", "restart", "promote");

    /**
     * A fault word called in the block of an {@code at(…)} written on line {@code atLine}: where, the word,
     * and its arguments (a constant string as written, or null when computed at run time).
     */
    record FaultCall(int atLine, int line, int column, String word, java.util.List<String> args, int argCount) {
        /** {@code failover()}, {@code kill('replica1')}, {@code kill(…)}. */
        String text() {
            if (argCount == 0) return word + "()";
            return word + "(" + String.join(", ", args.stream().map(a -> a == null ? "…" : "'" + a + "'").toList()) + ")";
        }
    }

    /** Every fault word in an {@code at} block, in source order. */
    java.util.List<FaultCall> faultCalls() {
        return java.util.List.copyOf(faultCalls);
    }

    CallPositions() {
        super(CompilePhase.SEMANTIC_ANALYSIS);
    }

    /** The column of {@code name} on {@code line}, or 0 when unknown. */
    int column(int line, String name) {
        return columns.getOrDefault(line + ":" + name, 0);
    }

    @Override
    public void call(SourceUnit source, GeneratorContext context, ClassNode classNode) throws CompilationFailedException {
        new ClassCodeVisitorSupport() {
            @Override
            protected SourceUnit getSourceUnit() {
                return source;
            }

            @Override
            public void visitMethodCallExpression(MethodCallExpression call) {
                if (call.isImplicitThis() && "at".equals(call.getMethodAsString())
                        && call.getArguments() instanceof org.codehaus.groovy.ast.expr.TupleExpression args) {
                    for (Expression a : args.getExpressions()) {
                        if (a instanceof org.codehaus.groovy.ast.expr.ClosureExpression body) faultsIn(call.getLineNumber(), body);
                    }
                }
                Expression m = call.getMethod();
                Expression at = m.getLineNumber() > 0 ? m : call;
                remember(at.getLineNumber(), call.getMethodAsString(), at.getColumnNumber());
                super.visitMethodCallExpression(call);
            }

            @Override
            public void visitPropertyExpression(PropertyExpression p) {
                Expression prop = p.getProperty();
                remember(prop.getLineNumber(), p.getPropertyAsString(), prop.getColumnNumber());
                super.visitPropertyExpression(p);
            }

            @Override
            public void visitVariableExpression(VariableExpression v) {
                remember(v.getLineNumber(), v.getName(), v.getColumnNumber());
                super.visitVariableExpression(v);
            }
        }.visitClass(classNode);
    }

    /** The fault words called (as the block's own words, or on its context argument) inside one {@code at} block. */
    private void faultsIn(int atLine, org.codehaus.groovy.ast.expr.ClosureExpression body) {
        body.getCode().visit(new org.codehaus.groovy.ast.CodeVisitorSupport() {
            @Override
            public void visitMethodCallExpression(MethodCallExpression call) {
                String word = call.getMethodAsString();
                boolean own = call.isImplicitThis() || call.getObjectExpression() instanceof VariableExpression v
                        && body.getParameters() != null && body.getParameters().length == 1 && v.getName().equals(body.getParameters()[0].getName());
                if (own && word != null && FAULT_WORDS.contains(word)
                        && call.getArguments() instanceof org.codehaus.groovy.ast.expr.TupleExpression args) {
                    java.util.List<String> values = new java.util.ArrayList<>();
                    for (Expression a : args.getExpressions()) {
                        // a constant that is not a string (kill(5)) is named as it reads, so it is refused as an unknown node
                        values.add(a instanceof org.codehaus.groovy.ast.expr.ConstantExpression c && c.getValue() != null ? String.valueOf(c.getValue()) : null);
                    }
                    Expression at = call.getMethod().getLineNumber() > 0 ? call.getMethod() : call;
                    faultCalls.add(new FaultCall(atLine, at.getLineNumber(), at.getColumnNumber(), word, values, values.size()));
                }
                super.visitMethodCallExpression(call);
            }
        });
    }

    /**
     * Writes what the compiler collected, for {@link ScenarioClassCache}: a script taken from the cache is
     * not compiled again, so its columns and fault calls must come back with it.
     */
    void writeTo(java.io.DataOutputStream out) throws java.io.IOException {
        out.writeInt(columns.size());
        for (Map.Entry<String, Integer> e : columns.entrySet()) {
            out.writeUTF(e.getKey());
            out.writeInt(e.getValue());
        }
        out.writeInt(faultCalls.size());
        for (FaultCall f : faultCalls) {
            out.writeInt(f.atLine());
            out.writeInt(f.line());
            out.writeInt(f.column());
            out.writeUTF(f.word());
            out.writeInt(f.argCount());
            for (String a : f.args()) {
                out.writeBoolean(a != null);
                if (a != null) out.writeUTF(a);
            }
        }
    }

    /** What {@link #writeTo} wrote. */
    static CallPositions readFrom(java.io.DataInputStream in) throws java.io.IOException {
        CallPositions p = new CallPositions();
        for (int i = 0, n = count(in); i < n; i++) p.columns.put(in.readUTF(), in.readInt());
        for (int i = 0, n = count(in); i < n; i++) {
            int atLine = in.readInt(), line = in.readInt(), column = in.readInt();
            String word = in.readUTF();
            int argCount = count(in);
            java.util.List<String> args = new java.util.ArrayList<>();
            for (int k = 0; k < argCount; k++) args.add(in.readBoolean() ? in.readUTF() : null);
            p.faultCalls.add(new FaultCall(atLine, line, column, word, args, argCount));
        }
        return p;
    }

    private static int count(java.io.DataInputStream in) throws java.io.IOException {
        int n = in.readInt();
        if (n < 0 || n > 10_000_000) throw new java.io.IOException("bad count " + n);
        return n;
    }

    private void remember(int line, String name, int column) {
        if (line > 0 && name != null && column > 0) columns.putIfAbsent(line + ":" + name, column);
    }
}
