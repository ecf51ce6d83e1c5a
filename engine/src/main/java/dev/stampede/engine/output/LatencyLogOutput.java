package dev.stampede.engine.output;

import dev.stampede.engine.metrics.IntervalSnapshot;
import dev.stampede.engine.metrics.OperationSnapshot;
import dev.stampede.engine.run.RunHeader;
import org.HdrHistogram.HistogramLogWriter;

import java.io.FileNotFoundException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * {@code latency.hlog}: HdrHistogram's interval log, one tagged histogram per operation per interval,
 * values in nanoseconds (read it with HdrHistogram's {@code HistogramLogProcessor}, which reports in
 * milliseconds by default). Flushed every interval. Called only from the ticker thread.
 */
public final class LatencyLogOutput implements Output, AutoCloseable {

    private final PrintStream stream;
    private final HistogramLogWriter writer;

    public LatencyLogOutput(Path dir) {
        try {
            stream = new PrintStream(dir.resolve("latency.hlog").toFile(), java.nio.charset.StandardCharsets.US_ASCII);
        } catch (FileNotFoundException e) {
            throw new UncheckedIOException(e);
        } catch (java.io.IOException e) {
            throw new UncheckedIOException(e);
        }
        writer = new HistogramLogWriter(stream);
    }

    @Override
    public void start(RunHeader header) {
        long startMs = header.startedAt().toEpochMilli();
        writer.outputComment("stampede scenario '" + header.plan().name() + "', latencies in nanoseconds, one tag per operation");
        writer.outputLogFormatVersion();
        writer.outputStartTime(startMs);
        writer.setBaseTime(startMs);
        writer.outputLegend();
        stream.flush();
    }

    @Override
    public void interval(IntervalSnapshot s) {
        for (OperationSnapshot o : s.operations()) {
            writer.outputIntervalHistogram(o.interval());
        }
        stream.flush();
    }

    @Override
    public void close() {
        stream.close();
    }
}
