package dev.stampede.engine.postgres;

import java.util.Objects;

/**
 * One server address of a (possibly multi-host) target.
 *
 * @param host name, IPv4 literal or IPv6 literal without brackets
 * @param port 1..65535
 */
public record HostPort(String host, int port) {

    public static final int DEFAULT_PORT = 5432;

    public HostPort {
        Objects.requireNonNull(host, "host");
        if (host.isBlank()) throw new IllegalArgumentException("host must not be blank");
        if (port < 1 || port > 65535) throw new IllegalArgumentException("port must be 1..65535 (got " + port + ")");
    }

    /** {@code host:port}, with brackets around IPv6 literals. */
    @Override
    public String toString() {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
}
