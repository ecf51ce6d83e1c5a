package dev.stampede.engine.tcp;

import dev.stampede.engine.metrics.OperationMeter;
import dev.stampede.engine.session.StepRunner;
import dev.stampede.engine.session.Timing;
import dev.stampede.engine.session.WorkerContext;

import java.io.IOException;
import java.net.Socket;

/** {@code connect()} against a TCP target: open a TCP connection and close it, timed as a whole. Stateless; thread-safe. */
final class TcpConnectRunner implements StepRunner {

    private final TcpTarget target;
    private final OperationMeter meter;

    TcpConnectRunner(TcpTarget target, OperationMeter meter) {
        this.target = target;
        this.meter = meter;
    }

    @Override
    public boolean run(WorkerContext ctx) throws InterruptedException {
        long start = System.nanoTime();
        try (Socket s = target.connect()) {
            s.shutdownOutput();
        } catch (IOException | RuntimeException e) {
            ctx.failed(meter, e);
            return false;
        }
        Timing.success(ctx, meter, start);
        return true;
    }
}
