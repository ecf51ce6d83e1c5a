package dev.stampede.engine.fib;

import dev.stampede.engine.config.Settings;
import dev.stampede.engine.plan.FibServerSpec;
import dev.stampede.engine.plan.TargetSpec;
import dev.stampede.engine.tcp.TcpTarget;

import java.io.IOException;

/**
 * {@code target fibServer('thread-pool')}: starts a {@link FibServer} of that model on 127.0.0.1, a
 * free port, and hands back the {@link TcpTarget} that loads it; closing the target stops the server
 * (its threads, connections and worker processes). Stateless.
 */
public final class FibServerTarget {

    /** Where a run's own Fibonacci server listens: loopback only. */
    public static final String HOST = "127.0.0.1";

    private FibServerTarget() {
    }

    /**
     * Starts the server; when it cannot start (a worker JVM that does not come up, say) nothing is left running.
     *
     * @throws IOException the server could not start
     */
    public static TcpTarget start(FibServerSpec spec, Settings settings) throws IOException {
        FibModel model = FibModel.named(spec.model())
                .orElseThrow(() -> new IllegalArgumentException("unknown fibServer model '" + spec.model() + "' (models: " + FibModel.labels() + ")"));
        FibServer server = model.create(spec.workers(), spec.maxN());
        try {
            int port = server.start(HOST, 0);
            return new TcpTarget(HOST, port, settings.tcpConnectTimeout(), settings.tcpReadTimeout(), null)
                    .withServer(server, spec.describe() + " on " + HOST + ":" + port);
        } catch (IOException | RuntimeException | Error e) {
            server.stop();
            throw e;
        }
    }

    /**
     * The TCP-family target {@code spec} names, opened: a started {@code fibServer(…)}, or a
     * {@code tcp(…)} server elsewhere (not probed here: an absent server shows up as refused connections).
     */
    public static TcpTarget open(TargetSpec spec, Settings settings) throws IOException {
        if (spec.fibServer().isPresent()) return start(spec.fibServer().get(), settings);
        String url = spec.url().filter(TargetSpec::isTcp)
                .orElseThrow(() -> new IllegalArgumentException("not a TCP target: " + spec.describe()));
        return TcpTarget.parse(url, settings);
    }
}
