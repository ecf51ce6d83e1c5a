package dev.stampede.engine.session;

import dev.stampede.engine.metrics.ErrorKinds;

/**
 * The kind and one-line sample of an {@link Error} thrown by a scenario's own code inside a step (a
 * value generator that recursed forever, an assertion): named with the scenario line it came from,
 * the deepest frame of a {@code .groovy} file. Stateless.
 */
public final class ErrorSamples {

    private ErrorSamples() {
    }

    public static String kind(Throwable e) {
        return ErrorKinds.classify(e);
    }

    public static String text(Throwable e) {
        for (StackTraceElement f : e.getStackTrace()) {
            if (f.getFileName() != null && f.getFileName().endsWith(".groovy") && f.getLineNumber() > 0
                    && !f.getClassName().startsWith("org.codehaus.groovy.") && !f.getClassName().startsWith("groovy.")) {
                return ErrorKinds.sample(e) + " (at " + f.getFileName() + ":" + f.getLineNumber() + ")";
            }
        }
        return ErrorKinds.sample(e);
    }
}
