package dev.stampede.engine.metrics;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Map;

/**
 * Names a failure the way a user searches for it: the SQLSTATE when the server sent one, otherwise the
 * kind of network failure ({@code refused}, {@code timeout}, {@code reset}, {@code too_many_open_files} …).
 *
 * <p>pgjdbc reports every network failure with a generic SQLSTATE (08001/08006); the cause chain tells
 * the real story, so it is read first. Stateless; thread-safe.
 */
public final class ErrorKinds {

    public static final String REFUSED = "refused";
    public static final String TIMEOUT = "timeout";
    public static final String RESET = "reset";
    public static final String TOO_MANY_OPEN_FILES = "too_many_open_files";
    public static final String UNKNOWN_HOST = "unknown_host";
    public static final String TOO_MANY_CONNECTIONS = "53300";

    private static final Map<String, String> NAMES = Map.ofEntries(
            Map.entry("53300", "too_many_connections"),
            Map.entry("53200", "out_of_memory"),
            Map.entry("53100", "disk_full"),
            Map.entry("57P01", "admin_shutdown"),
            Map.entry("57P02", "crash_shutdown"),
            Map.entry("57P03", "cannot_connect_now"),
            Map.entry("57014", "query_canceled"),
            Map.entry("08000", "connection_exception"),
            Map.entry("08001", "unable_to_connect"),
            Map.entry("08003", "connection_does_not_exist"),
            Map.entry("08006", "connection_failure"),
            Map.entry("08P01", "protocol_violation"),
            Map.entry("28P01", "invalid_password"),
            Map.entry("28000", "invalid_authorization"),
            Map.entry("3D000", "invalid_catalog_name"),
            Map.entry("40001", "serialization_failure"),
            Map.entry("40P01", "deadlock_detected"),
            Map.entry("25006", "read_only_sql_transaction"),
            Map.entry("23505", "unique_violation"),
            Map.entry("23502", "not_null_violation"),
            Map.entry("23503", "foreign_key_violation"),
            Map.entry("22012", "division_by_zero"),
            Map.entry("22P02", "invalid_text_representation"),
            Map.entry("25P02", "in_failed_sql_transaction"),
            Map.entry("42501", "insufficient_privilege"),
            Map.entry("42883", "undefined_function"),
            Map.entry("55P03", "lock_not_available"),
            Map.entry("42P01", "undefined_table"),
            Map.entry("42601", "syntax_error"),
            Map.entry("42703", "undefined_column"));

    /** A failure that names its own kind (a protocol's own failures: {@code unexpected_reply}, {@code closed} …). */
    public interface Classified {
        String kind();
    }

    private ErrorKinds() {
    }

    /** The SQLSTATE or kind of {@code t}. */
    public static String classify(Throwable t) {
        if (t instanceof Classified k) return k.kind();
        for (Throwable c = t; c != null; c = c.getCause()) {
            String msg = c.getMessage() == null ? "" : c.getMessage().toLowerCase(Locale.ROOT);
            if (msg.contains("too many open files")) return TOO_MANY_OPEN_FILES;
            if (c instanceof ConnectException) return REFUSED;
            if (c instanceof SocketTimeoutException) return TIMEOUT;
            if (c instanceof UnknownHostException) return UNKNOWN_HOST;
            if (c instanceof NoRouteToHostException) return "no_route";
            if (c instanceof SocketException && (msg.contains("reset") || msg.contains("broken pipe"))) return RESET;
        }
        if (t instanceof SQLException e && e.getSQLState() != null && !e.getSQLState().isBlank()) {
            return e.getSQLState();
        }
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof java.io.EOFException) return RESET;
        }
        return t.getClass().getSimpleName();
    }

    /**
     * One line saying what a failure was: the driver's or server's message for SQL failures, the
     * exception and its message otherwise; at most 200 characters.
     */
    public static String sample(Throwable t) {
        String text = t instanceof java.sql.SQLException && t.getMessage() != null ? t.getMessage() : t.toString();
        text = text.strip().lines().findFirst().orElse("").strip();
        return text.length() <= 200 ? text : text.substring(0, 199) + "…";
    }

    /** {@code 53300 too_many_connections} for known SQLSTATEs, the kind itself otherwise. */
    public static String describe(String kind) {
        String name = NAMES.get(kind);
        return name == null ? kind : kind + " " + name;
    }

    /** The short human name: {@code too_many_connections} for 53300, the kind itself otherwise. */
    public static String shortName(String kind) {
        return NAMES.getOrDefault(kind, kind);
    }

    /** True for failures that mean a limit is exhausted and the worker should back off longer. */
    public static boolean isExhaustion(String kind) {
        return kind.equals(TOO_MANY_CONNECTIONS) || kind.equals(TOO_MANY_OPEN_FILES) || kind.equals("53200");
    }
}
