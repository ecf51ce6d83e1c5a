package dev.stampede.engine.postgres;

import dev.stampede.engine.config.Settings;

import java.sql.Connection;
import java.sql.Driver;
import java.sql.SQLException;
import java.util.Properties;

/**
 * Opens raw pgjdbc connections to a resolved target, bypassing {@code DriverManager}'s global lookup.
 *
 * <p>Raw connections, not a pool: churn and hold measure exactly the connection lifecycle a pool hides.
 * Thread-safe: any number of workers may call {@link #open()} at once.
 */
public final class PostgresTarget {

    private final ConnectionInfo info;
    private final Driver driver = new org.postgresql.Driver();
    private final String url;
    private final Properties properties;
    private final java.time.Duration connectTimeout;
    private volatile boolean lean;

    public PostgresTarget(ConnectionInfo info, Settings settings) {
        this.info = info;
        this.url = info.jdbcUrl();
        Properties p = new Properties();
        p.setProperty("connectTimeout", String.valueOf(Math.max(1, settings.connectTimeout().toSeconds())));
        p.setProperty("assumeMinServerVersion", settings.assumeMinServerVersion());
        p.setProperty("ApplicationName", "stampede");
        p.putAll(info.driverProperties());
        this.properties = p;
        // the URL's connect_timeout (seconds) wins over the settings, as it does for pgjdbc
        this.connectTimeout = seconds(p.getProperty("connectTimeout"), settings.connectTimeout());
        this.lean = settings.leanClient() && LeanConnection.supports(info);
    }

    private static java.time.Duration seconds(String text, java.time.Duration otherwise) {
        try {
            long s = Long.parseLong(text.strip());
            return s > 0 ? java.time.Duration.ofSeconds(s) : otherwise;
        } catch (NumberFormatException e) {
            return otherwise;
        }
    }

    public ConnectionInfo info() {
        return info;
    }

    /** The driver properties (credentials included): for pools that open connections themselves. */
    public Properties properties() {
        Properties copy = new Properties();
        copy.putAll(properties);
        return copy;
    }

    /**
     * A new connection that will only be pinged, queried as text and closed (hold, connect()): the lean
     * client when the settings ask for it and it can serve this target, pgjdbc otherwise. When the server asks for an authentication method the lean client lacks,
     * this target switches to pgjdbc for good and retries.
     */
    public BareConnection openBare() throws SQLException {
        if (lean) {
            try {
                return LeanConnection.open(info, connectTimeout, properties.getProperty("ApplicationName", "stampede"));
            } catch (java.sql.SQLFeatureNotSupportedException e) {
                lean = false;
                org.slf4j.LoggerFactory.getLogger(PostgresTarget.class).info("lean client: {}; using pgjdbc instead", e.getMessage());
            }
        }
        return BareConnection.of(open());
    }

    /** Which client {@link #openBare()} uses now: {@code lean} or {@code pgjdbc}. */
    public String bareClient() {
        return lean ? "lean" : "pgjdbc";
    }

    /** A new connection; the caller closes it. */
    public Connection open() throws SQLException {
        Connection c = driver.connect(url, properties);
        if (c == null) throw new SQLException("pgjdbc did not accept the URL " + url, "08001");
        return c;
    }
}
