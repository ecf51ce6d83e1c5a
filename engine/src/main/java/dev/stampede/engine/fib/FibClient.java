package dev.stampede.engine.fib;

import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A minimal blocking Fibonacci client: one socket, write {@code n\n}, read one line, repeat. It is
 * the baseline a load tool's own TCP client is compared with ({@link #loop}), and the client the
 * specs and {@code stampede bench fib} use. Not thread-safe: one connection, one thread.
 */
public final class FibClient implements AutoCloseable {

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final byte[] buffer = new byte[256];
    private int start;
    private int end;

    private FibClient(Socket socket) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
    }

    public static FibClient connect(String host, int port) throws IOException {
        Socket s = new Socket();
        try {
            s.setTcpNoDelay(true);
            s.connect(new InetSocketAddress(host, port), 10_000);
            return new FibClient(s);
        } catch (IOException e) {
            s.close();
            throw e;
        }
    }

    /** Sends {@code request + "\n"} and returns the answer line without its newline. */
    public String ask(String request) throws IOException {
        send(request + "\n");
        return readLine();
    }

    /** {@code fib(n)} from the server; an {@code ERR} answer is an {@link IOException}. */
    public long fib(int n) throws IOException {
        String line = ask(Integer.toString(n));
        try {
            return Long.parseLong(line);
        } catch (NumberFormatException e) {
            throw new IOException("server answered '" + line + "' to " + n);
        }
    }

    /** Sends raw bytes (no newline added). */
    public void send(String raw) throws IOException {
        out.write(raw.getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    /** The next answer line without its newline; null at the end of the stream. */
    public String readLine() throws IOException {
        StringBuilder line = null;
        while (true) {
            for (int i = start; i < end; i++) {
                if (buffer[i] == '\n') {
                    String s = new String(buffer, start, i - start, StandardCharsets.US_ASCII);
                    start = i + 1;
                    return line == null ? s : line.append(s).toString();
                }
            }
            if (end > start) {
                if (line == null) line = new StringBuilder();
                line.append(new String(buffer, start, end - start, StandardCharsets.US_ASCII));
            }
            start = end = 0;
            int r = in.read(buffer);
            if (r < 0) return line == null ? null : line.toString();
            end = r;
        }
    }

    public void setTimeout(Duration d) throws IOException {
        socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, d.toMillis()));
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    /** What a {@link #loop} measured: answered requests, the time they took, each request's latency in ns. */
    public record Probe(long requests, Duration elapsed, Histogram latencyNanos) {
        public double perSecond() {
            return requests / Math.max(1e-9, elapsed.toNanos() / 1e9);
        }

        public Duration p50() {
            return Duration.ofNanos(latencyNanos.getValueAtPercentile(50));
        }

        public Duration p99() {
            return Duration.ofNanos(latencyNanos.getValueAtPercentile(99));
        }
    }

    /**
     * The probe loop: {@code connections} clients, each on its own thread and connection, ask
     * {@code fib(n)} back to back for {@code duration}; every request is timed from before its write
     * to after its answer is read (nothing the client waits for is left out). Connecting is not timed.
     *
     * @throws IOException when a connection fails or an answer is wrong
     */
    public static Probe loop(String host, int port, int n, int connections, Duration duration)
            throws IOException, InterruptedException {
        return loop(host, port, n, connections, duration, () -> {
        });
    }

    /**
     * {@link #loop(String, int, int, int, Duration)}, calling {@code firstAnswered} once, when the first
     * answer has arrived (so a second probe can start while this one is surely being served).
     */
    public static Probe loop(String host, int port, int n, int connections, Duration duration, Runnable firstAnswered)
            throws IOException, InterruptedException {
        java.util.concurrent.atomic.AtomicBoolean first = new java.util.concurrent.atomic.AtomicBoolean();
        long expected = Fib.fib(n);
        byte[] request = (n + "\n").getBytes(StandardCharsets.US_ASCII);
        List<FibClient> clients = new ArrayList<>();
        try {
            for (int i = 0; i < connections; i++) clients.add(connect(host, port));
            Histogram all = new Histogram(3);
            long[] counts = new long[connections];
            AtomicReference<IOException> failure = new AtomicReference<>();
            List<Thread> threads = new ArrayList<>();
            long t0 = System.nanoTime(), deadline = t0 + duration.toNanos();
            for (int i = 0; i < connections; i++) {
                int me = i;
                FibClient c = clients.get(i);
                Histogram h = new Histogram(3);
                threads.add(Thread.ofPlatform().name("fib-probe-" + i).start(() -> {
                    try {
                        long now = System.nanoTime();
                        while (now < deadline) {
                            c.out.write(request);
                            c.out.flush();
                            String answer = c.readLine();
                            long done = System.nanoTime();
                            if (answer == null) throw new IOException("the server closed the connection");
                            if (!answer.equals(Long.toString(expected))) {
                                throw new IOException("server answered '" + answer + "' to " + n);
                            }
                            h.recordValue(done - now);
                            if (!first.get() && first.compareAndSet(false, true)) firstAnswered.run();
                            counts[me]++;
                            now = done;
                        }
                    } catch (IOException e) {
                        failure.compareAndSet(null, e);
                    }
                    synchronized (all) {
                        all.add(h);
                    }
                }));
            }
            for (Thread t : threads) t.join();
            long elapsed = System.nanoTime() - t0;
            if (failure.get() != null) throw failure.get();
            long total = 0;
            for (long c : counts) total += c;
            return new Probe(total, Duration.ofNanos(elapsed), all);
        } finally {
            for (FibClient c : clients) BlockingFibServer.closeQuietly(c);
        }
    }
}
