package dev.stampede.engine.output;

import dev.stampede.engine.metrics.IntervalSnapshot;
import dev.stampede.engine.metrics.OperationSnapshot;
import dev.stampede.engine.result.RunHeader;
import org.HdrHistogram.HistogramLogWriter;

import java.io.ByteArrayOutputStream;
import java.io.FileNotFoundException;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * {@code latency.hlog}: HdrHistogram's interval log, one tagged histogram per operation per interval,
 * values in nanoseconds (read it with HdrHistogram's {@code HistogramLogProcessor -i latency.hlog -tag
 * TAG}, which reports in milliseconds by default). Each interval is formatted in memory and written to
 * the file in one {@code write}, so a process killed at any moment leaves whole lines only and every
 * completed interval readable. Called only from the ticker thread.
 *
 * <p>What HdrHistogram's own readers need, and why this class takes care of it:
 * <ol>
 *   <li>a tag is one token: its log scanner splits on spaces and commas, so an operation's name is
 *       written as {@link #tag(String)} ({@code arrivals lag} → {@code arrivals_lag});</li>
 *   <li>no interval starts before the log's {@code StartTime}: {@code HistogramLogProcessor} drops
 *       intervals that start before its default {@code -start 0}, so an interval whose recorder was
 *       opened a moment before the run's start is written as starting at 0.</li>
 * </ol>
 */
public final class LatencyLogOutput implements Output, AutoCloseable {

    @Override
    public boolean writesFiles() {
        return true;
    }

    private final FileOutputStream file;
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream(8192);
    private final PrintStream stream = new PrintStream(pending, false, java.nio.charset.StandardCharsets.US_ASCII);
    private final HistogramLogWriter writer = new HistogramLogWriter(stream);
    private long baseMs;

    /**
     * The log tag of an operation: its name with every character other than a letter, a digit,
     * {@code _}, {@code -} or {@code .} replaced by {@code _} (so {@code arrivals lag} → {@code arrivals_lag}).
     */
    public static String tag(String operation) {
        return dev.stampede.engine.metrics.Metrics.logTag(operation);
    }

    public LatencyLogOutput(Path dir) {
        try {
            file = new FileOutputStream(dir.resolve("latency.hlog").toFile());
        } catch (FileNotFoundException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whatever was formatted since the last call, as one write. */
    private void writeOut() {
        stream.flush();
        try {
            pending.writeTo(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            pending.reset();
        }
    }

    @Override
    public void start(RunHeader header) {
        long startMs = header.startedAt().toEpochMilli();
        writer.outputComment("stampede scenario '" + header.plan().name() + "', latencies in nanoseconds, one tag per operation");
        writer.outputLogFormatVersion();
        writer.outputStartTime(startMs);
        writer.outputBaseTime(startMs);
        writer.setBaseTime(startMs);
        baseMs = startMs;
        writer.outputLegend();
        writeOut();
    }

    @Override
    public void interval(IntervalSnapshot s) {
        for (OperationSnapshot o : s.operations()) {
            var h = o.interval();
            double start = Math.max(0, (h.getStartTimeStamp() - baseMs) / 1000.0);
            double end = Math.max(start, (h.getEndTimeStamp() - baseMs) / 1000.0);
            writer.outputIntervalHistogram(start, end, h);
        }
        writeOut();
    }

    @Override
    public void close() {
        try {
            file.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
