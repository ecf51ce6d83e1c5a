package dev.stampede.engine.output;

import dev.stampede.engine.metrics.IntervalSnapshot;
import dev.stampede.engine.metrics.LatencyStats;
import dev.stampede.engine.metrics.OperationSnapshot;
import dev.stampede.engine.metrics.ServerStatus;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * {@code timeline.csv}: one row per interval per operation. Each interval's rows go to the file in one
 * {@code write}, so a run killed with {@code kill -9} keeps every completed interval and no half row.
 * The last column, {@code events}, lists on the interval's first row what happened during it (stage
 * changes, pauses, live changes of workers or rate), {@code at_s kind: text} joined by {@code ;}.
 * Called only from the ticker thread.
 */
public final class TimelineCsvOutput implements Output, AutoCloseable {

    @Override
    public boolean writesFiles() {
        return true;
    }

    public static final String HEADER = "elapsed_s,stage,operation,count,errors,rate_per_s,mean_ms,p50_ms,p90_ms,"
            + "p95_ms,p99_ms,p999_ms,max_ms,total_count,total_errors,server_connections,server_max_connections,in_flight,events";

    private final OutputStream out;
    /** Events already written (the snapshot carries all of them; each is written once). */
    private int eventsWritten;

    public TimelineCsvOutput(Path dir) {
        try {
            out = Files.newOutputStream(dir.resolve("timeline.csv"));
            write(HEADER + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void write(CharSequence text) throws IOException {
        out.write(text.toString().getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void interval(IntervalSnapshot s) {
        try {
            StringBuilder rows = new StringBuilder(256 * s.operations().size());
            var all = s.live().events();
            String events = all.size() <= eventsWritten ? "" : csv(all.subList(eventsWritten, all.size()).stream()
                    .map(e -> String.format(Locale.ROOT, "%.1fs %s: %s", e.at().toMillis() / 1000.0, e.kind(), e.text()))
                    .collect(java.util.stream.Collectors.joining("; ")));
            eventsWritten = Math.max(eventsWritten, all.size());
            for (OperationSnapshot o : s.operations()) {
                LatencyStats l = o.latency();
                rows.append(String.format(Locale.ROOT, "%.3f,%s,%s,%d,%d,%.3f,%.4f,%.4f,%.4f,%.4f,%.4f,%.4f,%.4f,%d,%d,%s,%s,%d,%s",
                        s.elapsed().toNanos() / 1e9, csv(s.stage()), csv(o.name()), o.count(), o.errors(), o.ratePerSecond(),
                        l.mean() / 1e6, l.p50() / 1e6, l.p90() / 1e6, l.p95() / 1e6, l.p99() / 1e6, l.p999() / 1e6, l.max() / 1e6,
                        o.totalCount(), o.totalErrors(),
                        s.server().filter(ServerStatus::reachable).map(v -> String.valueOf(v.connections())).orElse(""),
                        s.server().filter(ServerStatus::reachable).map(v -> String.valueOf(v.maxConnections())).orElse(""), o.inFlight(), events));
                events = "";
                rows.append('\n');
            }
            write(rows);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String csv(String v) {
        return v.contains(",") || v.contains("\"") || v.contains("\n") ? "\"" + v.replace("\"", "\"\"") + "\"" : v;
    }

    @Override
    public void close() {
        try {
            out.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
