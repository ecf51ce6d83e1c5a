package dev.stampede.tui;

import com.googlecode.lanterna.SGR;
import dev.stampede.engine.live.LiveStatus;
import dev.stampede.engine.live.RunEvent;
import dev.stampede.engine.metrics.ErrorKinds;
import dev.stampede.engine.metrics.HostState;
import dev.stampede.engine.metrics.IntervalSnapshot;
import dev.stampede.engine.metrics.OperationSnapshot;
import dev.stampede.engine.metrics.PoolStatus;
import dev.stampede.engine.output.Format;
import dev.stampede.engine.plan.ThresholdResult;
import dev.stampede.tui.Canvas.Ink;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The panels under or beside the charts: errors (by kind and SQLSTATE name, count, first message with
 * the scenario line for user code), events, thresholds live (each {@code expect} line, its value so far,
 * pass/fail), findings (hold progress, writes, pools, each group's live level, paused time) and the
 * target's own (server connections; one row per host of a multi-host target: role, state, lag, connections
 * in use). {@code tab} brings the next one to the front: panels are drawn from
 * the front one on, as many as fit, the front one first. Stateless.
 */
final class Panels {

    static final List<String> NAMES = List.of("errors", "events", "thresholds", "findings", "target");

    /** One line of a panel. */
    record Line(String text, Ink ink) {
        static Line plain(String text) {
            return new Line(text, Ink.PLAIN);
        }
    }

    private Panels() {
    }

    static void render(Frame f, Canvas c) {
        int front = Math.floorMod(f.view().panel(), NAMES.size());
        int y = 0;
        for (int i = 0; i < NAMES.size() && c.height - y >= 2; i++) {
            int which = (front + i) % NAMES.size();
            List<Line> lines = lines(NAMES.get(which), f);
            int room = c.height - y - 1;
            int show = Math.min(lines.size(), room);
            String title = "─ " + NAMES.get(which) + " ";
            boolean more = show < lines.size();
            if (more) show = Math.max(0, room - 1);
            c.put(0, y, title + "─".repeat(Math.max(0, c.width - title.length())), i == 0 ? Ink.ACCENT : Ink.DIM,
                    i == 0 ? new SGR[]{SGR.BOLD} : new SGR[0]);
            // errors come last so that the newest events, which matter most, are the ones shown
            List<Line> visible = NAMES.get(which).equals("events") ? lines.subList(lines.size() - show, lines.size())
                    : lines.subList(0, show);
            for (int l = 0; l < visible.size(); l++) c.put(1, y + 1 + l, visible.get(l).text(), visible.get(l).ink());
            if (more && room >= 1) c.put(1, y + 1 + show, "… " + (lines.size() - show) + " more (tab: this panel first)", Ink.DIM);
            y += 1 + show + (more ? 1 : 0);
        }
    }

    static List<Line> lines(String panel, Frame f) {
        IntervalSnapshot s = f.latest();
        LiveStatus live = f.live();
        return switch (panel) {
            case "errors" -> errors(s, live);
            case "events" -> events(live);
            case "thresholds" -> thresholds(f, live);
            case "findings" -> findings(s, live);
            default -> target(f, s);
        };
    }

    private static List<Line> errors(IntervalSnapshot s, LiveStatus live) {
        List<Line> out = new ArrayList<>();
        if (s != null) {
            for (OperationSnapshot o : s.operations()) {
                for (Map.Entry<String, Long> e : o.errorsByKind().entrySet()) {
                    String kind = e.getKey();
                    String name = ErrorKinds.shortName(kind);
                    if (!name.equals(kind)) name += " " + kind;
                    out.add(new Line(String.format(Locale.ROOT, "%7d  %s · %s", e.getValue(), name, o.name()), Ink.ERROR));
                    String sample = live.errorSamples().get(kind);
                    if (sample != null) out.add(new Line("         " + sample, Ink.PLAIN));
                }
            }
        }
        if (out.isEmpty()) out.add(new Line("no errors", Ink.GOOD));
        return out;
    }

    private static List<Line> events(LiveStatus live) {
        List<Line> out = new ArrayList<>();
        for (RunEvent e : live.events()) {
            Ink ink = switch (e.kind()) {
                case "warning" -> Ink.WARNING;
                case "abort" -> Ink.ERROR;
                case "pause", "resume", "control" -> Ink.ACCENT;
                default -> Ink.PLAIN;
            };
            out.add(new Line(String.format(Locale.ROOT, "%6s %-8s %s", DashboardView.clock(e.at()), e.kind(), e.text()), ink));
        }
        if (out.isEmpty()) out.add(new Line("no events yet", Ink.DIM));
        return out;
    }

    private static List<Line> thresholds(Frame f, LiveStatus live) {
        List<Line> out = new ArrayList<>();
        int width = live.thresholds().stream().mapToInt(t -> t.threshold().expression().length()).max().orElse(0);
        for (ThresholdResult t : live.thresholds()) {
            boolean none = Double.isNaN(t.actual());
            String value = none ? "no data yet" : "now " + number(t.actual(), t);
            String verdict = none ? "" : t.passed() ? "pass" : "FAIL";
            out.add(new Line(String.format(Locale.ROOT, "%-" + width + "s  %-18s %s", t.threshold().expression(), value, verdict),
                    none ? Ink.DIM : t.passed() ? Ink.GOOD : Ink.ERROR));
        }
        if (out.isEmpty()) {
            out.add(new Line(f.header().plan().thresholds().isEmpty() ? "no expect block" : "waiting for the first interval",
                    Ink.DIM));
        }
        return out;
    }

    private static String number(double v, ThresholdResult t) {
        if (t.threshold().metric().isDuration()) return String.format(Locale.ROOT, "%.2fms", v);
        return switch (t.threshold().metric()) {
            case ERROR_RATE -> String.format(Locale.ROOT, "%.3f%%", v * 100);
            case RATE -> Format.rate(v) + "/s";
            default -> String.valueOf((long) v);
        };
    }

    private static List<Line> findings(IntervalSnapshot s, LiveStatus live) {
        List<Line> out = new ArrayList<>();
        live.levels().forEach((group, level) -> out.add(Line.plain("group " + group + ": " + level)));
        if (s != null) {
            for (String line : s.status()) out.add(Line.plain(line));
            for (OperationSnapshot o : s.operations()) {
                if (o.rows() > 0 && o.ratePerSecond() > 0) {
                    double secs = o.count() / o.ratePerSecond();
                    out.add(Line.plain(String.format(Locale.ROOT, "%s writes: %s rows/s  %.2f MB/s",
                            o.name(), Format.rate(o.rows() / secs), o.bytes() / secs / 1e6)));
                }
                if (o.service().count() > 0) {
                    out.add(Line.plain(String.format(Locale.ROOT, "%s service time: p50 %s  p99 %s  max %s", o.name(),
                            Format.latency(o.service().p50()), Format.latency(o.service().p99()),
                            Format.latency(o.service().max()))));
                }
            }
            for (PoolStatus p : s.pools()) {
                out.add(new Line(String.format(Locale.ROOT, "pool %s: %d in use, %d idle, %d waiting", p.name(),
                        p.active(), p.idle(), p.waiting()), p.waiting() > 0 ? Ink.WARNING : Ink.PLAIN));
            }
        }
        if (!live.pausedTotal().isZero()) {
            out.add(new Line("paused " + DashboardView.clock(live.pausedTotal()) + " in all (left out of rates)", Ink.WARNING));
        }
        if (out.isEmpty()) out.add(new Line("nothing yet", Ink.DIM));
        return out;
    }

    private static List<Line> target(Frame f, IntervalSnapshot s) {
        List<Line> out = new ArrayList<>();
        out.add(Line.plain(f.header().target()));
        if (s != null && s.server().isPresent()) {
            var v = s.server().get();
            double used = v.maxConnections() == 0 ? 0 : (double) v.connections() / v.maxConnections();
            out.add(new Line(String.format(Locale.ROOT, "server connections %d/%d %s %.0f%%  (%d reserved)",
                    v.connections(), v.maxConnections(),
                    DashboardView.bar(java.time.Duration.ofMillis(v.connections()), java.time.Duration.ofMillis(v.maxConnections()), 20),
                    used * 100, v.reserved()), used > 0.9 ? Ink.ERROR : used > 0.75 ? Ink.WARNING : Ink.PLAIN));
        } else {
            out.add(new Line("server connections: not read", Ink.DIM));
        }
        if (s != null) {
            int width = s.hosts().stream().mapToInt(h -> h.host().length()).max().orElse(0);
            for (HostState h : s.hosts()) {
                String text = String.format(Locale.ROOT, "%-" + width + "s  %-7s %-4s", h.host(), h.role(), h.state());
                if (h.inUse() >= 0) text += String.format(Locale.ROOT, " %d conns", h.inUse());
                String figures = dev.stampede.engine.output.LinePrinter.figures(h);
                if (!figures.isEmpty()) text += "  " + figures;
                if (!h.lag().isEmpty()) text += "  " + h.lag();
                out.add(new Line(text.stripTrailing(), !h.up() ? Ink.ERROR : h.primary() ? Ink.GOOD
                        : h.replica() ? Ink.PLAIN : Ink.WARNING));
            }
        }
        return out;
    }
}
