package dev.stampede.cli;

import dev.stampede.engine.plan.Plan;
import dev.stampede.engine.plan.TimedEvent;
import dev.stampede.report.HtmlReport;

import java.io.PrintStream;
import java.net.InetAddress;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * What a run adds to its result folder besides the engine's figures: the {@code environment} and
 * {@code events} fields of {@code summary.json} (read by the report's header and markers), and the
 * report itself ({@code report.html}, {@code histogram.png}, {@code sweep.png}), written after
 * {@code summary.json} from the folder's files. Stateless.
 */
final class RunRecord {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(RunRecord.class);

    private RunRecord() {
    }

    /** The server's version as it reports it, or {@code unknown}. */
    static String serverVersion(Callable<Connection> open) {
        try (Connection c = open.call(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SHOW server_version")) {
            return rs.next() ? rs.getString(1) : "unknown";
        } catch (Exception e) {
            log.debug("cannot read server_version: {}", e.getMessage());
            return "unknown";
        }
    }

    /** {@code summary.json}'s extra fields: {@code environment} and {@code events}. */
    static Map<String, Object> fields(Plan plan, String serverVersion, Duration elapsed) {
        Map<String, Object> env = new LinkedHashMap<>();
        env.put("stampedeVersion", Main.version());
        env.put("serverVersion", serverVersion);
        env.put("clientHost", hostName());
        env.put("jdk", System.getProperty("java.vm.vendor", "?") + " " + Runtime.version());
        env.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch")
                + ", " + Runtime.getRuntime().availableProcessors() + " cores");
        List<Map<String, Object>> events = new ArrayList<>();
        for (TimedEvent e : plan.events()) {
            if (e.at().compareTo(elapsed) <= 0) events.add(Map.of("name", e.name(), "atSeconds", e.at().toMillis() / 1000.0));
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("environment", env);
        out.put("events", events);
        return out;
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            return System.getenv().getOrDefault("HOSTNAME", "unknown");
        }
    }

    /**
     * Writes the report into the folder; a failure is one line and logged, never the run's exit code.
     * Drawn on a daemon thread given {@code limit}: a chart that cannot be laid out must not hold the
     * run's exit hostage.
     */
    static void writeReport(Path dir, PrintStream out, Duration limit) {
        java.util.concurrent.atomic.AtomicReference<Throwable> failure = new java.util.concurrent.atomic.AtomicReference<>();
        Thread t = Thread.ofPlatform().daemon().name("stampede-report").start(() -> {
            try {
                HtmlReport.write(dir);
            } catch (RuntimeException | Error e) {
                failure.set(e);
            }
        });
        try {
            if (!t.join(limit)) {
                log.warn("the report took more than {}; given up", limit);
                out.println("report: not written (took more than " + limit.toSeconds() + " s; `stampede report " + dir + "` tries again)");
                return;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            out.println("report: not written (interrupted)");
            return;
        }
        if (failure.get() != null) {
            log.warn("cannot write the report", failure.get());
            out.println("report: not written (" + failure.get() + "; details in stampede.log)");
        } else {
            out.println("report: " + dir.resolve("report.html"));
        }
    }
}
