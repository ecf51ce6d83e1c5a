package dev.stampede.engine.fib;

/**
 * {@code thread-per-connection}: a platform thread per connection computes inline; the operating
 * system shares the cores among them. Thread-safe.
 */
final class ThreadPerConnectionServer extends BlockingFibServer {

    ThreadPerConnectionServer(int workers, int maxN) {
        super(FibModel.THREAD_PER_CONNECTION, workers, maxN);
    }

    @Override
    void launch(Runnable connection) {
        Thread.ofPlatform().daemon().name(threadName("conn")).start(connection);
    }

    @Override
    Calculator calculator() {
        return INLINE;
    }
}
