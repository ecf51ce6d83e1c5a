package dev.stampede.engine.fib;

import java.util.Arrays;
import java.util.Optional;
import java.util.function.BiFunction;

/**
 * The concurrency models a Fibonacci server can be written in: every model of the classic Python
 * experiment, plus what Java adds (virtual threads). Each has its own small class; they share the
 * protocol ({@link RequestFramer}) and the computation ({@link Fib}).
 */
public enum FibModel {
    SEQUENTIAL("sequential", false, "one connection at a time, computes inline", SequentialServer::new),
    THREAD_PER_CONNECTION("thread-per-connection", false, "a platform thread per connection", ThreadPerConnectionServer::new),
    THREAD_POOL("thread-pool", true, "connection threads hand fib to a fixed pool and wait for the future", ThreadPoolServer::new),
    QUEUE_WORKERS("queue-workers", true, "connections put requests on a queue, N worker threads answer (producer/consumer)", QueueWorkersServer::new),
    PROCESS_POOL("process-pool", true, "N worker processes (JVMs) compute, fed over pipes", ProcessPoolServer::new),
    PROCESS_PER_CONNECTION("process-per-connection", false, "a child process (JVM) per connection, fed over pipes", ProcessPerConnectionServer::new),
    EVENT_LOOP("event-loop", false, "one NIO selector thread reads, computes inline and writes (like asyncio)", EventLoopServer::new),
    EVENT_LOOP_OFFLOAD("event-loop-offload", true, "the selector hands fib to a pool and writes the answer on completion", EventLoopOffloadServer::new),
    VIRTUAL_THREADS("virtual-threads", false, "a virtual thread per connection", VirtualThreadsServer::new);

    private final String label;
    private final boolean pooled;
    private final String how;
    private final BiFunction<Integer, Integer, FibServer> factory;

    FibModel(String label, boolean pooled, String how, BiFunction<Integer, Integer, FibServer> factory) {
        this.label = label;
        this.pooled = pooled;
        this.how = how;
        this.factory = factory;
    }

    /** The name users type: {@code thread-pool}. */
    public String label() {
        return label;
    }

    /** Whether the model has N workers ({@code --workers}). */
    public boolean pooled() {
        return pooled;
    }

    /** How it serves, in one line. */
    public String how() {
        return how;
    }

    @Override
    public String toString() {
        return label;
    }

    public static Optional<FibModel> named(String label) {
        return Arrays.stream(values()).filter(m -> m.label.equals(label)).findFirst();
    }

    /** The labels, comma separated, for messages. */
    public static String labels() {
        return String.join(", ", Arrays.stream(values()).map(FibModel::label).toList());
    }

    /**
     * A new, not yet started server of this model.
     *
     * @param workers pool size for {@link #pooled()} models; 0 means one per core; ignored otherwise
     * @param maxN    the largest {@code n} answered
     */
    public FibServer create(int workers, int maxN) {
        if (workers < 0) throw new IllegalArgumentException("workers must be >= 0 (got " + workers + ")");
        if (maxN < 0) throw new IllegalArgumentException("max n must be >= 0 (got " + maxN + ")");
        int w = !pooled ? 0 : workers > 0 ? workers : Math.max(1, Runtime.getRuntime().availableProcessors());
        return factory.apply(w, maxN);
    }
}
