package dev.stampede.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.HdrHistogram.EncodableHistogram;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogReader;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A run's result folder as written by {@code stampede run}: {@code summary.json} (required),
 * {@code timeline.csv} and {@code latency.hlog} (optional: a report without them has no charts over
 * time or no percentile distribution). Read once, immutable afterwards.
 *
 * <p>Why it exists: the report and the comparison read only the files, never the engine, so they work
 * on any folder (an old run, a CI artifact, a run from another machine).
 */
public final class ResultFolder {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** A folder or file that is missing or unreadable: one line for the user. */
    public static final class BadFolderException extends RuntimeException {
        public BadFolderException(String message) {
            super(message);
        }
    }

    /**
     * One row of {@code timeline.csv} (latencies in ms; server connections -1 when unknown).
     */
    public record TimelineRow(double elapsedSeconds, String stage, String operation, long count, long errors,
                              double ratePerSecond, double meanMs, double p50Ms, double p90Ms, double p95Ms,
                              double p99Ms, double p999Ms, double maxMs, long totalCount, long totalErrors,
                              int serverConnections, int serverMaxConnections, long inFlight) {
    }

    private final Path dir;
    private final JsonNode summary;
    private final List<TimelineRow> timeline;
    private final Map<String, Histogram> histograms;

    private ResultFolder(Path dir, JsonNode summary, List<TimelineRow> timeline, Map<String, Histogram> histograms) {
        this.dir = dir;
        this.summary = summary;
        this.timeline = List.copyOf(timeline);
        this.histograms = java.util.Collections.unmodifiableMap(histograms);
    }

    /** Reads a result folder; a missing folder or {@code summary.json} is a {@link BadFolderException}. */
    public static ResultFolder read(Path dir) {
        if (!Files.isDirectory(dir)) throw new BadFolderException(dir + ": no such folder");
        Path json = dir.resolve("summary.json");
        if (!Files.isRegularFile(json)) throw new BadFolderException(dir + ": no summary.json (not a stampede result folder?)");
        JsonNode summary;
        try {
            summary = MAPPER.readTree(json.toFile());
        } catch (IOException e) {
            throw new BadFolderException(json + ": not readable JSON (" + firstLine(e.getMessage()) + ")");
        }
        if (summary == null || !summary.path("operations").isObject()) {
            throw new BadFolderException(json + ": has no \"operations\" (not a stampede summary?)");
        }
        Map<String, Histogram> byTag = readHistograms(dir.resolve("latency.hlog"));
        // the log's tags are the operations' names with spaces and commas as '_': give them their names back
        Map<String, Histogram> byName = new LinkedHashMap<>();
        summary.path("operations").fieldNames().forEachRemaining(name -> {
            Histogram h = byTag.remove(name.replaceAll("[^A-Za-z0-9_.\\-]", "_"));
            if (h != null) byName.put(name, h);
        });
        byName.putAll(byTag);
        return new ResultFolder(dir, summary, readTimeline(dir.resolve("timeline.csv")), byName);
    }

    public Path dir() {
        return dir;
    }

    public JsonNode summary() {
        return summary;
    }

    /** Every row of {@code timeline.csv}, in file order (empty when the file is missing). */
    public List<TimelineRow> timeline() {
        return timeline;
    }

    /** Each operation's full-run histogram (values in ns), summed from {@code latency.hlog}'s intervals. */
    public Map<String, Histogram> histograms() {
        return histograms;
    }

    /** The operation names of {@code summary.json}, in its order. */
    public List<String> operations() {
        List<String> names = new ArrayList<>();
        summary.path("operations").fieldNames().forEachRemaining(names::add);
        return names;
    }

    public JsonNode operation(String name) {
        return summary.path("operations").path(name);
    }

    private static List<TimelineRow> readTimeline(Path file) {
        if (!Files.isRegularFile(file)) return List.of();
        List<TimelineRow> rows = new ArrayList<>();
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            for (int i = 1; i < lines.size(); i++) {
                List<String> f = csv(lines.get(i));
                if (f.size() < 18) continue; // a half-written last line of a killed run
                rows.add(new TimelineRow(d(f.get(0)), f.get(1), f.get(2), l(f.get(3)), l(f.get(4)), d(f.get(5)),
                        d(f.get(6)), d(f.get(7)), d(f.get(8)), d(f.get(9)), d(f.get(10)), d(f.get(11)), d(f.get(12)),
                        l(f.get(13)), l(f.get(14)), f.get(15).isEmpty() ? -1 : Integer.parseInt(f.get(15)),
                        f.get(16).isEmpty() ? -1 : Integer.parseInt(f.get(16)), l(f.get(17))));
            }
        } catch (IOException | RuntimeException e) {
            throw new BadFolderException(file + ": not a stampede timeline (" + firstLine(e.getMessage()) + ")");
        }
        return rows;
    }

    private static Map<String, Histogram> readHistograms(Path file) {
        Map<String, Histogram> all = new LinkedHashMap<>();
        if (!Files.isRegularFile(file)) return all;
        try {
            HistogramLogReader reader = new HistogramLogReader(file.toFile());
            EncodableHistogram h;
            while ((h = reader.nextIntervalHistogram()) != null) {
                if (!(h instanceof Histogram interval)) continue;
                String tag = interval.getTag() == null ? "" : interval.getTag();
                all.computeIfAbsent(tag, t -> {
                    Histogram sum = new Histogram(interval.getNumberOfSignificantValueDigits());
                    sum.setTag(t);
                    return sum;
                }).add(interval);
            }
        } catch (IOException | RuntimeException e) {
            throw new BadFolderException(file + ": not an HdrHistogram log (" + firstLine(e.getMessage()) + ")");
        }
        return all;
    }

    /** One CSV line; quotes as {@code TimelineCsvOutput} writes them. */
    static List<String> csv(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    cur.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    cur.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                out.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        out.add(cur.toString());
        return out;
    }

    private static double d(String s) {
        return s.isEmpty() ? 0 : Double.parseDouble(s);
    }

    private static long l(String s) {
        return s.isEmpty() ? 0 : Long.parseLong(s);
    }

    static String firstLine(String s) {
        if (s == null) return "";
        Iterator<String> it = s.lines().iterator();
        return it.hasNext() ? it.next() : "";
    }
}
