package dev.stampede.dsl;

import org.codehaus.groovy.ast.ClassCodeExpressionTransformer;
import org.codehaus.groovy.ast.ClassCodeVisitorSupport;
import org.codehaus.groovy.ast.expr.Expression;
import org.codehaus.groovy.ast.expr.PropertyExpression;
import org.codehaus.groovy.ast.ClassNode;
import org.codehaus.groovy.ast.expr.ArgumentListExpression;
import org.codehaus.groovy.ast.expr.BinaryExpression;
import org.codehaus.groovy.ast.expr.ConstantExpression;
import org.codehaus.groovy.ast.expr.MethodCallExpression;
import org.codehaus.groovy.ast.expr.UnaryMinusExpression;
import org.codehaus.groovy.ast.expr.VariableExpression;
import org.codehaus.groovy.ast.stmt.ExpressionStatement;
import org.codehaus.groovy.classgen.GeneratorContext;
import org.codehaus.groovy.control.CompilePhase;
import org.codehaus.groovy.control.SourceUnit;
import org.codehaus.groovy.control.customizers.CompilationCustomizer;
import org.codehaus.groovy.syntax.Types;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads {@code workers -5} as the user meant it, {@code workers(-5)}, not as Groovy does, the
 * subtraction {@code workers - 5} (which asked the builder for a property and silently kept the
 * default, or failed with "Cannot invoke method minus() on null object" for {@code duration -5.seconds}).
 * Only a statement of its own whose left side is a DSL word is rewritten, so the word's own check
 * then refuses the negative value with its usual message and column. Likewise {@code -10.percent { … }}
 * and {@code -5.seconds} mean the unit of a negative number, not the negation of what the unit returns.
 *
 * <p>One instance per compilation; runs on the compiling thread. Not thread-safe.
 */
final class NegativeArguments extends CompilationCustomizer {

    /** Every word of every block. */
    private static final Set<String> WORDS = words(List.of(ScenarioBuilder.class, GroupBuilder.class, StagesBuilder.class,
            StageBuilder.class, StepsBuilder.class, SafetyBuilder.class, MixBuilder.class));

    NegativeArguments() {
        super(CompilePhase.CONVERSION);
    }

    @Override
    public void call(SourceUnit source, GeneratorContext context, ClassNode classNode) {
        new ClassCodeVisitorSupport() {
            @Override
            protected SourceUnit getSourceUnit() {
                return source;
            }

            @Override
            public void visitExpressionStatement(ExpressionStatement statement) {
                if (statement.getExpression() instanceof BinaryExpression b && b.getOperation().getType() == Types.MINUS
                        && b.getLeftExpression() instanceof VariableExpression word && WORDS.contains(word.getName())) {
                    UnaryMinusExpression negated = new UnaryMinusExpression(b.getRightExpression());
                    negated.setSourcePosition(b.getRightExpression());
                    ConstantExpression name = new ConstantExpression(word.getName());
                    name.setSourcePosition(word);
                    MethodCallExpression call = new MethodCallExpression(VariableExpression.THIS_EXPRESSION, name,
                            new ArgumentListExpression(negated));
                    call.setImplicitThis(true);
                    call.setSourcePosition(b);
                    statement.setExpression(call);
                }
                super.visitExpressionStatement(statement);
            }
        }.visitClass(classNode);
        new NegativeUnits(source).visitClass(classNode);
    }

    /** {@code -n.unit} and {@code -n.unit { … }} as {@code (-n).unit}: the unit word gets the negative number. */
    private static final class NegativeUnits extends ClassCodeExpressionTransformer {
        private final SourceUnit source;

        NegativeUnits(SourceUnit source) {
            this.source = source;
        }

        @Override
        protected SourceUnit getSourceUnit() {
            return source;
        }

        @Override
        public Expression transform(Expression e) {
            if (e instanceof org.codehaus.groovy.ast.expr.ClosureExpression c) {
                c.getCode().visit(this); // blocks are closures: their statements too
                return c;
            }
            if (e instanceof UnaryMinusExpression minus) {
                Expression inner = minus.getExpression();
                if (inner instanceof PropertyExpression p && p.getObjectExpression() instanceof ConstantExpression n
                        && n.getValue() instanceof Number) {
                    p.setObjectExpression(negated(n));
                    p.setSourcePosition(minus);
                    return p.transformExpression(this);
                }
                if (inner instanceof MethodCallExpression call && call.getObjectExpression() instanceof ConstantExpression n
                        && n.getValue() instanceof Number) {
                    call.setObjectExpression(negated(n));
                    call.setSourcePosition(minus);
                    return call.transformExpression(this);
                }
            }
            return super.transform(e);
        }

        private static ConstantExpression negated(ConstantExpression n) {
            Object v = n.getValue();
            Object neg = switch (v) {
                case Integer i -> -i;
                case Long l -> -l;
                case Double d -> -d;
                case Float f -> -f;
                case java.math.BigDecimal b -> b.negate();
                case java.math.BigInteger b -> b.negate();
                default -> v;
            };
            ConstantExpression out = new ConstantExpression(neg, true);
            out.setSourcePosition(n);
            return out;
        }
    }

    private static Set<String> words(List<Class<?>> blocks) {
        Set<String> out = new HashSet<>();
        for (Class<?> k : blocks) {
            for (Method m : k.getMethods()) {
                if (Modifier.isPublic(m.getModifiers()) && m.getParameterCount() > 0 && m.getDeclaringClass() != Object.class) {
                    out.add(m.getName());
                }
            }
        }
        return out;
    }
}
