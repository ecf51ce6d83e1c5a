package dev.stampede.dsl;

import org.codehaus.groovy.ast.ClassCodeVisitorSupport;
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
 * then refuses the negative value with its usual message and column.
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
