package dev.stampede.engine.fib;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * {@code queue-workers}: producer/consumer written out by hand. Connection threads put each request
 * on one shared queue with a future for its answer; N worker threads take, compute and complete.
 * The same shape as {@code thread-pool} without the executor, as the classic version writes it.
 * Thread-safe.
 */
final class QueueWorkersServer extends BlockingFibServer {

    private record Job(int n, CompletableFuture<Long> answer) {
    }

    private final BlockingQueue<Job> queue = new LinkedBlockingQueue<>();
    private final List<Thread> workerThreads = new ArrayList<>();

    QueueWorkersServer(int workers, int maxN) {
        super(FibModel.QUEUE_WORKERS, workers, maxN);
    }

    @Override
    void startWorkers() {
        for (int i = 0; i < workers(); i++) {
            workerThreads.add(Thread.ofPlatform().daemon().name(threadName("worker")).start(this::work));
        }
    }

    private void work() {
        try {
            while (!stopping) {
                Job job = queue.take();
                job.answer().complete(Fib.fib(job.n()));
            }
        } catch (InterruptedException e) {
            // stopping
        }
    }

    @Override
    void stopWorkers() {
        workerThreads.forEach(Thread::interrupt);
        for (Job j; (j = queue.poll()) != null; ) j.answer().cancel(false);
    }

    @Override
    void launch(Runnable connection) {
        Thread.ofPlatform().daemon().name(threadName("conn")).start(connection);
    }

    @Override
    Calculator calculator() {
        return n -> {
            Job job = new Job(n, new CompletableFuture<>());
            queue.put(job);
            if (stopping) job.answer().cancel(false);
            try {
                return job.answer().get();
            } catch (ExecutionException | java.util.concurrent.CancellationException e) {
                throw new IOException("stopping", e);
            }
        };
    }
}
