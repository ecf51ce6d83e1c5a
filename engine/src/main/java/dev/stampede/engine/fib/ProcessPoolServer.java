package dev.stampede.engine.fib;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * {@code process-pool}: N worker processes (JVMs, {@link WorkerProcess}) started with the server; a
 * platform thread per connection borrows an idle worker, sends it {@code n} over its stdin pipe,
 * reads the answer from its stdout and gives it back. Computations are isolated from the server's
 * JVM and from each other; every request pays two pipe hops. A worker that fails is replaced.
 * Thread-safe.
 */
final class ProcessPoolServer extends BlockingFibServer {

    private final BlockingQueue<WorkerProcess> idle = new LinkedBlockingQueue<>();
    private final List<WorkerProcess> all = new java.util.concurrent.CopyOnWriteArrayList<>();

    ProcessPoolServer(int workers, int maxN) {
        super(FibModel.PROCESS_POOL, workers, maxN);
    }

    @Override
    void startWorkers() throws IOException {
        List<CompletableFuture<WorkerProcess>> starting = new ArrayList<>();
        for (int i = 0; i < workers(); i++) { // JVMs start in parallel
            starting.add(CompletableFuture.supplyAsync(() -> {
                try {
                    return WorkerProcess.start();
                } catch (IOException e) {
                    throw new CompletionException(e);
                }
            }, r -> Thread.ofPlatform().daemon().name(threadName("spawn")).start(r)));
        }
        IOException failed = null;
        for (var f : starting) {
            try {
                WorkerProcess w = f.join();
                all.add(w);
                idle.add(w);
            } catch (CompletionException e) {
                failed = e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
            }
        }
        if (failed != null) throw failed;
    }

    @Override
    void stopWorkers() {
        all.forEach(WorkerProcess::close);
        all.clear();
        idle.clear();
    }

    @Override
    void launch(Runnable connection) {
        Thread.ofPlatform().daemon().name(threadName("conn")).start(connection);
    }

    @Override
    Calculator calculator() {
        return n -> {
            WorkerProcess w;
            do { // poll, so a stop wakes every waiting connection
                if (stopping) throw new IOException("stopping");
                w = idle.poll(200, TimeUnit.MILLISECONDS);
            } while (w == null);
            try {
                long v = w.fib(n);
                idle.add(w);
                return v;
            } catch (IOException e) {
                replace(w);
                throw e;
            }
        };
    }

    private void replace(WorkerProcess broken) {
        all.remove(broken);
        broken.close();
        if (stopping) return;
        try {
            WorkerProcess w = WorkerProcess.start();
            all.add(w);
            idle.add(w);
            if (stopping) stopWorkers();
        } catch (IOException e) {
            // the pool shrinks by one; the server keeps serving with the rest
        }
    }
}
