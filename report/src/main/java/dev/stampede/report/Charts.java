package dev.stampede.report;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stampede.report.ResultFolder.TimelineRow;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;
import org.knowm.xchart.AnnotationLine;
import org.knowm.xchart.AnnotationText;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * The report's charts, drawn by XChart from a {@link ResultFolder}: rate and latency over time per
 * operation, errors over time, the percentile distribution of the full histograms (HdrHistogram's
 * plotter axis: x = 1/(1-percentile) on a log scale, so 90%, 99%, 99.9% … are evenly spaced), and the
 * sweep (rate and p99 against workers). Stateless; each chart is a fresh object, encoded to PNG.
 */
public final class Charts {

    static {
        // charts are drawn off-screen, also on machines with a DISPLAY
        if (System.getProperty("java.awt.headless") == null) System.setProperty("java.awt.headless", "true");
    }

    static final int WIDTH = 960;
    static final int HEIGHT = 360;

    /** A stage boundary or a timed event, at a run time in seconds. */
    public record Marker(double atSeconds, String label) {
    }

    private Charts() {
    }

    /** Run-time markers: where each stage after the first begins, and each event of summary.json. */
    public static List<Marker> markers(ResultFolder folder) {
        List<Marker> out = new ArrayList<>();
        String stage = null;
        double previous = 0;
        for (TimelineRow r : folder.timeline()) {
            if (stage != null && !stage.equals(r.stage())) out.add(new Marker(previous, r.stage()));
            stage = r.stage();
            previous = r.elapsedSeconds();
        }
        for (JsonNode e : folder.summary().path("events")) {
            out.add(new Marker(e.path("atSeconds").asDouble(), "event " + e.path("name").asText()));
        }
        return out;
    }

    /** Successful operations per second, one point per interval. */
    public static XYChart rate(String operation, List<TimelineRow> rows, List<Marker> markers) {
        XYChart chart = timeChart(operation + " · rate", "operations/s");
        line(chart, "rate/s", rows, TimelineRow::ratePerSecond);
        mark(chart, markers, max(rows, TimelineRow::ratePerSecond));
        return chart;
    }

    /** p50 and p99 of each interval that had samples, in ms. */
    public static XYChart latency(String operation, List<TimelineRow> all, List<Marker> markers) {
        XYChart chart = timeChart(operation + " · latency per interval", "ms");
        // an interval without a single sample has no latency (not a latency of 0): leave it out
        List<TimelineRow> rows = all.stream().filter(r -> r.count() > 0).toList();
        if (rows.isEmpty()) rows = all;
        line(chart, "p50", rows, TimelineRow::p50Ms);
        line(chart, "p99", rows, TimelineRow::p99Ms);
        mark(chart, markers, max(rows, TimelineRow::p99Ms));
        return chart;
    }

    /** Failed operations per interval, one series per operation. */
    public static XYChart errors(Map<String, List<TimelineRow>> byOperation, List<Marker> markers) {
        XYChart chart = timeChart("errors per interval", "errors");
        double top = 0;
        for (var e : byOperation.entrySet()) {
            line(chart, e.getKey(), e.getValue(), r -> r.errors());
            top = Math.max(top, max(e.getValue(), r -> r.errors()));
        }
        double axisTop = top == 0 ? 1 : Math.ceil(top * 1.15); // no errors: a flat line at the bottom
        chart.getStyler().setYAxisMax(axisTop);
        chart.getStyler().setYAxisDecimalPattern("#,##0");
        mark(chart, markers, axisTop * 0.92);
        return chart;
    }

    /**
     * Latency by percentile from the full-run histograms, on HdrHistogram's plotter axis: the position
     * of percentile p is log10(1/(1-p)), so 0%, 90%, 99%, 99.9% … are evenly spaced; y in ms. The
     * maximum sits at 1 - 1/count, the finest percentile the samples can tell apart.
     */
    public static XYChart percentiles(Map<String, Histogram> histograms) {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title("latency by percentile (whole run)")
                .xAxisTitle("percentile").yAxisTitle("ms").build();
        style(chart);
        chart.getStyler().setXAxisMin(0.0);
        chart.getStyler().setYAxisMin(0.0);
        chart.getStyler().setxAxisTickLabelsFormattingFunction(Charts::percentileLabel);
        for (var e : histograms.entrySet()) {
            Histogram h = e.getValue();
            if (h.getTotalCount() == 0) continue;
            List<Double> xs = new ArrayList<>();
            List<Double> ys = new ArrayList<>();
            double last = Math.max(1.0, Math.log10(h.getTotalCount()));
            for (HistogramIterationValue v : h.percentiles(5)) {
                double p = v.getPercentileLevelIteratedTo() / 100.0;
                double x = p >= 1.0 ? last : Math.min(last, Math.log10(1.0 / (1.0 - p)));
                xs.add(x);
                ys.add(h.highestEquivalentValue(v.getValueIteratedTo()) / 1e6);
                if (p >= 1.0) break;
            }
            XYSeries s = chart.addSeries(e.getKey(), xs, ys);
            s.setMarker(SeriesMarkers.NONE);
        }
        return chart;
    }

    /**
     * The label of the tick at position x = log10(1/(1-p)): 0%, 90%, 99%, 99.9% … at whole decades, and
     * none between them (XChart lays ticks out linearly; long labels between decades would not fit).
     */
    static String percentileLabel(double x) {
        double decade = Math.rint(x);
        if (x < 0 || Math.abs(x - decade) > 1e-9 || decade > 12) return "";
        if (decade == 0) return "0%";
        return new java.math.BigDecimal(100 - 100 * Math.pow(10, -decade)).round(new java.math.MathContext(12))
                .stripTrailingZeros().toPlainString() + "%";
    }

    /**
     * The sweep: each stage's rate (left axis) and p99 (right axis) against its workers, for the
     * operation given.
     */
    public static XYChart sweep(JsonNode stages, String operation) {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(operation + " · sweep")
                .xAxisTitle("workers").yAxisTitle("operations/s").build();
        style(chart);
        List<Double> workers = new ArrayList<>();
        List<Double> rates = new ArrayList<>();
        List<Double> p99 = new ArrayList<>();
        for (JsonNode st : stages) {
            JsonNode op = st.path("operations").path(operation);
            if (op.isMissingNode()) continue;
            workers.add(st.path("workers").asDouble());
            rates.add(op.path("ratePerSecond").asDouble());
            p99.add(op.path("latencyMs").path("p99").asDouble());
        }
        if (workers.stream().allMatch(w -> w > 0)) {
            // worker levels double from stage to stage: a log2 axis spaces them evenly
            workers.replaceAll(w -> Math.log(w) / Math.log(2));
            chart.getStyler().setxAxisTickLabelsFormattingFunction(Charts::powerOfTwoLabel);
            chart.setXAxisTitle("workers (log scale)");
        }
        XYSeries r = chart.addSeries(operation + " /s", workers, rates);
        r.setMarker(SeriesMarkers.CIRCLE);
        XYSeries p = chart.addSeries("p99 ms", workers, p99);
        p.setMarker(SeriesMarkers.DIAMOND);
        p.setYAxisGroup(1);
        chart.setYAxisGroupTitle(1, "p99 ms");
        chart.getStyler().setYAxisGroupPosition(1, Styler.YAxisPosition.Right);
        chart.getStyler().setYAxisMin(0, 0.0);
        chart.getStyler().setYAxisMin(1, 0.0);
        return chart;
    }

    /** The label of the tick at x = log2(workers): the worker count at whole powers of two, none between. */
    static String powerOfTwoLabel(double x) {
        double e = Math.rint(x);
        if (x < 0 || Math.abs(x - e) > 1e-9 || e > 30) return "";
        return String.valueOf(1L << (long) e);
    }

    /** The chart as PNG bytes. */
    public static byte[] png(XYChart chart) {
        try {
            return BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Timeline rows grouped by operation, in first-seen order. */
    public static Map<String, List<TimelineRow>> byOperation(List<TimelineRow> rows) {
        Map<String, List<TimelineRow>> out = new LinkedHashMap<>();
        for (TimelineRow r : rows) out.computeIfAbsent(r.operation(), k -> new ArrayList<>()).add(r);
        return out;
    }

    private static XYChart timeChart(String title, String yTitle) {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title)
                .xAxisTitle("run time (s)").yAxisTitle(yTitle).build();
        style(chart);
        chart.getStyler().setYAxisMin(0.0);
        return chart;
    }

    static void style(XYChart chart) {
        var st = chart.getStyler();
        st.setChartBackgroundColor(Color.WHITE);
        st.setPlotBackgroundColor(Color.WHITE);
        st.setPlotGridLinesColor(new Color(0xE0E0E0));
        st.setLegendPosition(Styler.LegendPosition.OutsideS);
        st.setLegendLayout(Styler.LegendLayout.Horizontal);
        st.setLegendBackgroundColor(new Color(255, 255, 255, 200));
        st.setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
        st.setAxisTitleFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        st.setAxisTickLabelsFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        st.setLegendFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        st.setAnnotationLineColor(new Color(0x888888));
        st.setAnnotationTextFont(new Font(Font.SANS_SERIF, Font.PLAIN, 10));
        st.setAnnotationTextFontColor(new Color(0x555555));
        st.setAntiAlias(true);
    }

    private static void line(XYChart chart, String name, List<TimelineRow> rows, ToDoubleFunction<TimelineRow> y) {
        if (rows.isEmpty()) return;
        double[] xs = rows.stream().mapToDouble(TimelineRow::elapsedSeconds).toArray();
        double[] ys = rows.stream().mapToDouble(y).toArray();
        XYSeries s = chart.addSeries(name, xs, ys);
        s.setMarker(rows.size() <= 30 ? SeriesMarkers.CIRCLE : SeriesMarkers.NONE);
    }

    private static void mark(XYChart chart, List<Marker> markers, double top) {
        if (chart.getSeriesMap().isEmpty()) return;
        for (Marker m : markers) {
            chart.addAnnotation(new AnnotationLine(m.atSeconds(), true, false));
            chart.addAnnotation(new AnnotationText(m.label(), m.atSeconds(), top * 1.02, false));
        }
    }

    private static double max(List<TimelineRow> rows, ToDoubleFunction<TimelineRow> f) {
        return rows.stream().mapToDouble(f).max().orElse(1);
    }
}
