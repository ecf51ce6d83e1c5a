package dev.stampede.engine.fib;

/**
 * {@code event-loop}: one selector thread reads, computes inline and writes — like asyncio. Idle
 * connections cost nothing, but while it computes one {@code fib(30)} nobody else is read or answered.
 * Thread-safe.
 */
final class EventLoopServer extends SelectorServer {

    EventLoopServer(int workers, int maxN) {
        super(FibModel.EVENT_LOOP, workers, maxN);
    }

    @Override
    void compute(Conn c, int n) {
        c.answer(RequestFramer.answer(Fib.fib(n)));
    }
}
