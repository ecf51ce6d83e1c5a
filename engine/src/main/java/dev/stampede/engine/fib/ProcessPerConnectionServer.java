package dev.stampede.engine.fib;

import java.io.IOException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code process-per-connection}: each connection gets its own child process (a JVM running
 * {@link FibWorker}). Java cannot hand an accepted socket to a child process, so the parent keeps the
 * socket: a platform thread per connection reads and frames the requests and relays each {@code n}
 * over the child's pipes. The child starts at the connection's first request (so idle connections
 * cost a thread, not a JVM) — that request pays the JVM start-up, the model's honest cost — and is
 * destroyed when the connection ends. Thread-safe.
 */
final class ProcessPerConnectionServer extends BlockingFibServer {

    private final Set<WorkerProcess> children = ConcurrentHashMap.newKeySet();

    ProcessPerConnectionServer(int workers, int maxN) {
        super(FibModel.PROCESS_PER_CONNECTION, workers, maxN);
    }

    @Override
    void launch(Runnable connection) {
        Thread.ofPlatform().daemon().name(threadName("conn")).start(connection);
    }

    @Override
    void stopWorkers() {
        children.forEach(WorkerProcess::close);
    }

    @Override
    Calculator calculator() {
        return new Calculator() {
            private WorkerProcess child;

            @Override
            public long fib(int n) throws IOException {
                if (child == null) {
                    if (stopping) throw new IOException("stopping");
                    child = WorkerProcess.start();
                    children.add(child);
                    if (stopping) close();
                }
                return child.fib(n);
            }

            @Override
            public void close() {
                if (child != null) {
                    children.remove(child);
                    child.close();
                }
            }
        };
    }
}
