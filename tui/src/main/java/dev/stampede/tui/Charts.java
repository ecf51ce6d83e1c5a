package dev.stampede.tui;

import dev.stampede.engine.live.RunEvent;
import dev.stampede.engine.metrics.OperationSnapshot;
import dev.stampede.engine.output.Format;
import dev.stampede.tui.Canvas.Ink;

import java.time.Duration;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * The selected operation over time: rate, p99 and errors per interval as block charts (eighth blocks, so
 * a row of text has eight levels), each with its scale (now and max; the floor is zero), and a row of
 * marks under them — {@code │} a new stage, {@code p}/{@code r} pause and resume, {@code +} a live change,
 * {@code e} an {@code at()} event, {@code !} a warning or an abort. One column per interval, newest on
 * the right; with one row per chart, each is a one-line sparkline after its label. Stateless.
 */
final class Charts {

    static final String BLOCKS = " ▁▂▃▄▅▆▇█";
    private static final int LABEL = 22;

    private record Series(String title, Ink ink, ToDoubleFunction<History.Point> value, boolean latency) {
    }

    private static final List<Series> SERIES = List.of(
            new Series("rate/s", Ink.ACCENT, History.Point::rate, false),
            new Series("p99", Ink.WARNING, p -> p.p99() < 0 ? Double.NaN : p.p99(), true),
            new Series("errors", Ink.ERROR, p -> p.errors(), false));

    private Charts() {
    }

    static void render(Frame f, OperationSnapshot op, Canvas c) {
        if (c.height <= 0 || op == null) return;
        List<History.Tick> all = f.history().ticks();
        int rows = c.height - 1; // the title row
        boolean marks = rows >= 4;
        if (marks) rows--;
        int k = Math.max(1, Math.min(6, rows / SERIES.size()));
        int shown = Math.min(SERIES.size(), rows);
        int cols = k == 1 ? Math.max(1, c.width - LABEL) : c.width;
        List<History.Tick> ticks = all.subList(Math.max(0, all.size() - cols), all.size());
        String span = ticks.size() < 2 ? "" : " · last " + DashboardView.clock(
                ticks.getLast().elapsed().minus(ticks.getFirst().elapsed()));
        String title = "over time · " + op.name() + span;
        String legend = " · marks: │stage p/r pause +load e event !warning";
        if (marks && title.length() + legend.length() <= c.width) title += legend;
        c.put(0, 0, title, Ink.PLAIN, com.googlecode.lanterna.SGR.BOLD);
        int y = 1;
        for (int i = 0; i < shown; i++) {
            Series s = SERIES.get(i);
            double[] v = new double[ticks.size()];
            double max = 0, now = Double.NaN;
            for (int t = 0; t < ticks.size(); t++) {
                History.Point p = ticks.get(t).points().get(op.name());
                v[t] = p == null ? Double.NaN : s.value().applyAsDouble(p);
                if (!Double.isNaN(v[t])) max = Math.max(max, v[t]);
            }
            if (v.length > 0) now = v[v.length - 1];
            String label = s.title() + " " + text(now, s) + " max " + text(max, s);
            if (k == 1) {
                c.put(0, y, label, s.ink());
                draw(c.sub(LABEL, y, cols, 1), v, max, s.ink());
                y++;
            } else {
                c.put(0, y, label, s.ink());
                draw(c.sub(0, y + 1, cols, k - 1), v, max, s.ink());
                y += k;
            }
        }
        if (marks) {
            String row = marks(ticks, f.live().events());
            c.put((k == 1 ? LABEL : 0) + Math.max(0, cols - row.length()), c.height - 1, row, Ink.DIM);
        }
    }

    private static String text(double v, Series s) {
        if (Double.isNaN(v)) return "-";
        if (s.latency()) return Format.latency((long) v);
        return s.title().equals("errors") ? String.valueOf((long) v) : Format.rate(v);
    }

    /** Bars for {@code values} (NaN: nothing), scaled so {@code max} fills the canvas's height. */
    static void draw(Canvas c, double[] values, double max, Ink ink) {
        int h = c.height;
        int offset = Math.max(0, c.width - values.length); // newest on the right
        for (int r = 0; r < h; r++) {
            StringBuilder line = new StringBuilder();
            for (double v : values) {
                if (Double.isNaN(v) || max <= 0) {
                    line.append(r == h - 1 && !Double.isNaN(v) ? '▁' : ' ');
                    continue;
                }
                int eighths = (int) Math.round(v / max * h * 8);
                if (eighths == 0 && v > 0) eighths = 1; // anything at all shows
                int fill = Math.max(0, Math.min(8, eighths - (h - 1 - r) * 8));
                line.append(BLOCKS.charAt(fill));
            }
            c.put(offset, r, line.toString(), ink);
        }
    }

    /** One mark per interval column: a stage change, then the most telling event of that interval. */
    static String marks(List<History.Tick> ticks, List<RunEvent> events) {
        char[] row = new char[ticks.size()];
        java.util.Arrays.fill(row, '─');
        for (int t = 1; t < ticks.size(); t++) {
            if (ticks.get(t).stageNumber() != ticks.get(t - 1).stageNumber()) row[t] = '│';
        }
        if (ticks.isEmpty()) return "";
        Duration first = ticks.getFirst().elapsed();
        for (RunEvent e : events) {
            if (e.kind().equals("stage")) continue;
            int t = 0;
            while (t < ticks.size() && ticks.get(t).elapsed().compareTo(e.at()) < 0) t++;
            if (t == ticks.size() || (t == 0 && e.at().compareTo(first) < 0 && ticks.size() > 1
                    && e.at().compareTo(first.minusSeconds(2)) < 0)) {
                continue; // not yet in an interval, or older than the chart
            }
            char mark = switch (e.kind()) {
                case "pause" -> 'p';
                case "resume" -> 'r';
                case "control" -> '+';
                case "event" -> 'e';
                default -> '!';
            };
            if (row[t] != '!') row[t] = mark;
        }
        return new String(row);
    }
}
