package dev.stampede.engine.result;

/**
 * The process exit code of a run, decided here and nowhere else: 0 ran and every threshold held ·
 * 1 a threshold failed (or an acknowledged write was lost) · 2 bad usage or a bad scenario · 3 the
 * run could not start or was aborted · 130 interrupted. Stateless.
 */
public final class ExitCode {

    public static final int OK = 0;
    public static final int THRESHOLD_FAILED = 1;
    public static final int USAGE = 2;
    public static final int CANNOT_RUN = 3;
    public static final int INTERRUPTED = 130;

    private ExitCode() {
    }

    /** The exit code of a run that ended with {@code summary}, its thresholds evaluated ({@code thresholdFailed}). */
    public static int of(RunSummary summary, boolean thresholdFailed) {
        boolean failed = thresholdFailed || summary.verdicts().writesLost();
        return switch (summary.stop().reason()) {
            case COMPLETED -> summary.verdicts().nothingHeld() ? CANNOT_RUN : failed ? THRESHOLD_FAILED : OK;
            case INTERRUPTED -> INTERRUPTED;
            case ABORTED -> failed || summary.stop().message().startsWith("threshold") ? THRESHOLD_FAILED : CANNOT_RUN;
        };
    }
}
