package dev.stampede.tui;

import com.googlecode.lanterna.SGR;
import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.graphics.TextGraphics;
import dev.stampede.engine.live.LiveStatus;
import dev.stampede.engine.live.RunState;
import dev.stampede.engine.metrics.IntervalSnapshot;
import dev.stampede.engine.metrics.LatencyStats;
import dev.stampede.engine.metrics.OperationSnapshot;
import dev.stampede.engine.output.Format;
import dev.stampede.engine.plan.Plan;
import dev.stampede.engine.plan.Stage;
import dev.stampede.engine.result.RunHeader;
import dev.stampede.tui.Canvas.Ink;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.ToLongFunction;

/**
 * The dashboard's one screen: a header (scenario, stage n/N and run progress bars, time, target, server
 * connections, state), the operations table, then the selected operation's charts and latency histogram
 * beside (or, below 120 columns, above) the panels, and the keys on the last row; {@code ?} lays the key
 * help over it.
 *
 * <p>A pure function of a {@link Frame}: it reads no clock and keeps no state, so a spec can draw it on a
 * {@code DefaultVirtualTerminal} and read the text back. It uses the whole terminal from 80x24 to
 * 250x70; smaller terminals lose the lower parts first, then columns on the right, and never throw.
 * Stateless and thread-safe, but a {@link TextGraphics} must only be used by one thread at a time.
 */
public final class DashboardView {

    static final String KEYS = "q quit  ↑↓ select  tab panels  c cumul  h histo  p pause  +/- load  ? help";

    static final List<String> HELP = List.of(
            "keys",
            "",
            "q  Ctrl-C  quit: stop the run (the summary is still printed and written)",
            "↑  ↓       select an operation (its charts and histogram are shown)",
            "tab        bring the next panel to the front",
            "c          table: last interval ↔ cumulative since the start",
            "h          histogram: cumulative ↔ last interval",
            "p          pause / resume the load: no new iterations, paused time left out of rates",
            "+  -       the selected operation's group: workers or arrival rate +10% / -10%",
            "?  Esc     close this help");

    private static final String[] TITLES = {"operation", "rate/s", "total", "err", "all err",
            "p50", "p90", "p99", "p99.9", "max"};
    /** Widths of every column but the first (the name column takes what is left, 10 to 24). */
    private static final int[] WIDTHS = {7, 9, 5, 9, 8, 8, 8, 8, 8};
    private static final int FIXED = java.util.Arrays.stream(WIDTHS).sum();
    private static final List<ToLongFunction<LatencyStats>> LATENCIES = List.of(
            LatencyStats::p50, LatencyStats::p90, LatencyStats::p99, LatencyStats::p999, LatencyStats::max);

    private DashboardView() {
    }

    /** Draws the screen of a run with no history and the default view (the first interval's look). */
    public static void render(RunHeader header, IntervalSnapshot snapshot, TextGraphics g, TerminalSize size) {
        History history = snapshot == null ? History.EMPTY : History.EMPTY.add(snapshot);
        LiveStatus live = snapshot == null ? LiveStatus.NONE : snapshot.live();
        render(new Frame(header, snapshot, history, live, ViewState.START, Optional.empty(), false), g, size);
    }

    /** Draws the whole screen. */
    static void render(Frame f, TextGraphics g, TerminalSize size) {
        int width = size.getColumns(), height = size.getRows();
        if (width <= 0 || height <= 0) return;
        Canvas screen = new Canvas(g, f.color(), 0, 0, width, height);
        // the footer owns the last row; content may use the rows above it
        footer(f, screen.sub(0, height - 1, width, 1));
        int rows = height - 1;
        int headerRows = rows >= 12 ? 3 : Math.min(rows, 1);
        header(f, screen.sub(0, 0, width, headerRows));
        int y = headerRows;

        List<OperationSnapshot> ops = f.latest() == null ? List.of() : f.latest().operations();
        int left = rows - y;
        // the table takes what it needs up to 40% of what is left (all of it on a short screen)
        int tableMax = left < 10 ? left : Math.max(3, left * 2 / 5);
        int tableRows = Math.min(tableMax, 1 + Math.max(1, ops.size()));
        table(f, screen.sub(0, y, width, tableRows));
        y += tableRows;
        left = rows - y;
        if (left >= 3) lower(f, screen.sub(0, y, width, left));
        if (f.view().help()) help(screen.sub(0, 0, width, rows));
    }

    // ---- header ----

    private static void header(Frame f, Canvas c) {
        Plan plan = f.header().plan();
        IntervalSnapshot s = f.latest();
        LiveStatus live = f.live();
        List<Stage> stages = plan.stages();
        String stage = s == null ? stages.getFirst().name() : s.stage();
        int n = s == null ? 1 : live.stageNumber();
        int of = stages.size();
        String state = f.stopping().isPresent() && live.state().ordinal() <= RunState.RUNNING.ordinal()
                ? RunState.STOPPING.word()
                : live.state() == RunState.SETTLING ? RunState.SETTLING.word() + " " + clock(live.settleLeft()) : live.state().word();
        String title = "stampede · " + plan.name() + " · stage " + n + "/" + of + " " + stage + " · ";
        c.put(0, 0, title, Ink.PLAIN, SGR.BOLD);
        Ink stateInk = live.state() == RunState.RUNNING && f.stopping().isEmpty() ? Ink.GOOD : Ink.WARNING;
        c.put(title.length(), 0, state, stateInk, SGR.BOLD);
        int x = title.length() + state.length();
        if (live.paused()) {
            String paused = " · PAUSED " + clock(live.pausedTotal());
            c.put(x, 0, paused, Ink.WARNING, SGR.BOLD);
            x += paused.length();
        }
        String help = "? help";
        if (c.width - x > help.length() + 2) c.put(c.width - help.length(), 0, help, Ink.DIM);

        Duration elapsed = s == null ? Duration.ZERO : s.elapsed();
        Duration planned = s == null ? plan.duration() : s.planned();
        Duration remaining = s == null ? planned : s.remaining();
        // a snapshot made outside a run knows no stage clock: the run's stands for it
        Duration stageElapsed = s == null ? Duration.ZERO : live.stageDuration().isZero() ? elapsed : live.stageElapsed();
        Duration stageLength = s == null || live.stageDuration().isZero() ? stages.getFirst().duration() : live.stageDuration();
        int bar = Math.max(4, Math.min(40, (c.width - 56) / 2));
        String progress = "stage " + bar(stageElapsed, stageLength, bar) + " " + clock(stageElapsed) + "/" + clock(stageLength)
                + "  run " + bar(elapsed, planned, bar) + " " + clock(elapsed) + "/" + clock(planned)
                + "  remaining " + clock(remaining);
        c.put(0, 1, progress);

        String target = "target " + f.header().target();
        if (s != null && s.server().isPresent()) {
            target += " · " + s.server().get().describe();
        }
        c.put(0, 2, target);
    }

    /** A progress bar of {@code width} cells: {@code ███░░░}. */
    static String bar(Duration done, Duration of, int width) {
        double part = of.isZero() ? 0 : Math.min(1, Math.max(0, (double) done.toNanos() / of.toNanos()));
        int full = (int) Math.round(part * width);
        return "█".repeat(full) + "░".repeat(width - full);
    }

    /** {@code 0:05}, {@code 12:30}, {@code 1:02:03}: always minutes and seconds, so the line does not jump. */
    static String clock(Duration d) {
        long s = Math.max(0, d.toSeconds());
        if (s < 3600) return String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
        return String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, (s / 60) % 60, s % 60);
    }

    // ---- operations table ----

    private static void table(Frame f, Canvas c) {
        IntervalSnapshot s = f.latest();
        List<OperationSnapshot> ops = s == null ? List.of() : s.operations();
        boolean scrolls = ops.size() > c.height - 1;
        // when the table scrolls, the names give up room for "4-10 of 12" at the end of the title row
        int nameWidth = Math.max(10, Math.min(24, c.width - FIXED - (scrolls ? 12 : 0)));
        List<String> titles = new ArrayList<>(List.of(TITLES));
        titles.set(0, f.view().cumulative() ? "cumulative" : "interval");
        cells(c, 0, nameWidth, titles, null, f.view().cumulative(), Ink.ACCENT, SGR.BOLD);
        if (s == null) {
            c.put(0, 1, "waiting for the first interval …");
            return;
        }
        int visible = c.height - 1;
        int selected = Math.min(f.view().selected(), Math.max(0, ops.size() - 1));
        int first = Math.max(0, Math.min(selected - visible + 1, ops.size() - visible));
        first = Math.max(0, first);
        for (int i = 0; i < visible && first + i < ops.size(); i++) {
            OperationSnapshot o = ops.get(first + i);
            boolean chosen = first + i == selected;
            List<String> row = f.view().cumulative() ? cumulativeCells(o, s, f.live()) : intervalCells(o);
            if (chosen) {
                c.line(1 + i, "", Ink.PLAIN, SGR.REVERSE);
                cells(c, 1 + i, nameWidth, row, o, f.view().cumulative(), Ink.PLAIN, SGR.REVERSE);
            } else {
                cells(c, 1 + i, nameWidth, row, o, f.view().cumulative(), Ink.PLAIN);
            }
        }
        if (ops.size() > visible) {
            String more = " " + (first + 1) + "-" + Math.min(ops.size(), first + visible) + " of " + ops.size() + " ";
            int x = nameWidth + FIXED;
            if (c.width - x >= more.length()) c.put(x, 0, more, Ink.DIM);
        }
    }

    private static List<String> intervalCells(OperationSnapshot o) {
        List<String> cells = new ArrayList<>(List.of(o.name(), Format.rate(o.ratePerSecond()),
                Long.toString(o.totalCount()), Long.toString(o.errors()), Long.toString(o.totalErrors())));
        for (ToLongFunction<LatencyStats> at : LATENCIES) {
            // an interval without a success has no latencies; zeros would read as "instant"
            cells.add(o.count() == 0 ? "-" : Format.latency(at.applyAsLong(o.latency())));
        }
        return cells;
    }

    private static List<String> cumulativeCells(OperationSnapshot o, IntervalSnapshot s, LiveStatus live) {
        double seconds = Math.max(1e-9, s.elapsed().minus(live.pausedTotal()).toNanos() / 1e9);
        List<String> cells = new ArrayList<>(List.of(o.name(), Format.rate(o.totalCount() / seconds),
                Long.toString(o.totalCount()), Long.toString(o.totalErrors()), Long.toString(o.totalErrors())));
        for (ToLongFunction<LatencyStats> at : LATENCIES) {
            cells.add(o.totalCount() == 0 ? "-" : Format.latency(at.applyAsLong(o.totalLatency())));
        }
        return cells;
    }

    private static void cells(Canvas c, int row, int nameWidth, List<String> cells, OperationSnapshot op,
                              boolean cumulative, Ink ink, SGR... style) {
        String name = cells.getFirst();
        if (name.length() > nameWidth - (op == null ? 0 : 1)) name = name.substring(0, nameWidth - 2) + "…";
        c.put(0, row, name, ink, style);
        int x = nameWidth;
        for (int i = 1; i < cells.size(); i++) {
            int width = WIDTHS[i - 1];
            String text = " ".repeat(Math.max(0, width - cells.get(i).length())) + cells.get(i);
            boolean failing = op != null && ((i == 3 && (cumulative ? op.totalErrors() : op.errors()) > 0)
                    || (i == 4 && op.totalErrors() > 0));
            c.put(x, row, text, failing ? Ink.ERROR : ink, style);
            x += Math.max(width, text.length());
        }
    }

    // ---- lower part: charts, histogram, panels ----

    private static void lower(Frame f, Canvas c) {
        OperationSnapshot op = selected(f);
        if (c.width >= 120) {
            int leftWidth = c.width * 11 / 20;
            Canvas left = c.sub(0, 0, leftWidth, c.height);
            for (int r = 0; r < c.height; r++) c.put(leftWidth, r, "│", Ink.DIM);
            Canvas right = c.sub(leftWidth + 2, 0, c.width - leftWidth - 2, c.height);
            int chartRows = Math.max(3, Math.min(2 + 3 * 6, left.height * 11 / 20));
            Charts.render(f, op, left.sub(0, 0, left.width, chartRows));
            HistogramView.render(f, op, left.sub(0, chartRows, left.width, left.height - chartRows));
            Panels.render(f, right);
        } else {
            int chartRows = c.height >= 18 ? 6 : Math.min(c.height, 4);
            int histRows = c.height >= 14 ? Math.min(10, (c.height - chartRows) / 2) : 0;
            Charts.render(f, op, c.sub(0, 0, c.width, chartRows));
            HistogramView.render(f, op, c.sub(0, chartRows, c.width, histRows));
            Panels.render(f, c.sub(0, chartRows + histRows, c.width, c.height - chartRows - histRows));
        }
    }

    /** The selected operation, or null before the first interval. */
    static OperationSnapshot selected(Frame f) {
        if (f.latest() == null || f.latest().operations().isEmpty()) return null;
        List<OperationSnapshot> ops = f.latest().operations();
        return ops.get(Math.min(f.view().selected(), ops.size() - 1));
    }

    // ---- footer and help ----

    private static void footer(Frame f, Canvas c) {
        if (f.stopping().isPresent()) {
            c.put(0, 0, "stopping: " + f.stopping().get(), Ink.WARNING);
        } else if (f.live().paused()) {
            String paused = "PAUSED — p resumes · ";
            c.put(0, 0, paused, Ink.WARNING, SGR.BOLD);
            c.put(paused.length(), 0, KEYS);
        } else {
            c.put(0, 0, KEYS);
        }
    }

    private static void help(Canvas c) {
        int w = HELP.stream().mapToInt(String::length).max().orElse(0) + 4;
        int h = HELP.size() + 2;
        Canvas box = c.sub(Math.max(0, (c.width - w) / 2), Math.max(0, (c.height - h) / 2), w, h);
        box.clear();
        box.put(0, 0, "┌" + "─".repeat(Math.max(0, w - 2)) + "┐");
        for (int i = 0; i < HELP.size(); i++) {
            box.put(0, i + 1, "│ " + HELP.get(i) + " ".repeat(Math.max(0, w - 4 - HELP.get(i).length())) + " │",
                    i == 0 ? Ink.ACCENT : Ink.PLAIN);
        }
        box.put(0, h - 1, "└" + "─".repeat(Math.max(0, w - 2)) + "┘");
    }
}
