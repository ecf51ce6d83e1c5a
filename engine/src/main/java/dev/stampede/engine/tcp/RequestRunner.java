package dev.stampede.engine.tcp;

import dev.stampede.engine.metrics.OperationMeter;
import dev.stampede.engine.plan.Request;
import dev.stampede.engine.session.StepRunner;
import dev.stampede.engine.session.Timing;
import dev.stampede.engine.session.WorkerContext;

import java.io.IOException;

/**
 * {@code request payload, expect: 'reply'}: one request and its reply on the worker's kept connection,
 * timed as one operation. An {@code ERR …} reply counts as {@code server_error}, a reply other than
 * the expected one as {@code unexpected_reply}. Stateless; thread-safe.
 */
final class RequestRunner implements StepRunner {

    private final Request request;
    private final String expect;
    private final OperationMeter meter;

    RequestRunner(Request request, OperationMeter meter) {
        this.request = request;
        this.expect = request.expect().orElse(null);
        this.meter = meter;
    }

    @Override
    public boolean run(WorkerContext ctx) throws InterruptedException {
        String payload = String.valueOf(request.payload().next(ctx.random()));
        long start = System.nanoTime();
        try {
            String reply = TcpSession.of(ctx).request(payload);
            if (reply.startsWith("ERR")) throw new TcpFailure(TcpFailure.SERVER_ERROR, "server error: " + reply);
            if (expect != null && !expect.equals(reply)) {
                throw new TcpFailure(TcpFailure.UNEXPECTED_REPLY, "expected '" + expect + "' for '" + payload + "', got '" + reply + "'");
            }
        } catch (IOException | RuntimeException e) {
            ctx.failed(meter, e);
            return false;
        }
        Timing.success(ctx, meter, start);
        return true;
    }
}
