package dev.stampede.engine.fib;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What the blocking-socket models share: an accept thread, and a connection loop that reads, frames
 * ({@link RequestFramer}), computes each request through the model's {@link Calculator} and writes the
 * answer before reading on. Models differ only in who runs a connection ({@link #launch}) and who
 * computes ({@link #calculator()}).
 *
 * <p>A client that vanishes mid-computation is noticed when its answer is written or its next read
 * ends, i.e. at most one computation later; then its thread (and child process) is freed. Blocking
 * sockets cannot tell earlier without a second thread per connection.
 *
 * <p>Thread-safe: {@link #start} and {@link #stop} are synchronized; connections share only
 * concurrent sets and counters.
 */
abstract class BlockingFibServer implements FibServer {

    /** Computes {@code fib(n)} for one connection; closed when the connection ends. */
    interface Calculator extends AutoCloseable {
        long fib(int n) throws IOException, InterruptedException;

        @Override
        default void close() {
        }
    }

    static final Calculator INLINE = Fib::fib;

    private final FibModel model;
    private final int workers;
    final int maxN;
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private final Set<Thread> connectionThreads = ConcurrentHashMap.newKeySet();
    private final AtomicInteger open = new AtomicInteger();
    private final AtomicInteger threadNumber = new AtomicInteger();
    private ServerSocket listener;
    private Thread acceptor;
    volatile boolean stopping;

    BlockingFibServer(FibModel model, int workers, int maxN) {
        this.model = model;
        this.workers = workers;
        this.maxN = maxN;
    }

    /** Runs one connection's loop: on a new thread, or inline for {@code sequential}. */
    abstract void launch(Runnable connection);

    /** The calculator of a new connection. */
    abstract Calculator calculator();

    /** Starts pools or worker processes, before the listener accepts. */
    void startWorkers() throws IOException {
    }

    /** Ends pools and worker processes, after every connection was closed. */
    void stopWorkers() {
    }

    /** A name for a thread of this server: {@code fib-thread-pool-conn-3}. */
    String threadName(String role) {
        return "fib-" + model.label() + "-" + role + "-" + threadNumber.incrementAndGet();
    }

    @Override
    public synchronized int start(String host, int port) throws IOException {
        if (listener != null) throw new IllegalStateException(model + " server already started");
        ServerSocket s = new ServerSocket();
        try {
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress(host, port), 1024);
            startWorkers();
        } catch (IOException | RuntimeException e) {
            s.close();
            stopWorkers();
            throw e;
        }
        listener = s;
        acceptor = Thread.ofPlatform().daemon().name("fib-" + model.label() + "-accept").start(this::acceptLoop);
        return s.getLocalPort();
    }

    private void acceptLoop() {
        while (!stopping) {
            Socket s;
            try {
                s = listener.accept();
            } catch (IOException e) {
                if (stopping || listener.isClosed()) return;
                java.util.concurrent.locks.LockSupport.parkNanos(10_000_000); // e.g. out of file descriptors: keep serving those open
                continue;
            }
            sockets.add(s);
            if (stopping) {
                closeQuietly(s);
                return;
            }
            try {
                launch(() -> serve(s));
            } catch (RuntimeException | OutOfMemoryError e) { // no thread to be had: refuse this one, keep serving
                sockets.remove(s);
                closeQuietly(s);
            }
        }
    }

    private void serve(Socket socket) {
        Thread me = Thread.currentThread();
        connectionThreads.add(me);
        open.incrementAndGet();
        try (socket; Calculator calc = calculator()) {
            socket.setTcpNoDelay(true);
            InputStream in = socket.getInputStream();
            OutputStream out = socket.getOutputStream();
            RequestFramer framer = new RequestFramer(maxN);
            byte[] buffer = new byte[4096];
            List<RequestFramer.Request> requests = new ArrayList<>();
            int read;
            while (!stopping && (read = in.read(buffer)) > 0) {
                requests.clear();
                framer.feed(buffer, 0, read, read < buffer.length, requests);
                for (RequestFramer.Request r : requests) {
                    switch (r) {
                        case RequestFramer.Compute c -> out.write(RequestFramer.answer(calc.fib(c.n())));
                        case RequestFramer.Refuse refuse -> {
                            out.write(refuse.bytes());
                            if (refuse.close()) return;
                        }
                    }
                }
            }
        } catch (IOException e) {
            // the client went away, or the server is stopping
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            sockets.remove(socket);
            open.decrementAndGet();
            connectionThreads.remove(me);
        }
    }

    @Override
    public void stop() {
        Thread accepting;
        synchronized (this) {
            if (stopping) return;
            stopping = true;
            accepting = acceptor;
            if (listener != null) closeQuietly(listener);
        }
        sockets.forEach(BlockingFibServer::closeQuietly);
        connectionThreads.forEach(Thread::interrupt);
        stopWorkers();
        join(accepting);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        for (Thread t : connectionThreads) { // a thread mid-computation ends with it (at most one fib(max-n))
            long left = deadline - System.nanoTime();
            if (left <= 0) break;
            try {
                t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
    }

    private static void join(Thread t) {
        if (t == null || t == Thread.currentThread()) return;
        try {
            t.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception ignored) {
            // closing on the way out
        }
    }

    @Override
    public FibModel model() {
        return model;
    }

    @Override
    public int workers() {
        return workers;
    }

    @Override
    public int openConnections() {
        return open.get();
    }
}
