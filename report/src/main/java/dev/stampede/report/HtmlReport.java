package dev.stampede.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stampede.report.ResultFolder.TimelineRow;
import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes a result folder's pictures: {@code report.html} (one self-contained file: styles inline,
 * charts as PNG data URIs, no script and nothing fetched, so it opens from disk and can be mailed or
 * archived as CI artifact), {@code histogram.png} and, for a sweep, {@code sweep.png}. Everything comes
 * from the folder's files, so {@code stampede report DIR} can regenerate it for any run. Stateless.
 */
public final class HtmlReport {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private HtmlReport() {
    }

    /**
     * Writes {@code report.html}, {@code histogram.png} (when {@code latency.hlog} holds samples) and
     * {@code sweep.png} (for a sweep) into the folder; returns the files written.
     */
    public static List<Path> write(Path dir) {
        ResultFolder folder = ResultFolder.read(dir);
        List<Path> written = new ArrayList<>();
        Map<String, Histogram> main = mainHistograms(folder);
        byte[] histogram = main.isEmpty() ? null : Charts.png(Charts.percentiles(main));
        if (histogram != null) written.add(writeAtomically(dir.resolve("histogram.png"), histogram));
        String sweepOp = sweepOperation(folder);
        byte[] sweep = sweepOp == null ? null : Charts.png(Charts.sweep(folder.summary().path("stages"), sweepOp));
        if (sweep != null) written.add(writeAtomically(dir.resolve("sweep.png"), sweep));
        // a sweep's throughput-vs-latency curve and each level's latency distribution
        var curve = sweepOp == null ? java.util.Optional.<SweepCharts.Curve>empty() : SweepCharts.curve(dir.getFileName().toString(), folder);
        byte[] tl = curve.map(c -> Charts.png(SweepCharts.throughputLatency(List.of(c)))).orElse(null);
        byte[] levels = curve.map(c -> Charts.png(SweepCharts.levels(c))).orElse(null);
        if (tl != null) written.add(writeAtomically(dir.resolve("sweep-curve.png"), tl));
        if (levels != null) written.add(writeAtomically(dir.resolve("sweep-levels.png"), levels));
        String html = render(folder, histogram, sweep, sweepOp);
        if (tl != null) {
            int after = html.indexOf("</figure>\n", html.indexOf("data-chart=\"sweep\"")) + "</figure>\n".length();
            html = html.substring(0, after) + sweepFigures(sweepOp, tl, levels) + html.substring(after);
        }
        written.add(0, writeAtomically(dir.resolve("report.html"), html.getBytes(StandardCharsets.UTF_8)));
        return written;
    }

    private static String sweepFigures(String op, byte[] curve, byte[] levels) {
        StringBuilder h = new StringBuilder();
        figure(h, "sweep-curve", curve, op + ": throughput against latency, p50 and p99, one point per level (sweep-curve.png)");
        figure(h, "sweep-levels", levels, op + ": each level's latency by percentile (sweep-levels.png)");
        return h.toString();
    }

    /** Histograms of the operations people look at: every one with samples, schedule lag rows aside. */
    static Map<String, Histogram> mainHistograms(ResultFolder folder) {
        Map<String, Histogram> out = new LinkedHashMap<>();
        folder.histograms().forEach((name, h) -> {
            if (h.getTotalCount() > 0 && !name.endsWith(" lag")) out.put(name, h);
        });
        return out;
    }

    /** The operation a sweep is drawn for, or null when the run is not a sweep (fewer than 2 worker levels). */
    static String sweepOperation(ResultFolder folder) {
        JsonNode stages = folder.summary().path("stages");
        if (stages.size() < 2) return null;
        java.util.Set<Integer> levels = new java.util.HashSet<>();
        stages.forEach(s -> levels.add(s.path("workers").asInt()));
        if (levels.size() < 2) return null;
        String best = null;
        long most = -1;
        for (String op : folder.operations()) {
            if (op.endsWith(" lag")) continue;
            long count = folder.operation(op).path("count").asLong();
            boolean everywhere = true;
            for (JsonNode s : stages) everywhere &= s.path("operations").has(op);
            if (everywhere && count > most) {
                best = op;
                most = count;
            }
        }
        return best;
    }

    static String render(ResultFolder folder, byte[] histogram, byte[] sweep, String sweepOp) {
        JsonNode s = folder.summary();
        String scenario = s.path("scenario").asText("?");
        StringBuilder h = new StringBuilder(64 * 1024);
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n")
                .append("<meta name=\"generator\" content=\"stampede\">\n")
                .append("<title>stampede · ").append(esc(scenario)).append("</title>\n<style>\n").append(CSS).append("</style></head>\n<body>\n");
        h.append("<h1>stampede · <span id=\"scenario\">").append(esc(scenario)).append("</span></h1>\n");
        header(h, s);
        thresholds(h, s.path("thresholds"));
        operations(h, folder);
        stages(h, s.path("stages"));
        errors(h, s.path("errors"));
        failover(h, s.path("findings").path("failover"));
        charts(h, folder, histogram, sweep, sweepOp);
        findings(h, s.path("findings"));
        h.append("<footer>written by stampede from ").append(esc(folder.dir().toAbsolutePath().normalize().toString()))
                .append(" (summary.json, timeline.csv, latency.hlog)</footer>\n</body></html>\n");
        return h.toString();
    }

    private static void header(StringBuilder h, JsonNode s) {
        JsonNode env = s.path("environment");
        h.append("<table id=\"header\" class=\"kv\">\n");
        row(h, "scenario", s.path("scenario").asText(""));
        row(h, "started", s.path("startedAt").asText(""));
        row(h, "elapsed", fmt(s.path("elapsedSeconds").asDouble()) + " s");
        row(h, "exit code", s.path("exitCode").asText("") + " (" + s.path("stopReason").asText("") + ")");
        List<String> params = new ArrayList<>();
        s.path("params").fields().forEachRemaining(e -> params.add(e.getKey() + "=" + text(e.getValue())));
        row(h, "params", params.isEmpty() ? "none" : String.join("  ", params));
        row(h, "target", s.path("target").asText(""));
        row(h, "server", env.path("serverVersion").asText("unknown"));
        row(h, "client host", env.path("clientHost").asText("unknown"));
        row(h, "JDK", env.path("jdk").asText("unknown"));
        row(h, "stampede", env.path("stampedeVersion").asText("unknown"));
        h.append("</table>\n");
    }

    private static void thresholds(StringBuilder h, JsonNode list) {
        h.append("<h2>Thresholds</h2>\n");
        if (list.isEmpty()) {
            h.append("<p class=\"none\" id=\"thresholds-none\">none declared (<code>expect { }</code>)</p>\n");
            return;
        }
        h.append("<table id=\"thresholds\"><tr><th>expression</th><th>actual</th><th>result</th></tr>\n");
        for (JsonNode t : list) {
            boolean ok = t.path("passed").asBoolean();
            h.append("<tr class=\"").append(ok ? "pass" : "fail").append("\"><td><code>").append(esc(t.path("expression").asText()))
                    .append("</code></td><td class=\"num\">").append(t.path("actual").isNull() ? "n/a" : fmt(t.path("actual").asDouble()))
                    .append("</td><td>").append(ok ? "passed" : "FAILED").append("</td></tr>\n");
        }
        h.append("</table>\n");
    }

    private static final String[] LATENCIES = {"mean", "p50", "p90", "p95", "p99", "p999", "max"};

    private static void operations(StringBuilder h, ResultFolder folder) {
        h.append("<h2>Operations</h2>\n<table id=\"operations\"><tr><th>operation</th><th>count</th><th>errors</th><th>rate/s</th>");
        for (String l : LATENCIES) h.append("<th>").append(l.equals("p999") ? "p99.9" : l).append(" ms</th>");
        h.append("</tr>\n");
        for (String name : folder.operations()) {
            JsonNode o = folder.operation(name);
            h.append("<tr data-operation=\"").append(esc(name)).append("\"><td>").append(esc(name)).append("</td>")
                    .append("<td class=\"num count\">").append(o.path("count").asLong()).append("</td>")
                    .append("<td class=\"num errors\">").append(o.path("errors").asLong()).append("</td>")
                    .append("<td class=\"num rate\">").append(fmt(o.path("ratePerSecond").asDouble())).append("</td>");
            for (String l : LATENCIES) {
                h.append("<td class=\"num ").append(l).append("\">").append(fmt(o.path("latencyMs").path(l).asDouble())).append("</td>");
            }
            h.append("</tr>\n");
        }
        h.append("</table>\n");
    }

    private static void stages(StringBuilder h, JsonNode stages) {
        if (stages.size() < 2) return;
        h.append("<h2>Stages</h2>\n<table id=\"stages\"><tr><th>stage</th><th>workers</th><th>seconds</th><th>operation</th>")
                .append("<th>count</th><th>errors</th><th>rate/s</th><th>p50 ms</th><th>p99 ms</th></tr>\n");
        for (JsonNode st : stages) {
            st.path("operations").fields().forEachRemaining(e -> {
                JsonNode o = e.getValue();
                h.append("<tr><td>").append(esc(st.path("stage").asText())).append("</td><td class=\"num\">")
                        .append(st.path("workers").asInt()).append("</td><td class=\"num\">").append(fmt(st.path("elapsedSeconds").asDouble()))
                        .append("</td><td>").append(esc(e.getKey())).append("</td><td class=\"num\">").append(o.path("count").asLong())
                        .append("</td><td class=\"num\">").append(o.path("errors").asLong()).append("</td><td class=\"num\">")
                        .append(fmt(o.path("ratePerSecond").asDouble())).append("</td><td class=\"num\">")
                        .append(fmt(o.path("latencyMs").path("p50").asDouble())).append("</td><td class=\"num\">")
                        .append(fmt(o.path("latencyMs").path("p99").asDouble())).append("</td></tr>\n");
            });
        }
        h.append("</table>\n");
    }

    private static void errors(StringBuilder h, JsonNode errors) {
        if (errors.isEmpty()) return;
        h.append("<h2>Errors</h2>\n<table id=\"errors\"><tr><th>SQLSTATE or kind</th><th>count</th></tr>\n");
        errors.fields().forEachRemaining(e -> h.append("<tr><td>").append(esc(e.getKey())).append("</td><td class=\"num\">")
                .append(e.getValue().asLong()).append("</td></tr>\n"));
        h.append("</table>\n");
    }

    /**
     * The failover figures: drawn when {@code findings.failover} exists (a run with a fault event on an
     * embedded cluster writes it; the README lists its fields). Listed as they are, in milliseconds
     * from the fault; a chart of the write-unavailability window would belong here.
     */
    private static void failover(StringBuilder h, JsonNode failover) {
        if (failover.isMissingNode() || failover.isNull()) return;
        h.append("<h2>Failover</h2>\n<table id=\"failover\" class=\"kv\">\n");
        if (failover.isObject()) failover.fields().forEachRemaining(e -> row(h, e.getKey(), text(e.getValue())));
        else row(h, "failover", text(failover));
        h.append("</table>\n");
    }

    private static void charts(StringBuilder h, ResultFolder folder, byte[] histogram, byte[] sweep, String sweepOp) {
        h.append("<h2>Charts</h2>\n");
        List<Charts.Marker> markers = Charts.markers(folder);
        if (!markers.isEmpty()) {
            h.append("<p class=\"markers\">marked: ");
            List<String> parts = new ArrayList<>();
            for (Charts.Marker m : markers) parts.add(esc(m.label()) + " at " + fmt(m.atSeconds()) + " s");
            h.append(String.join(" · ", parts)).append("</p>\n");
        }
        if (sweep != null) figure(h, "sweep", sweep, sweepOp + ": rate and p99 against workers, one point per stage (sweep.png)");
        if (histogram != null) {
            figure(h, "percentiles", histogram, "latency by percentile over the whole run, from latency.hlog (histogram.png)");
        }
        Map<String, List<TimelineRow>> byOp = Charts.byOperation(folder.timeline());
        if (byOp.isEmpty()) {
            h.append("<p class=\"none\">no timeline.csv: no charts over time</p>\n");
            return;
        }
        figure(h, "errors", Charts.png(Charts.errors(byOp, markers)), "failed operations per interval");
        for (var e : byOp.entrySet()) {
            figure(h, "rate:" + e.getKey(), Charts.png(Charts.rate(e.getKey(), e.getValue(), markers)),
                    e.getKey() + ": successful operations per second, per interval");
            figure(h, "latency:" + e.getKey(), Charts.png(Charts.latency(e.getKey(), e.getValue(), markers)),
                    e.getKey() + ": p50 and p99 of each interval");
        }
    }

    private static void figure(StringBuilder h, String id, byte[] png, String caption) {
        h.append("<figure><img class=\"chart\" data-chart=\"").append(esc(id)).append("\" alt=\"").append(esc(caption))
                .append("\" width=\"").append(Charts.WIDTH).append("\" height=\"").append(Charts.HEIGHT)
                .append("\" src=\"data:image/png;base64,").append(Base64.getEncoder().encodeToString(png))
                .append("\"><figcaption>").append(esc(caption)).append("</figcaption></figure>\n");
    }

    private static void findings(StringBuilder h, JsonNode findings) {
        if (findings.isMissingNode() || findings.isEmpty()) return;
        try {
            h.append("<h2>Findings</h2>\n<pre id=\"findings\">")
                    .append(esc(MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(findings))).append("</pre>\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void row(StringBuilder h, String key, String value) {
        h.append("<tr><th>").append(esc(key)).append("</th><td data-key=\"").append(esc(key)).append("\">")
                .append(esc(value)).append("</td></tr>\n");
    }

    private static String text(JsonNode v) {
        if (!v.isValueNode()) return v.toString();
        String t = v.asText();
        if (t.startsWith("PT")) { // a Duration param, as summary.json stores it
            try {
                java.time.Duration d = java.time.Duration.parse(t);
                return d.toMillis() % 1000 == 0 ? d.toSeconds() + "s" : d.toMillis() + "ms";
            } catch (java.time.format.DateTimeParseException e) {
                return t;
            }
        }
        return t;
    }

    static String fmt(double v) {
        if (Double.isNaN(v)) return "n/a";
        double a = Math.abs(v);
        if (a >= 1000) return String.format(Locale.ROOT, "%,.0f", v);
        if (a >= 100) return String.format(Locale.ROOT, "%.1f", v);
        if (a >= 1 || v == 0) return String.format(Locale.ROOT, "%.2f", v);
        return String.format(Locale.ROOT, "%.3f", v);
    }

    static String esc(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    static Path writeAtomically(Path file, byte[] bytes) {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            Files.write(tmp, bytes);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    private static final String CSS = """
            body{font:14px/1.4 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:24px auto;max-width:1000px;color:#222;padding:0 12px}
            h1{font-size:22px;margin:0 0 12px}h2{font-size:17px;margin:28px 0 8px;border-bottom:1px solid #ddd;padding-bottom:4px}
            table{border-collapse:collapse;margin:4px 0}th,td{padding:3px 10px;border-bottom:1px solid #eee;text-align:left}
            th{background:#f6f6f6;font-weight:600}td.num{text-align:right;font-variant-numeric:tabular-nums}
            table.kv th{background:none;color:#666;font-weight:normal;width:110px}
            tr.pass td:last-child{color:#1a7f37;font-weight:600}tr.fail td:last-child{color:#c62828;font-weight:700}
            figure{margin:12px 0}figure img{max-width:100%;height:auto;border:1px solid #eee}
            figcaption{color:#666;font-size:12px}p.none,p.markers{color:#666}
            pre{background:#f6f6f6;padding:8px;overflow:auto;font-size:12px}footer{margin-top:32px;color:#999;font-size:12px}
            """;
}
