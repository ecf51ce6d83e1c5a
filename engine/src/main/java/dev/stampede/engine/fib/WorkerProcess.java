package dev.stampede.engine.fib;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * One worker process: a JVM started with this JVM's own {@code java} binary and class path, running
 * {@link FibWorker}, fed {@code n} over its stdin and answering on its stdout. Start-up costs a JVM
 * start (~0.3–1 s): that is the process models' honest price.
 *
 * <p>Guarantees: a worker dies with its parent — {@link #close()} closes its stdin and destroys it, a
 * JVM shutdown hook destroys every worker still alive, and the worker itself exits when its stdin
 * closes (also on {@code kill -9} of the parent). Not thread-safe: one caller at a time
 * ({@link #fib}); {@link #close()} may be called from any thread.
 */
final class WorkerProcess implements AutoCloseable {

    private static final Set<WorkerProcess> ALIVE = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> ALIVE.forEach(WorkerProcess::close), "fib-workers-stop"));
    }

    private final Process process;
    private final OutputStream stdin;
    private final BufferedReader stdout;

    private WorkerProcess(Process process) {
        this.process = process;
        this.stdin = process.getOutputStream();
        this.stdout = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.US_ASCII));
    }

    /** A system property every worker JVM carries, so tools (and specs) can tell them apart. */
    public static final String MARKER = "stampede.fib.worker";

    /** The command line of a worker: this JVM's java, its class path, small heap, serial GC. */
    static List<String> command() {
        String java = ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        // the marker comes before the class path: /proc's view of a long command line can be cut short
        return List.of(java, "-D" + MARKER + "=true", "-Xmx64m", "-XX:+UseSerialGC", "-Xshare:auto",
                "-cp", System.getProperty("java.class.path"), FibWorker.class.getName());
    }

    /** Starts a worker and waits until it says it is ready. */
    static WorkerProcess start() throws IOException {
        Process p = new ProcessBuilder(command()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        WorkerProcess w = new WorkerProcess(p);
        ALIVE.add(w);
        try {
            String hello = w.stdout.readLine();
            if (!"ready".equals(hello)) throw new IOException("fib worker did not start (said " + hello + ")");
        } catch (IOException e) {
            w.close();
            throw e;
        }
        return w;
    }

    /** Sends {@code n} and waits for the answer. */
    long fib(int n) throws IOException {
        stdin.write((n + "\n").getBytes(StandardCharsets.US_ASCII));
        stdin.flush();
        String line = stdout.readLine();
        if (line == null) throw new IOException("fib worker " + process.pid() + " ended");
        try {
            return Long.parseLong(line);
        } catch (NumberFormatException e) {
            throw new IOException("fib worker " + process.pid() + " answered " + line, e);
        }
    }

    long pid() {
        return process.pid();
    }

    /** Closes its stdin, then destroys it and waits (at most a few seconds) until it is gone. */
    @Override
    public void close() {
        ALIVE.remove(this);
        BlockingFibServer.closeQuietly(stdin);
        process.destroy();
        try {
            if (!process.waitFor(2, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(2, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        BlockingFibServer.closeQuietly(stdout);
    }
}
