package dev.stampede.engine.fib;

/**
 * {@code sequential}: the accept thread serves one connection at a time and computes inline. A second
 * client waits in the listen backlog until the first disconnects — so one idle connection stops the
 * service for everyone else; that is the model, not a bug. Thread-safe.
 */
final class SequentialServer extends BlockingFibServer {

    SequentialServer(int workers, int maxN) {
        super(FibModel.SEQUENTIAL, workers, maxN);
    }

    @Override
    void launch(Runnable connection) {
        connection.run();
    }

    @Override
    Calculator calculator() {
        return INLINE;
    }
}
