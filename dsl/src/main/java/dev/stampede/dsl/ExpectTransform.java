package dev.stampede.dsl;

import org.codehaus.groovy.ast.ClassCodeVisitorSupport;
import org.codehaus.groovy.ast.ClassNode;
import org.codehaus.groovy.ast.CodeVisitorSupport;
import org.codehaus.groovy.ast.expr.ArgumentListExpression;
import org.codehaus.groovy.ast.expr.BinaryExpression;
import org.codehaus.groovy.ast.expr.ClosureExpression;
import org.codehaus.groovy.ast.expr.ConstantExpression;
import org.codehaus.groovy.ast.expr.Expression;
import org.codehaus.groovy.ast.expr.ListExpression;
import org.codehaus.groovy.ast.expr.MethodCallExpression;
import org.codehaus.groovy.ast.expr.TupleExpression;
import org.codehaus.groovy.ast.expr.VariableExpression;
import org.codehaus.groovy.ast.stmt.ExpressionStatement;
import org.codehaus.groovy.classgen.GeneratorContext;
import org.codehaus.groovy.control.CompilePhase;
import org.codehaus.groovy.control.SourceUnit;
import org.codehaus.groovy.control.customizers.CompilationCustomizer;
import org.codehaus.groovy.syntax.Types;

import java.util.List;
import java.util.Set;

/**
 * Rewrites each comparison statement inside an {@code expect { }} block,
 * {@code p99('insert') < 200.ms}, into {@code $compare(p99('insert'), '<', 200.ms, "p99('insert') < 200.ms", line, col)},
 * so {@link ExpectBuilder} learns the operator (which Groovy's {@code compareTo} hides), the text as
 * the user wrote it, and where. The command form {@code p99 'insert' < 200.ms} is rewritten the same way;
 * {@code a && b} becomes two thresholds, {@code a || b} a problem. Only statements are rewritten (a
 * comparison nested in an {@code if} condition stays Groovy, and a measure refuses to be compared there).
 *
 * <p>One instance per compilation; runs on the compiling thread. Not thread-safe.
 */
final class ExpectTransform extends CompilationCustomizer {

    private static final Set<Integer> COMPARISONS = Set.of(Types.COMPARE_LESS_THAN, Types.COMPARE_LESS_THAN_EQUAL,
            Types.COMPARE_GREATER_THAN, Types.COMPARE_GREATER_THAN_EQUAL, Types.COMPARE_EQUAL, Types.COMPARE_NOT_EQUAL);

    private final List<String> lines;

    ExpectTransform(String source) {
        super(CompilePhase.CONVERSION);
        this.lines = source.lines().toList();
    }

    @Override
    public void call(SourceUnit source, GeneratorContext context, ClassNode classNode) {
        new ClassCodeVisitorSupport() {
            @Override
            protected SourceUnit getSourceUnit() {
                return source;
            }

            @Override
            public void visitMethodCallExpression(MethodCallExpression call) {
                if (call.isImplicitThis() && "expect".equals(call.getMethodAsString())
                        && call.getArguments() instanceof TupleExpression args && !args.getExpressions().isEmpty()
                        && args.getExpressions().getLast() instanceof ClosureExpression body) {
                    body.getCode().visit(new Rewriter());
                }
                super.visitMethodCallExpression(call);
            }
        }.visitClass(classNode);
    }

    /** Rewrites the comparison statements of one {@code expect} block, nested blocks included. */
    private final class Rewriter extends CodeVisitorSupport {
        @Override
        public void visitExpressionStatement(ExpressionStatement statement) {
            Expression rewritten = rewrite(statement.getExpression());
            if (rewritten != null) statement.setExpression(rewritten);
            super.visitExpressionStatement(statement);
        }

        /** The threshold call(s) for a statement's expression, or null to leave it as Groovy. */
        private Expression rewrite(Expression e) {
            if (e instanceof BinaryExpression b && COMPARISONS.contains(b.getOperation().getType())) {
                return compare(b.getLeftExpression(), b, e);
            }
            if (e instanceof BinaryExpression b && b.getOperation().getType() == Types.LOGICAL_AND) {
                // a && b: both must hold, so two thresholds (a list literal evaluates both calls)
                Expression left = rewrite(b.getLeftExpression()), right = rewrite(b.getRightExpression());
                if (left == null || right == null) return null;
                ListExpression both = new ListExpression(List.of(left, right));
                both.setSourcePosition(e);
                return both;
            }
            if (e instanceof BinaryExpression b && b.getOperation().getType() == Types.LOGICAL_OR) {
                return call("$refuse", e, new ConstantExpression("a threshold cannot be one or the other (got ||): "
                        + "write each as a line of its own, every one must hold"));
            }
            if (e instanceof MethodCallExpression m && m.isImplicitThis()
                    && ExpectBuilder.METRICS.containsKey(m.getMethodAsString())
                    && m.getArguments() instanceof TupleExpression args && args.getExpressions().size() == 1
                    && args.getExpressions().getFirst() instanceof BinaryExpression b
                    && COMPARISONS.contains(b.getOperation().getType())) {
                // p99 'insert' < 200.ms parses as p99('insert' < 200.ms)
                MethodCallExpression measure = new MethodCallExpression(m.getObjectExpression(), m.getMethod(),
                        new ArgumentListExpression(b.getLeftExpression()));
                measure.setImplicitThis(true);
                measure.setSourcePosition(m);
                return compare(measure, b, e);
            }
            return null;
        }

        private Expression compare(Expression left, BinaryExpression b, Expression whole) {
            return call("$compare", whole, left, new ConstantExpression(b.getOperation().getText()), b.getRightExpression());
        }

        /** {@code name(args…, text, line, column)} on the expect block, at the position of {@code whole}. */
        private Expression call(String name, Expression whole, Expression... args) {
            List<Expression> all = new java.util.ArrayList<>(List.of(args));
            all.add(new ConstantExpression(text(whole)));
            all.add(new ConstantExpression(whole.getLineNumber(), true));
            all.add(new ConstantExpression(whole.getColumnNumber(), true));
            MethodCallExpression call = new MethodCallExpression(new VariableExpression("this"), name, new ArgumentListExpression(all));
            call.setImplicitThis(true);
            call.setSourcePosition(whole);
            return call;
        }
    }

    /** The source text of {@code e}, as the user wrote it. */
    private String text(Expression e) {
        int l1 = e.getLineNumber(), c1 = e.getColumnNumber(), l2 = e.getLastLineNumber(), c2 = e.getLastColumnNumber();
        if (l1 < 1 || l2 < l1 || l2 > lines.size()) return e.getText();
        StringBuilder sb = new StringBuilder();
        for (int l = l1; l <= l2; l++) {
            String line = lines.get(l - 1);
            int from = l == l1 ? Math.min(line.length(), Math.max(0, c1 - 1)) : 0;
            int to = l == l2 ? Math.min(line.length(), Math.max(from, c2 - 1)) : line.length();
            if (l > l1) sb.append(' ');
            sb.append(l == l1 ? line.substring(from, to) : line.substring(from, to).strip());
        }
        return sb.toString().strip();
    }
}
