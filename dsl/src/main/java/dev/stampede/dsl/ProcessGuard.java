package dev.stampede.dsl;

import org.codehaus.groovy.ast.ASTNode;
import org.codehaus.groovy.ast.AnnotatedNode;
import org.codehaus.groovy.ast.AnnotationNode;
import org.codehaus.groovy.ast.ClassCodeVisitorSupport;
import org.codehaus.groovy.ast.ClassNode;
import org.codehaus.groovy.ast.ImportNode;
import org.codehaus.groovy.ast.expr.ClassExpression;
import org.codehaus.groovy.ast.expr.ConstructorCallExpression;
import org.codehaus.groovy.ast.expr.Expression;
import org.codehaus.groovy.ast.expr.MethodCallExpression;
import org.codehaus.groovy.ast.expr.MethodPointerExpression;
import org.codehaus.groovy.ast.expr.PropertyExpression;
import org.codehaus.groovy.ast.expr.StaticMethodCallExpression;
import org.codehaus.groovy.classgen.GeneratorContext;
import org.codehaus.groovy.control.CompilePhase;
import org.codehaus.groovy.control.SourceUnit;
import org.codehaus.groovy.control.customizers.CompilationCustomizer;
import org.codehaus.groovy.syntax.SyntaxException;

import java.util.Map;
import java.util.Set;

/**
 * Refuses, at compile time and with {@code file:line:col}, what in a scenario would end the process or
 * escape it: {@code System.exit}, {@code Runtime}, processes ({@code 'ls'.execute()}, {@code ProcessBuilder}),
 * threads, class loaders and reflection, evaluating more code ({@code evaluate}, {@code GroovyShell},
 * {@code Eval}) and annotations (which run code inside the compiler: {@code @ASTTest}, {@code @Grab}).
 *
 * <p>The checks are by name as well as by class, because a scenario is dynamic Groovy: {@code def s = System;
 * s.exit(0)} has no static receiver type, but it still calls {@code exit}. A method name computed at run
 * time is refused for the same reason. This keeps a careless or copied scenario from taking the run down;
 * it is not a sandbox against a determined attacker (a scenario is code the user chose to run).
 *
 * <p>One instance per compilation, on the compiling thread. Not thread-safe.
 */
final class ProcessGuard {

    /** Method names no DSL word uses and no scenario needs: each ends, forks or reflects. */
    private static final Set<String> METHODS = Set.of("exit", "halt", "exec", "execute", "executeOnShell",
            "setSecurityManager", "evaluate", "parseClass", "forName", "loadClass", "defineClass", "getClassLoader",
            "getContextClassLoader", "setContextClassLoader", "getDeclaredMethod", "getDeclaredMethods",
            "getDeclaredField", "getDeclaredFields", "getDeclaredConstructor", "getDeclaredConstructors",
            "setAccessible", "invokeMethod", "invokeStaticMethod", "addShutdownHook", "loadLibrary",
            "startVirtualThread", "ofVirtual", "ofPlatform", "runFinalization");

    /** Property names with the same effect as a method above ({@code x.class.classLoader}). */
    private static final Set<String> PROPERTIES = Set.of("classLoader", "contextClassLoader", "declaredMethods",
            "declaredFields", "declaredConstructors", "runtime");

    /** Classes a scenario may not name at all. */
    private static final Set<String> CLASSES = Set.of("java.lang.Runtime", "java.lang.ProcessBuilder",
            "java.lang.ProcessHandle", "java.lang.Process", "java.lang.ClassLoader", "java.lang.ThreadGroup",
            "java.lang.invoke.MethodHandles", "java.lang.invoke.MethodHandle", "java.lang.reflect.Method",
            "java.lang.reflect.Field", "java.lang.reflect.Constructor", "java.lang.reflect.AccessibleObject",
            "java.net.URLClassLoader", "groovy.lang.GroovyShell", "groovy.lang.GroovyClassLoader",
            "groovy.util.Eval", "groovy.util.GroovyScriptEngine", "javax.script.ScriptEngineManager",
            "java.util.concurrent.Executors", "java.util.concurrent.ForkJoinPool", "java.util.Timer",
            "sun.misc.Unsafe", "jdk.internal.misc.Unsafe", "java.lang.Shutdown", "org.codehaus.groovy.runtime.InvokerHelper",
            "groovy.lang.MetaClassRegistry", "groovy.lang.GroovySystem");

    /** Classes a scenario may use only through these static methods. */
    private static final Map<String, Set<String>> ONLY = Map.of(
            "java.lang.System", Set.of("nanoTime", "currentTimeMillis", "getenv", "getProperty", "lineSeparator",
                    "identityHashCode", "arraycopy"),
            "java.lang.Thread", Set.of("sleep", "currentThread", "onSpinWait"),
            "java.lang.Class", Set.of());

    private ProcessGuard() {
    }

    /** The customizers to add: annotations refused before any of them can run, calls once classes are resolved. */
    static CompilationCustomizer[] customizers(String text) {
        return new CompilationCustomizer[]{new Annotations(text.lines().toList()), new Calls()};
    }

    private static void refuse(SourceUnit source, ASTNode at, String message) {
        if (at.getLineNumber() <= 0) return; // code the compiler wrote (the script's main method), not the user
        source.getErrorCollector().addErrorAndContinue(new org.codehaus.groovy.control.messages.SyntaxErrorMessage(
                new SyntaxException(message, at.getLineNumber(), Math.max(1, at.getColumnNumber())), source));
    }

    private static String simple(ClassNode type) {
        String n = type.getName();
        return n.substring(n.lastIndexOf('.') + 1);
    }

    /** Annotations run code in the compiler ({@code @ASTTest}) or fetch it ({@code @Grab}): refused at CONVERSION. */
    private static final class Annotations extends CompilationCustomizer {
        private final Set<SourceUnit> importsChecked = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());

        private final java.util.List<String> lines;

        Annotations(java.util.List<String> lines) {
            super(CompilePhase.CONVERSION);
            this.lines = lines;
        }

        @Override
        public void call(SourceUnit source, GeneratorContext context, ClassNode classNode) {
            if (importsChecked.add(source)) {
                var module = source.getAST();
                for (ImportNode i : module.getImports()) check(source, i);
                for (ImportNode i : module.getStarImports()) check(source, i);
                module.getStaticImports().values().forEach(i -> check(source, i));
                module.getStaticStarImports().values().forEach(i -> check(source, i));
                if (module.getPackage() != null) check(source, module.getPackage());
            }
            new ClassCodeVisitorSupport() {
                @Override
                protected SourceUnit getSourceUnit() {
                    return source;
                }

                @Override
                public void visitAnnotations(AnnotatedNode node) {
                    check(source, node);
                    super.visitAnnotations(node);
                }
            }.visitClass(classNode);
        }

        private void check(SourceUnit source, AnnotatedNode node) {
            for (AnnotationNode a : node.getAnnotations()) {
                if (!written(a)) continue; // the compiler's own (@BaseScript, @Generated)
                refuse(source, a, "annotations are not allowed in a scenario (got @"
                        + simple(a.getClassNode()) + ")");
            }
        }

        /** Whether the user wrote {@code a}: an {@code @} stands at its place in the source. */
        private boolean written(AnnotationNode a) {
            int line = a.getLineNumber(), column = a.getColumnNumber();
            if (line < 1 || line > lines.size() || column < 1) return false;
            String l = lines.get(line - 1);
            return column <= l.length() && l.charAt(column - 1) == '@';
        }
    }

    /** Calls, constructors, properties and class names that end or escape the process: refused at CANONICALIZATION. */
    private static final class Calls extends CompilationCustomizer {
        Calls() {
            super(CompilePhase.CANONICALIZATION);
        }

        @Override
        public void call(SourceUnit source, GeneratorContext context, ClassNode classNode) {
            ClassNode superClass = classNode.getSuperClass();
            if (superClass != null && forbidden(superClass)) {
                refuse(source, classNode, "a class in a scenario may not extend " + simple(superClass));
            }
            new ClassCodeVisitorSupport() {
                @Override
                protected SourceUnit getSourceUnit() {
                    return source;
                }

                @Override
                public void visitMethodCallExpression(MethodCallExpression call) {
                    String name = call.getMethodAsString();
                    Expression receiver = call.getObjectExpression();
                    String owner = receiver instanceof ClassExpression c ? simple(c.getType()) + "." : "";
                    if (name == null) {
                        refuse(source, call.getMethod(), "a method name computed at run time is not allowed in a scenario (got "
                                + call.getMethod().getText() + ")");
                    } else if (METHODS.contains(name) || receiver instanceof ClassExpression c && !allowed(c.getType(), name)) {
                        refuse(source, call.getMethod(), owner + name + "() is not allowed in a scenario: it would end or escape stampede");
                    } else if (receiver instanceof ClassExpression) {
                        call.getArguments().visit(this); // an allowed static call: the class itself is not a value
                        return;
                    } else {
                        super.visitMethodCallExpression(call);
                        return;
                    }
                    // refused: what it is called on would only repeat the same problem (new GroovyShell().evaluate(…))
                    call.getArguments().visit(this);
                }

                @Override
                public void visitStaticMethodCallExpression(StaticMethodCallExpression call) {
                    String name = call.getMethod();
                    if (METHODS.contains(name) || !allowed(call.getOwnerType(), name)) {
                        refuse(source, call, name + "() is not allowed in a scenario: it would end or escape stampede");
                        return;
                    }
                    super.visitStaticMethodCallExpression(call);
                }

                @Override
                public void visitConstructorCallExpression(ConstructorCallExpression call) {
                    ClassNode type = call.getType();
                    if (forbidden(type) || type.getName().equals("java.lang.Thread")) {
                        refuse(source, call, "new " + simple(type) + "(…) is not allowed in a scenario: it would end or escape stampede");
                        return;
                    }
                    super.visitConstructorCallExpression(call);
                }

                @Override
                public void visitPropertyExpression(PropertyExpression p) {
                    String name = p.getPropertyAsString();
                    if (name == null) {
                        refuse(source, p.getProperty(), "a property name computed at run time is not allowed in a scenario (got "
                                + p.getProperty().getText() + ")");
                    } else if (p.getObjectExpression() instanceof ClassExpression c && (CLASSES.contains(c.getType().getName())
                            || ONLY.containsKey(c.getType().getName()) && !allowedProperty(c.getType(), name))) {
                        refuse(source, p, simple(c.getType()) + "." + name + " is not allowed in a scenario: it would end or escape stampede");
                        return;
                    } else if (PROPERTIES.contains(name)) {
                        refuse(source, p.getProperty(), "." + name + " is not allowed in a scenario: it would end or escape stampede");
                    }
                    if (p.getObjectExpression() instanceof ClassExpression) return; // System.out: allowed, the class is not a value
                    super.visitPropertyExpression(p);
                }

                @Override
                public void visitMethodPointerExpression(MethodPointerExpression e) {
                    refuse(source, e, "method pointers (.&) are not allowed in a scenario: use a closure { … }");
                    super.visitMethodPointerExpression(e);
                }

                @Override
                public void visitClassExpression(ClassExpression c) {
                    // a class named anywhere but as the receiver of an allowed call: def r = Runtime, [System][0].exit(0)
                    if (forbidden(c.getType()) || ONLY.containsKey(c.getType().getName())) {
                        refuse(source, c, simple(c.getType()) + " is not allowed in a scenario" + (ONLY.containsKey(c.getType().getName())
                                && !ONLY.get(c.getType().getName()).isEmpty() ? " except as " + simple(c.getType()) + "."
                                + String.join("(), " + simple(c.getType()) + ".", new java.util.TreeSet<>(ONLY.get(c.getType().getName()))) + "()" : ""));
                    }
                    super.visitClassExpression(c);
                }
            }.visitClass(classNode);
        }

        private static boolean allowed(ClassNode type, String method) {
            if (forbidden(type)) return false;
            Set<String> only = ONLY.get(type.getName());
            return only == null || only.contains(method);
        }

        /** {@code System.out}, {@code System.err}: printing is harmless (if noisy under the dashboard). */
        private static boolean allowedProperty(ClassNode type, String name) {
            return type.getName().equals("java.lang.System") && (name.equals("out") || name.equals("err"));
        }
    }

    private static boolean forbidden(ClassNode type) {
        for (ClassNode t = type; t != null; t = t.getSuperClass()) {
            if (CLASSES.contains(t.getName()) || t.getName().equals("java.lang.Thread") && t != type) return true;
            if (t.getName().equals("java.lang.Object")) break;
        }
        return false;
    }
}
