package dev.stampede.engine.fib;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;

/**
 * {@code event-loop-offload}: the selector thread only does I/O; each {@code fib} goes to a fixed pool
 * of N threads, whose answer is written by the loop when it completes (asyncio's
 * {@code run_in_executor}). Thread-safe.
 */
final class EventLoopOffloadServer extends SelectorServer {

    private volatile ExecutorService pool;

    EventLoopOffloadServer(int workers, int maxN) {
        super(FibModel.EVENT_LOOP_OFFLOAD, workers, maxN);
    }

    @Override
    void startWorkers() {
        pool = Executors.newFixedThreadPool(workers(), r -> Thread.ofPlatform().daemon().name("fib-event-loop-offload-worker").unstarted(r));
    }

    @Override
    void stopWorkers() {
        ExecutorService p = pool;
        if (p != null) p.shutdownNow();
    }

    @Override
    void compute(Conn c, int n) {
        c.busy = true;
        try {
            pool.execute(() -> {
                long v = Fib.fib(n);
                completeLater(() -> answered(c, v));
            });
        } catch (RejectedExecutionException stopping) {
            c.busy = false;
        }
    }
}
