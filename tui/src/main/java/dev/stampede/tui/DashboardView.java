package dev.stampede.tui;

import com.googlecode.lanterna.SGR;
import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.TextColor;
import com.googlecode.lanterna.graphics.TextGraphics;
import dev.stampede.engine.metrics.ErrorKinds;
import dev.stampede.engine.metrics.IntervalSnapshot;
import dev.stampede.engine.metrics.LatencyStats;
import dev.stampede.engine.metrics.OperationSnapshot;
import dev.stampede.engine.output.Format;
import dev.stampede.engine.plan.Plan;
import dev.stampede.engine.plan.Stage;
import dev.stampede.engine.run.RunHeader;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ToLongFunction;
import java.util.stream.Collectors;

/**
 * The dashboard's one screen, drawn from a run header and the latest interval snapshot: title,
 * target, elapsed/remaining time and server connections, then one table row per operation, then the
 * key help on the last line.
 *
 * <p>A pure function of its arguments: it reads no clock and keeps no state, so a spec can draw it on a
 * {@code DefaultVirtualTerminal} and read the text back. Everything is clipped to {@code size}; a
 * terminal too small for the table loses columns on the right and rows at the bottom, never throws.
 * Stateless and thread-safe, but a {@link TextGraphics} must only be used by one thread at a time.
 */
public final class DashboardView {

    static final String KEYS = "q quit";

    private static final int MAX_NAME = 20;
    private static final String[] TITLES = {"operation", "rate/s", "total", "err", "err total",
            "p50", "p90", "p99", "p99.9", "max"};
    /** Widths of every column but the first (the name column fits the longest name). */
    private static final int[] WIDTHS = {7, 9, 5, 10, 8, 8, 8, 8, 8};
    private static final List<ToLongFunction<LatencyStats>> LATENCIES = List.of(
            LatencyStats::p50, LatencyStats::p90, LatencyStats::p99, LatencyStats::p999, LatencyStats::max);

    private DashboardView() {
    }

    /**
     * Draws the whole screen. {@code snapshot} is null before the first interval has ended.
     */
    public static void render(RunHeader header, IntervalSnapshot snapshot, TextGraphics g, TerminalSize size) {
        render(header, snapshot, KEYS, g, size);
    }

    /** As {@link #render(RunHeader, IntervalSnapshot, TextGraphics, TerminalSize)} with another footer. */
    static void render(RunHeader header, IntervalSnapshot snapshot, String footer, TextGraphics g, TerminalSize size) {
        // the footer owns the last row; content may use the rows above it
        int contentRows = size.getRows() - 1;
        Plan plan = header.plan();
        int row = 0;
        put(g, size, contentRows, 0, row++, title(plan, snapshot), SGR.BOLD);
        put(g, size, contentRows, 0, row++, "target " + header.target(), null);
        put(g, size, contentRows, 0, row++, progress(plan, snapshot), null);
        row++;

        List<OperationSnapshot> ops = snapshot == null ? List.of() : snapshot.operations();
        int nameWidth = Math.min(MAX_NAME, Math.max(TITLES[0].length(),
                ops.stream().mapToInt(o -> o.name().length()).max().orElse(0)));
        putRow(g, size, contentRows, row++, nameWidth, List.of(TITLES), null, SGR.BOLD);
        if (snapshot == null) {
            put(g, size, contentRows, 0, row++, "waiting for the first interval …", null);
        }
        for (OperationSnapshot o : ops) {
            putRow(g, size, contentRows, row++, nameWidth, cells(o), o, null);
        }
        row++;
        for (OperationSnapshot o : ops) {
            if (o.totalErrors() > 0 && !o.errorsByKind().isEmpty()) {
                put(g, size, contentRows, 0, row++, o.name() + " errors: " + o.errorsByKind().entrySet().stream()
                        .map(e -> ErrorKinds.shortName(e.getKey()) + " " + e.getValue())
                        .collect(Collectors.joining(", ")), null);
            }
        }
        for (OperationSnapshot o : ops) {
            if (o.rows() > 0 && o.ratePerSecond() > 0) {
                double secs = o.count() / o.ratePerSecond();
                put(g, size, contentRows, 0, row++, String.format(Locale.ROOT, "%s writes: %s rows/s  %.2f MB/s",
                        o.name(), Format.rate(o.rows() / secs), o.bytes() / secs / 1e6), null);
            }
            if (o.service().count() > 0) {
                put(g, size, contentRows, 0, row++, String.format(Locale.ROOT,
                        "%s service time (from actual start): p50 %s  p99 %s  max %s", o.name(),
                        Format.latency(o.service().p50()), Format.latency(o.service().p99()),
                        Format.latency(o.service().max())), null);
            }
        }
        if (snapshot != null) {
            for (String line : snapshot.status()) put(g, size, contentRows, 0, row++, line, null);
            for (var p : snapshot.pools()) {
                put(g, size, contentRows, 0, row++, String.format(Locale.ROOT, "pool %s: %d in use, %d idle, %d waiting",
                        p.name(), p.active(), p.idle(), p.waiting()), null);
            }
        }
        if (size.getRows() > 0) put(g, size, size.getRows(), 0, size.getRows() - 1, footer, null);
    }

    private static String title(Plan plan, IntervalSnapshot snapshot) {
        List<Stage> stages = plan.stages();
        String stage = snapshot == null ? stages.getFirst().name() : snapshot.stage();
        String title = "stampede · scenario '" + plan.name() + "' · stage " + stage;
        if (stages.size() > 1) {
            int at = stages.stream().map(Stage::name).toList().indexOf(stage);
            if (at >= 0) title += " (" + (at + 1) + "/" + stages.size() + ")";
        }
        return title;
    }

    private static String progress(Plan plan, IntervalSnapshot snapshot) {
        Duration elapsed = snapshot == null ? Duration.ZERO : snapshot.elapsed();
        Duration planned = snapshot == null ? plan.duration() : snapshot.planned();
        Duration remaining = snapshot == null ? planned : snapshot.remaining();
        String line = "elapsed " + clock(elapsed) + " / " + clock(planned) + "  remaining " + clock(remaining);
        if (snapshot != null && snapshot.server().isPresent()) {
            line += "  " + snapshot.server().get().describe();
        }
        return line;
    }

    /** {@code 0:05}, {@code 12:30}, {@code 1:02:03}: always minutes and seconds, so the line does not jump. */
    static String clock(Duration d) {
        long s = Math.max(0, d.toSeconds());
        if (s < 3600) return String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
        return String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, (s / 60) % 60, s % 60);
    }

    private static List<String> cells(OperationSnapshot o) {
        List<String> cells = new ArrayList<>(List.of(o.name(), Format.rate(o.ratePerSecond()),
                Long.toString(o.totalCount()), Long.toString(o.errors()), Long.toString(o.totalErrors())));
        for (ToLongFunction<LatencyStats> at : LATENCIES) {
            // an interval without a success has no latencies; zeros would read as "instant"
            cells.add(o.count() == 0 ? "-" : Format.latency(at.applyAsLong(o.latency())));
        }
        return cells;
    }

    private static void putRow(TextGraphics g, TerminalSize size, int rows, int row, int nameWidth,
                               List<String> cells, OperationSnapshot op, SGR style) {
        String name = cells.getFirst();
        if (name.length() > nameWidth) name = name.substring(0, nameWidth - 1) + "…";
        put(g, size, rows, 0, row, name, style);
        int x = nameWidth;
        for (int i = 1; i < cells.size(); i++) {
            int width = WIDTHS[i - 1];
            String text = " ".repeat(Math.max(0, width - cells.get(i).length())) + cells.get(i);
            boolean failing = op != null && ((i == 3 && op.errors() > 0) || (i == 4 && op.totalErrors() > 0));
            if (failing) g.setForegroundColor(TextColor.ANSI.RED);
            put(g, size, rows, x, row, text, style);
            if (failing) g.setForegroundColor(TextColor.ANSI.DEFAULT);
            x += Math.max(width, text.length());
        }
    }

    /** Puts {@code text} at ({@code x}, {@code y}), cut at the right edge; nothing at or below row {@code rows}. */
    private static void put(TextGraphics g, TerminalSize size, int rows, int x, int y, String text, SGR style) {
        if (y < 0 || y >= rows || y >= size.getRows() || x >= size.getColumns()) return;
        String visible = text.length() > size.getColumns() - x ? text.substring(0, size.getColumns() - x) : text;
        if (style == null) {
            g.putString(x, y, visible);
        } else {
            g.putString(x, y, visible, style);
        }
    }
}
