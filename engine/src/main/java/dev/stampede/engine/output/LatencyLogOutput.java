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
 * values in nanoseconds (read it with HdrHistogram's {@code HistogramLogProcessor}, which reports in
 * milliseconds by default). Each interval is formatted in memory and written to the file in one
 * {@code write}, so a process killed at any moment leaves whole lines only and every completed interval
 * readable. Called only from the ticker thread.
 */
public final class LatencyLogOutput implements Output, AutoCloseable {

    private final FileOutputStream file;
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream(8192);
    private final PrintStream stream = new PrintStream(pending, false, java.nio.charset.StandardCharsets.US_ASCII);
    private final HistogramLogWriter writer = new HistogramLogWriter(stream);

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
        writer.setBaseTime(startMs);
        writer.outputLegend();
        writeOut();
    }

    @Override
    public void interval(IntervalSnapshot s) {
        for (OperationSnapshot o : s.operations()) {
            writer.outputIntervalHistogram(tagged(o.interval()));
        }
        writeOut();
    }

    /**
     * The histogram under a tag the log format can carry: HdrHistogram's reader splits on spaces and
     * commas, so {@code arrivals lag} is written as {@code arrivals_lag} (a space in a tag would end
     * the log for every reader at that line).
     */
    static org.HdrHistogram.Histogram tagged(org.HdrHistogram.Histogram h) {
        String tag = tag(h.getTag());
        if (tag == null || tag.equals(h.getTag())) return h;
        org.HdrHistogram.Histogram copy = h.copy(); // the snapshot's histogram is shared read-only
        copy.setStartTimeStamp(h.getStartTimeStamp());
        copy.setEndTimeStamp(h.getEndTimeStamp());
        copy.setTag(tag);
        return copy;
    }

    /** An operation's name as a log tag: spaces and commas become {@code _}. */
    public static String tag(String name) {
        return name == null ? null : name.replaceAll("[\\s,]", "_");
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
