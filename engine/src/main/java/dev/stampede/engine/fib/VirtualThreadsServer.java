package dev.stampede.engine.fib;

/**
 * {@code virtual-threads}: a virtual thread per connection computes inline. Blocking reads park
 * cheaply, so idle connections cost little; a computation holds its carrier (one per core) until it
 * ends, since virtual threads are not preempted. Thread-safe.
 */
final class VirtualThreadsServer extends BlockingFibServer {

    VirtualThreadsServer(int workers, int maxN) {
        super(FibModel.VIRTUAL_THREADS, workers, maxN);
    }

    @Override
    void launch(Runnable connection) {
        Thread.ofVirtual().name(threadName("conn")).start(connection);
    }

    @Override
    Calculator calculator() {
        return INLINE;
    }
}
