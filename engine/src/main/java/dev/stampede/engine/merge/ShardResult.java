package dev.stampede.engine.merge;

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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One shard's result folder as {@code stampede merge} reads it: {@code summary.json} (its shard, counts,
 * errors, findings, thresholds as data), {@code latency.hlog} (every interval's histogram per tag, lossless)
 * and {@code timeline.csv} (every interval's counts per operation). Immutable once read.
 *
 * @param dir       the folder
 * @param summary   its summary.json
 * @param intervals per log tag, the interval histograms in order
 * @param startMs   the log's StartTime (the shard's start line), epoch milliseconds
 * @param rows      per operation, its timeline rows in order (column name → value)
 */
record ShardResult(Path dir, JsonNode summary, Map<String, List<Histogram>> intervals, long startMs,
                   Map<String, List<Map<String, String>>> rows) {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** A folder that cannot be merged: why, in one line. */
    static final class Unreadable extends Exception {
        Unreadable(String message) {
            super(message);
        }
    }

    int index() {
        return summary.path("shard").path("index").asInt();
    }

    int count() {
        return summary.path("shard").path("count").asInt();
    }

    int exitCode() {
        return summary.path("exitCode").asInt(3);
    }

    String stopReason() {
        return summary.path("stopReason").asText("");
    }

    /** It ran to the end (its thresholds may have failed, which the merge judges again). */
    boolean finished() {
        return (exitCode() == 0 || exitCode() == 1) && stopReason().equals("completed");
    }

    /** Reads the summary only (enough to name the shard and say whether it finished). */
    static JsonNode summaryOf(Path dir) throws Unreadable {
        Path file = dir.resolve("summary.json");
        if (!Files.isRegularFile(file)) throw new Unreadable(dir + ": no summary.json (the shard did not finish, or this is not a result folder)");
        try {
            JsonNode s = MAPPER.readTree(file.toFile());
            if (!s.path("shard").isObject()) throw new Unreadable(file + ": not a sharded run (no \"shard\"; run it with --shard i/N)");
            return s;
        } catch (IOException e) {
            throw new Unreadable(file + ": cannot be read: " + e.getMessage());
        }
    }

    static ShardResult read(Path dir, JsonNode summary) throws Unreadable {
        Map<String, List<Histogram>> intervals = new LinkedHashMap<>();
        long start;
        Path hlog = dir.resolve("latency.hlog");
        try (HistogramLogReader reader = new HistogramLogReader(hlog.toFile())) {
            EncodableHistogram h;
            while ((h = reader.nextIntervalHistogram()) != null) {
                if (!(h instanceof Histogram hist)) continue;
                intervals.computeIfAbsent(hist.getTag() == null ? "" : hist.getTag(), k -> new ArrayList<>()).add(hist);
            }
            start = (long) (reader.getStartTimeSec() * 1000);
        } catch (IOException | RuntimeException e) {
            throw new Unreadable(hlog + ": cannot be read: " + e.getMessage());
        }
        Map<String, List<Map<String, String>>> rows = new LinkedHashMap<>();
        Path csv = dir.resolve("timeline.csv");
        try {
            List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
            List<String> header = lines.isEmpty() ? List.of() : fields(lines.get(0));
            for (String line : lines.subList(Math.min(1, lines.size()), lines.size())) {
                if (line.isBlank()) continue;
                List<String> f = fields(line);
                Map<String, String> row = new LinkedHashMap<>();
                for (int i = 0; i < header.size() && i < f.size(); i++) row.put(header.get(i), f.get(i));
                rows.computeIfAbsent(row.get("operation"), k -> new ArrayList<>()).add(row);
            }
        } catch (IOException e) {
            throw new Unreadable(csv + ": cannot be read: " + e.getMessage());
        }
        return new ShardResult(dir, summary, intervals, start, rows);
    }

    /** One CSV line's fields ({@code "a,b"} quoted, {@code ""} an escaped quote). */
    static List<String> fields(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder f = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    f.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    f.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                out.add(f.toString());
                f.setLength(0);
            } else {
                f.append(c);
            }
        }
        out.add(f.toString());
        return out;
    }
}
