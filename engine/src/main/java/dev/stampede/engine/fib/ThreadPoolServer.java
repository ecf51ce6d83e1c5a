package dev.stampede.engine.fib;

import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * {@code thread-pool}: a platform thread per connection reads and writes; it hands each {@code fib} to
 * a fixed pool of N threads and waits for the future. At most N computations run at once, however
 * many clients. Thread-safe.
 */
final class ThreadPoolServer extends BlockingFibServer {

    private volatile ExecutorService pool;

    ThreadPoolServer(int workers, int maxN) {
        super(FibModel.THREAD_POOL, workers, maxN);
    }

    @Override
    void startWorkers() {
        pool = Executors.newFixedThreadPool(workers(), r -> Thread.ofPlatform().daemon().name(threadName("worker")).unstarted(r));
    }

    @Override
    void stopWorkers() {
        ExecutorService p = pool;
        if (p != null) p.shutdownNow().forEach(r -> ((Future<?>) r).cancel(false)); // waiting connections wake up
    }

    @Override
    void launch(Runnable connection) {
        Thread.ofPlatform().daemon().name(threadName("conn")).start(connection);
    }

    @Override
    Calculator calculator() {
        return n -> {
            try {
                return pool.submit(() -> Fib.fib(n)).get();
            } catch (ExecutionException | CancellationException | java.util.concurrent.RejectedExecutionException e) {
                throw new java.io.IOException("stopping", e);
            }
        };
    }
}
