package dev.stampede.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.core.FileAppender;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;

/**
 * Sends all logging to {@code stampede.log} in the results folder; until then (and in {@code check})
 * nothing is logged anywhere, so the terminal stays the dashboard's.
 */
final class LogFile {

    /** The file the last run logged to (null before any): where a failure after the run is reported. */
    private static volatile Path last;

    private LogFile() {
    }

    static Path last() {
        return last;
    }

    /**
     * Appends {@code t}'s stack trace to the last run's log, or to a new file in the temporary folder
     * when no run has logged yet, and returns the file (null when even that cannot be written).
     */
    static Path appendFailure(String what, Throwable t) {
        Path file = last;
        try {
            if (file == null) file = java.nio.file.Files.createTempFile("stampede-", ".log");
            try (var w = new java.io.PrintWriter(java.nio.file.Files.newBufferedWriter(file, java.nio.charset.StandardCharsets.UTF_8,
                    java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND))) {
                w.println(java.time.LocalTime.now() + " ERROR " + what);
                t.printStackTrace(w);
            }
            return file;
        } catch (java.io.IOException | RuntimeException e) {
            return null;
        }
    }

    static void to(Path file) {
        last = file;
        LoggerContext ctx = (LoggerContext) LoggerFactory.getILoggerFactory();
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(ctx);
        encoder.setPattern("%d{HH:mm:ss.SSS} %-5level [%thread] %logger{30} - %msg%n");
        encoder.start();
        FileAppender<ch.qos.logback.classic.spi.ILoggingEvent> appender = new FileAppender<>();
        appender.setContext(ctx);
        appender.setName("results");
        appender.setFile(file.toString());
        appender.setEncoder(encoder);
        appender.setImmediateFlush(true);
        appender.start();
        Logger root = ctx.getLogger(Logger.ROOT_LOGGER_NAME);
        root.detachAndStopAllAppenders();
        root.addAppender(appender);
        root.setLevel(Level.INFO);
    }

    /** Stops the file appender so the file is complete (tests run many commands in one JVM). */
    static void close() {
        LoggerContext ctx = (LoggerContext) LoggerFactory.getILoggerFactory();
        Logger root = ctx.getLogger(Logger.ROOT_LOGGER_NAME);
        root.detachAndStopAllAppenders();
        root.setLevel(Level.OFF);
    }
}
