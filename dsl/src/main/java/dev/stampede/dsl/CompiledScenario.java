package dev.stampede.dsl;

import groovy.lang.Binding;
import groovy.lang.Script;
import org.codehaus.groovy.runtime.InvokerHelper;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What compiling a scenario file yields before it runs: the class files of its script and closures,
 * the name of the script class, and the {@link CallPositions} the compiler collected (columns for
 * run-time errors, fault words in {@code at} blocks). A fresh compilation and one read back from
 * {@link ScenarioClassCache} are loaded the same way, by {@link #script}, so a cached scenario behaves
 * (and reports its mistakes) exactly as a compiled one.
 *
 * <p>Immutable once made (the byte arrays are not handed out); {@link #script} may be called from any thread.
 */
record CompiledScenario(String mainClass, Map<String, byte[]> classes, CallPositions positions) {

    CompiledScenario {
        Objects.requireNonNull(mainClass, "mainClass");
        Objects.requireNonNull(positions, "positions");
        if (!classes.containsKey(mainClass)) {
            throw new IllegalArgumentException("the script class " + mainClass + " is not among the compiled classes " + classes.keySet());
        }
        classes = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(classes));
    }

    /**
     * Defines every class in a loader of its own (child of the DSL's loader) and makes the script with
     * {@code binding}, as {@code GroovyShell.parse} would. Every class is defined here, not when first
     * used, so bytes that do not verify fail now ({@link LinkageError}), before the script runs.
     */
    Script script(Binding binding) throws ClassNotFoundException {
        Loader loader = new Loader(ScenarioCompiler.class.getClassLoader(), classes);
        for (String name : classes.keySet()) loader.loadClass(name);
        return InvokerHelper.createScript(loader.loadClass(mainClass), binding);
    }

    /** Defines the scenario's classes from their bytes; everything else comes from the parent. */
    private static final class Loader extends ClassLoader {
        private final Map<String, byte[]> classes;

        Loader(ClassLoader parent, Map<String, byte[]> classes) {
            super("scenario", parent);
            this.classes = classes;
        }

        @Override
        protected Class<?> findClass(String name) throws ClassNotFoundException {
            byte[] b = classes.get(name);
            if (b == null) throw new ClassNotFoundException(name);
            return defineClass(name, b, 0, b.length);
        }
    }
}
