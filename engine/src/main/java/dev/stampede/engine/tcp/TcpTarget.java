package dev.stampede.engine.tcp;

import dev.stampede.engine.config.Settings;
import dev.stampede.engine.metrics.Metrics;
import dev.stampede.engine.plan.Connect;
import dev.stampede.engine.plan.Group;
import dev.stampede.engine.plan.Request;
import dev.stampede.engine.plan.Step;
import dev.stampede.engine.plan.TargetSpec;
import dev.stampede.engine.session.Sessions;
import dev.stampede.engine.session.StepRunner;
import dev.stampede.engine.session.Target;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.Optional;

/**
 * A TCP request/response server ({@code target tcp('127.0.0.1:25000')}, {@code --url tcp://host:port}):
 * the {@code request} and {@code connect()} steps on one {@link TcpSession} per worker.
 *
 * <p>A target that starts its own server for the run (a Fibonacci server, say) passes it as
 * {@code server}: it is closed with the target, after the run. Thread-safe.
 */
public final class TcpTarget implements Target {

    private final String host;
    private final int port;
    private final int connectTimeoutMillis;
    private final int readTimeoutMillis;
    private final AutoCloseable server;
    private final String label;

    public TcpTarget(String host, int port, Duration connectTimeout, Duration readTimeout, AutoCloseable server) {
        this(host, port, connectTimeout, readTimeout, server, null);
    }

    private TcpTarget(String host, int port, Duration connectTimeout, Duration readTimeout, AutoCloseable server, String label) {
        if (port < 1 || port > 65535) throw new IllegalArgumentException("port must be 1..65535 (got " + port + ")");
        this.host = host;
        this.port = port;
        this.connectTimeoutMillis = (int) Math.max(1, connectTimeout.toMillis());
        this.readTimeoutMillis = (int) Math.max(1, readTimeout.toMillis());
        this.server = server;
        this.label = label;
    }

    /** {@code tcp://host:port} or {@code host:port}, timeouts from the settings. */
    public static TcpTarget parse(String url, Settings settings) {
        String hostPort = TargetSpec.isTcp(url) ? url.substring(TargetSpec.TCP_SCHEME.length()) : url;
        if (hostPort.endsWith("/")) hostPort = hostPort.substring(0, hostPort.length() - 1);
        int colon = hostPort.lastIndexOf(':');
        if (colon <= 0 || colon == hostPort.length() - 1) {
            throw new IllegalArgumentException("a TCP target needs host:port (got '" + url + "')");
        }
        String host = hostPort.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) host = host.substring(1, host.length() - 1);
        int port;
        try {
            port = Integer.parseInt(hostPort.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("a TCP target's port must be a number (got '" + hostPort.substring(colon + 1) + "')");
        }
        if (port < 1 || port > 65535) throw new IllegalArgumentException("a TCP target's port must be 1..65535 (got " + port + ")");
        return new TcpTarget(host, port, settings.tcpConnectTimeout(), settings.tcpReadTimeout(), null);
    }

    /** This target with {@code server} stopped when it closes (a server started for the run). */
    public TcpTarget withServer(AutoCloseable server) {
        return withServer(server, label);
    }

    /** The same, described as {@code label} ({@code fibServer(thread-pool) on 127.0.0.1:40123}). */
    public TcpTarget withServer(AutoCloseable server, String label) {
        return new TcpTarget(host, port, Duration.ofMillis(connectTimeoutMillis), Duration.ofMillis(readTimeoutMillis), server, label);
    }

    public String describe() {
        return label != null ? label : "tcp://" + host + ":" + port;
    }

    /** A new connected socket, read timeout set, Nagle off (requests are small). */
    Socket connect() throws IOException {
        Socket s = new Socket();
        try {
            s.setTcpNoDelay(true);
            s.connect(new InetSocketAddress(host, port), connectTimeoutMillis);
            s.setSoTimeout(readTimeoutMillis);
            return s;
        } catch (IOException | RuntimeException e) {
            s.close();
            throw e;
        }
    }

    /** Opens and closes one connection: is the server there? */
    public void probe() throws IOException {
        connect().close();
    }

    @Override
    public Sessions sessions(Group group) {
        return () -> new TcpSession(this);
    }

    @Override
    public Optional<StepRunner> runner(Step step, Metrics metrics) {
        return Optional.ofNullable(switch (step) {
            case Request r -> new RequestRunner(r, metrics.meter(r.operation()));
            case Connect c -> new TcpConnectRunner(this, metrics.meter(c.operation()));
            default -> null;
        });
    }

    @Override
    public void close() {
        if (server == null) return;
        try {
            server.close();
        } catch (Exception e) {
            org.slf4j.LoggerFactory.getLogger(TcpTarget.class).warn("stopping the server of {} failed", describe(), e);
        }
    }
}
