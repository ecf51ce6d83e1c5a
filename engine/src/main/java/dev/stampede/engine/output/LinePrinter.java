package dev.stampede.engine.output;

import dev.stampede.engine.metrics.ErrorKinds;
import dev.stampede.engine.metrics.IntervalSnapshot;
import dev.stampede.engine.metrics.OperationSnapshot;
import dev.stampede.engine.result.RunHeader;

import java.io.PrintStream;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * One plain line per interval, pgbench {@code -P} style, for CI logs and pipes:
 * {@code [  5s] connect 812.4/s  total 4012  err 0  p50 1.10ms p99 3.20ms  max 9.80ms | server conns 50/500}.
 *
 * <p>With several operations the line would grow past any terminal's width; past {@link #WIDTH} characters
 * the interval is wrapped per operation instead: the first line carries the time and the run-level
 * figures, then one indented line per operation, so every line stays readable and greppable.
 *
 * <p>Used when stdout is not a terminal or with {@code --no-tui}. Called only from the ticker thread.
 */
public final class LinePrinter implements Output {

    /** The widest single line; longer intervals are wrapped per operation. */
    public static final int WIDTH = 160;

    private final PrintStream out;

    public LinePrinter(PrintStream out) {
        this.out = out;
    }

    @Override
    public void start(RunHeader header) {
        // the header itself is printed by the caller, before the target is started
    }

    @Override
    public void interval(IntervalSnapshot s) {
        out.println(line(s));
        out.flush();
    }

    /** The line for one snapshot, or its lines joined by newlines when wrapped (exposed for specs). */
    public static String line(IntervalSnapshot s) {
        String prefix = String.format(Locale.ROOT, "[%5s]", Format.clock(s.elapsed()));
        java.util.List<String> ops = s.operations().stream().map(LinePrinter::operation).toList();
        String server = s.server().map(v -> " | " + v.describe()).orElse("");
        String pools = s.pools().stream().map(p -> " | pool " + p.name() + " " + p.active() + " in use " + p.idle()
                + " idle " + p.waiting() + " waiting").collect(Collectors.joining());
        String status = s.status().stream().map(l -> " | " + l).collect(Collectors.joining());
        String paused = s.live().paused() ? " | PAUSED" : "";
        String hosts = hosts(s.hosts());
        String one = prefix + " " + String.join(" | ", ops) + server + pools + status + paused + hosts;
        if (one.length() <= WIDTH || ops.size() < 2) return one;
        StringBuilder wrapped = new StringBuilder(prefix).append(' ').append(ops.size()).append(" operations")
                .append(server).append(pools).append(status).append(paused).append(hosts);
        String indent = " ".repeat(prefix.length() + 1);
        for (String op : ops) wrapped.append(System.lineSeparator()).append(indent).append(op);
        return wrapped.toString();
    }

    /**
     * {@code  | hosts 127.0.0.1:5432 primary 812/s p99 3.20ms, 127.0.0.1:5433 replica lag 0B 640/s p99 1.10ms},
     * or empty for one host: each host's role, lag, and the blocks it served in the interval.
     */
    static String hosts(java.util.List<dev.stampede.engine.metrics.HostState> hosts) {
        if (hosts.isEmpty()) return "";
        return hosts.stream().map(h -> h.host() + " " + (h.up() ? h.role() : "DOWN")
                        + (h.lag().isEmpty() ? "" : " " + h.lag()) + (figures(h).isEmpty() ? "" : " " + figures(h)))
                .collect(Collectors.joining(", ", " | hosts ", ""));
    }

    /** The blocks a host served in the interval, {@code 812.0/s p99 3.20ms}, or empty when not counted or none ran. */
    public static String figures(dev.stampede.engine.metrics.HostState h) {
        if (Double.isNaN(h.rate()) || h.p99Nanos() < 0) return "";
        return Format.rate(h.rate()) + "/s p99 " + Format.latency(h.p99Nanos());
    }

    private static String operation(OperationSnapshot o) {
        StringBuilder sb = new StringBuilder();
        sb.append(o.name()).append(' ').append(Format.rate(o.ratePerSecond())).append("/s")
                .append("  total ").append(o.totalCount())
                .append("  err ").append(o.errors());
        if (o.inFlight() > 0) sb.append("  in flight ").append(o.inFlight());
        if (o.errors() > 0 && !o.errorsByKind().isEmpty()) {
            sb.append(" (").append(o.errorsByKind().entrySet().stream()
                    .map(e -> ErrorKinds.shortName(e.getKey()) + " " + e.getValue())
                    .collect(Collectors.joining(", "))).append(" total)");
        }
        if (o.rows() > 0) {
            double secs = Math.max(1e-9, o.count() / Math.max(1e-9, o.ratePerSecond()));
            sb.append(String.format(Locale.ROOT, "  rows %s/s %.2fMB/s", Format.rate(o.rows() / secs),
                    o.bytes() / secs / 1_000_000.0));
        }
        if (o.count() > 0) {
            sb.append("  p50 ").append(Format.latency(o.latency().p50()))
                    .append(" p99 ").append(Format.latency(o.latency().p99()))
                    .append("  max ").append(Format.latency(o.latency().max()));
        }
        return sb.toString();
    }
}
