package dev.stampede.report;

import com.fasterxml.jackson.databind.JsonNode;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The charts of a sweep, read from {@code summary.json}'s {@code stages}: the throughput-versus-latency
 * curve (rate across, p50 and p99 up, one point per level), the latency distribution of each level,
 * and the curves of several runs on one chart ({@code stampede compare A B C …}). Stateless.
 */
public final class SweepCharts {

    /** One level of a run's sweep: its level, and the swept operation's rate and percentiles (ms). */
    public record Point(double level, double rate, double p50, double p90, double p95, double p99, double p999, double max) {
    }

    /** One run's sweep of one operation. */
    public record Curve(String label, String operation, List<Point> points) {
        public Curve {
            points = List.copyOf(points);
        }
    }

    private static final java.awt.Color[] RUN_COLOURS = {new java.awt.Color(0x1f77b4), new java.awt.Color(0xd62728),
            new java.awt.Color(0x2ca02c), new java.awt.Color(0x9467bd), new java.awt.Color(0xff7f0e), new java.awt.Color(0x8c564b)};

    private static final String[] PERCENTILES = {"p50", "p90", "p95", "p99", "p99.9", "max"};

    private SweepCharts() {
    }

    /** The sweep curve of a result folder (labelled {@code label}), or empty when it is not a sweep. */
    public static Optional<Curve> curve(String label, ResultFolder folder) {
        String op = HtmlReport.sweepOperation(folder);
        if (op == null) return Optional.empty();
        List<Point> points = new ArrayList<>();
        for (JsonNode st : folder.summary().path("stages")) {
            JsonNode o = st.path("operations").path(op);
            JsonNode l = o.path("latencyMs");
            double level = st.path("sweep").has("level") ? st.path("sweep").path("level").asDouble() : st.path("workers").asDouble();
            points.add(new Point(level, o.path("ratePerSecond").asDouble(), l.path("p50").asDouble(), l.path("p90").asDouble(),
                    l.path("p95").asDouble(), l.path("p99").asDouble(), l.path("p999").asDouble(), l.path("max").asDouble()));
        }
        return Optional.of(new Curve(label, op, points));
    }

    /** Throughput against latency: for each curve a p50 and a p99 series, x = operations/s, one point per level. */
    public static XYChart throughputLatency(List<Curve> curves) {
        String title = curves.size() == 1 ? curves.get(0).operation() + " · throughput vs latency" : "throughput vs latency";
        XYChart chart = new XYChartBuilder().width(Charts.WIDTH).height(Charts.HEIGHT).title(title)
                .xAxisTitle("operations/s").yAxisTitle("latency ms").build();
        Charts.style(chart);
        for (int i = 0; i < curves.size(); i++) {
            Curve c = curves.get(i);
            String prefix = curves.size() == 1 ? "" : c.label() + " ";
            List<Double> x = c.points().stream().map(Point::rate).toList();
            XYSeries p50 = chart.addSeries(prefix + "p50", x, c.points().stream().map(Point::p50).toList());
            p50.setMarker(SeriesMarkers.CIRCLE);
            XYSeries p99 = chart.addSeries(prefix + "p99", x, c.points().stream().map(Point::p99).toList());
            p99.setMarker(SeriesMarkers.DIAMOND);
            p99.setLineStyle(org.knowm.xchart.style.lines.SeriesLines.DASH_DASH);
            if (curves.size() > 1) { // one colour per run: its p50 solid, its p99 dashed
                java.awt.Color colour = RUN_COLOURS[i % RUN_COLOURS.length];
                for (XYSeries s : List.of(p50, p99)) {
                    s.setLineColor(colour);
                    s.setMarkerColor(colour);
                }
            }
        }
        chart.getStyler().setXAxisMin(0.0);
        chart.getStyler().setYAxisMin(0.0);
        return chart;
    }

    /** Each level's latency by percentile (p50 … max), one series per level, on a log latency axis. */
    public static XYChart levels(Curve c) {
        XYChart chart = new XYChartBuilder().width(Charts.WIDTH).height(Charts.HEIGHT).title(c.operation() + " · latency per level")
                .xAxisTitle("percentile").yAxisTitle("latency ms (log scale)").build();
        Charts.style(chart);
        chart.getStyler().setYAxisLogarithmic(true);
        chart.getStyler().setxAxisTickLabelsFormattingFunction(x -> {
            int i = (int) Math.rint(x);
            return Math.abs(x - i) < 1e-9 && i >= 0 && i < PERCENTILES.length ? PERCENTILES[i] : "";
        });
        List<Double> x = new ArrayList<>();
        for (int i = 0; i < PERCENTILES.length; i++) x.add((double) i);
        for (Point p : c.points()) {
            List<Double> y = List.of(p.p50(), p.p90(), p.p95(), p.p99(), p.p999(), p.max()).stream()
                    .map(v -> Math.max(v, 0.001)).toList(); // a log axis has no zero
            chart.addSeries("level " + number(p.level()), x, y).setMarker(SeriesMarkers.CIRCLE);
        }
        return chart;
    }

    static String number(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }
}
