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

    private void remember(int line, String name, int column) {
        if (line > 0 && name != null && column > 0) columns.putIfAbsent(line + ":" + name, column);
    }
}
