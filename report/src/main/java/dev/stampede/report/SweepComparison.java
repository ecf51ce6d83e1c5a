package dev.stampede.report;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The sweeps of several runs side by side ({@code stampede compare A B C …}): their
 * throughput-versus-latency curves on one chart ({@code sweeps.png}, and {@code sweeps.html} holding it
 * with each run's levels as a table), and the same table as text. Reads result folders only.
 * Immutable once made.
 *
 * @param curves one per run, in the order given, labelled by folder name
 */
public record SweepComparison(List<SweepCharts.Curve> curves) {

    public SweepComparison {
        curves = List.copyOf(curves);
    }

    /** The runs' sweeps; a folder that is not a sweep is a {@link ResultFolder.BadFolderException}. */
    public static SweepComparison of(List<Path> dirs) {
        List<SweepCharts.Curve> curves = new ArrayList<>();
        Set<String> labels = new HashSet<>();
        for (int i = 0; i < dirs.size(); i++) {
            Path dir = dirs.get(i);
            String label = dir.toAbsolutePath().normalize().getFileName().toString();
            if (!labels.add(label)) label = (i + 1) + ":" + label; // two folders of the same name
            curves.add(SweepCharts.curve(label, ResultFolder.read(dir)).orElseThrow(() -> new ResultFolder.BadFolderException(
                    dir + ": not a sweep (its summary.json has fewer than 2 levels); compare of more than two runs draws their sweeps")));
        }
        return new SweepComparison(curves);
    }

    /** Every run's levels: level, rate, p50, p99. */
    public String text() {
        StringBuilder sb = new StringBuilder();
        for (SweepCharts.Curve c : curves) {
            sb.append(c.label()).append(" · ").append(c.operation()).append(System.lineSeparator());
            sb.append(String.format(Locale.ROOT, "  %8s %12s %10s %10s%n", "level", "rate/s", "p50 ms", "p99 ms"));
            for (SweepCharts.Point p : c.points()) {
                sb.append(String.format(Locale.ROOT, "  %8s %12.1f %10.3f %10.3f%n", SweepCharts.number(p.level()), p.rate(), p.p50(), p.p99()));
            }
        }
        return sb.toString();
    }

    /** Writes {@code sweeps.png} and {@code sweeps.html} into {@code dir}; returns them. */
    public List<Path> write(Path dir) {
        byte[] png = Charts.png(SweepCharts.throughputLatency(curves));
        Path image = HtmlReport.writeAtomically(dir.resolve("sweeps.png"), png);
        StringBuilder h = new StringBuilder("<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>sweeps</title>"
                + "<style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse;margin-bottom:1.5em}"
                + "td,th{border:1px solid #ccc;padding:2px 8px;text-align:right}</style></head><body>\n<h1>Sweeps compared</h1>\n");
        h.append("<figure><img class=\"chart\" data-chart=\"sweeps\" alt=\"throughput against latency\" src=\"data:image/png;base64,")
                .append(Base64.getEncoder().encodeToString(png)).append("\"><figcaption>p50 and p99 against operations/s, one point per level (sweeps.png)</figcaption></figure>\n");
        for (SweepCharts.Curve c : curves) {
            h.append("<h2>").append(HtmlReport.esc(c.label() + " · " + c.operation())).append("</h2>\n<table class=\"run\"><tr><th>level</th><th>rate/s</th><th>p50 ms</th><th>p99 ms</th></tr>\n");
            for (SweepCharts.Point p : c.points()) {
                h.append(String.format(Locale.ROOT, "<tr><td>%s</td><td>%.1f</td><td>%.3f</td><td>%.3f</td></tr>%n",
                        SweepCharts.number(p.level()), p.rate(), p.p50(), p.p99()));
            }
            h.append("</table>\n");
        }
        Path html = HtmlReport.writeAtomically(dir.resolve("sweeps.html"), h.append("</body></html>\n").toString().getBytes(StandardCharsets.UTF_8));
        return List.of(image, html);
    }
}
