package dev.stampede.cli;

import dev.stampede.engine.fib.FibModel;
import dev.stampede.engine.fib.FibServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import sun.misc.Signal;

import java.io.IOException;
import java.net.BindException;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/**
 * {@code stampede serve}: runs a test server in the foreground until Ctrl-C or SIGTERM. Today one:
 * {@code fib}, the Fibonacci server in a chosen concurrency model.
 */
@Command(name = "serve", mixinStandardHelpOptions = true, description = "Run a test server in the foreground: fib (Fibonacci, in a chosen concurrency model).",
        subcommands = ServeCommand.Fib.class)
final class ServeCommand implements Runnable {

    @ParentCommand
    Main main;

    @Override
    public void run() {
        main.out.println("choose one: stampede serve fib --model MODEL   (see stampede serve fib --help)");
    }

    /**
     * {@code stampede serve fib}: one line when listening, then serves until Ctrl-C or SIGTERM, which
     * stop it cleanly (connections closed, no child process left, exit 0). Bad flags: one line, exit
     * 2; the address cannot be bound (port in use): one line, exit 3. In-process (specs) it stops
     * right after printing that line.
     */
    @Command(name = "fib", mixinStandardHelpOptions = true,
            description = {"Serve fib(n) over TCP: the client sends n (ASCII digits, newline optional), the server answers fib(n) and a newline.",
                    "Models: sequential, thread-per-connection, thread-pool, queue-workers, process-pool, process-per-connection, event-loop, event-loop-offload, virtual-threads."})
    static final class Fib implements Callable<Integer> {

        /** fib(92) is the largest that fits in a long. */
        static final int LARGEST_N = 92;

        @ParentCommand
        ServeCommand serve;
        @Option(names = "--model", required = true, paramLabel = "MODEL", description = "the concurrency model (see above)")
        String model;
        @Option(names = "--port", description = "TCP port, 0 for a free one (default: ${DEFAULT-VALUE})")
        int port = 25000;
        @Option(names = "--host", description = "address to bind (default: ${DEFAULT-VALUE})")
        String host = "127.0.0.1";
        @Option(names = "--workers", paramLabel = "N", description = "pool size of thread-pool, queue-workers, process-pool and event-loop-offload (default: one per core)")
        Integer workers;
        @Option(names = "--max-n", paramLabel = "N", description = "largest n answered; above it: ERR n too large (default: ${DEFAULT-VALUE})")
        int maxN = dev.stampede.engine.fib.Fib.DEFAULT_MAX_N;

        @Override
        public Integer call() throws InterruptedException {
            Main main = serve.main;
            String problem = problem();
            if (problem != null) {
                main.err.println("stampede serve fib: " + problem + " (see stampede serve fib --help)");
                return Main.USAGE;
            }
            FibModel m = FibModel.named(model).orElseThrow();
            FibServer server = m.create(workers == null ? 0 : workers, maxN);
            int bound;
            try {
                bound = server.start(host, port);
            } catch (BindException e) {
                main.err.println("stampede serve fib: cannot listen on " + host + ":" + port + ": " + e.getMessage());
                return Main.CANNOT_RUN;
            } catch (IOException e) {
                main.err.println("stampede serve fib: cannot start the " + m + " server on " + host + ":" + port + ": " + e.getMessage());
                return Main.CANNOT_RUN;
            }
            try {
                main.out.println("fib server (" + server.describe() + ") listening on " + host + ":" + bound);
                main.out.flush();
                if (main.process) {
                    String signal = awaitSignal();
                    main.out.println("fib server stopping (" + signal + ")");
                }
            } finally {
                server.stop();
            }
            return Main.OK;
        }

        /** The first bad flag, as one message, or null. */
        private String problem() {
            if (FibModel.named(model).isEmpty()) {
                return "unknown --model '" + model + "' (expected one of: " + FibModel.labels() + ")";
            }
            FibModel m = FibModel.named(model).get();
            if (port < 0 || port > 65535) return "--port must be 0..65535 (got " + port + ")";
            if (workers != null && !m.pooled()) {
                return "--workers applies only to thread-pool, queue-workers, process-pool and event-loop-offload (got --model " + m + ")";
            }
            if (workers != null && (workers < 1 || workers > 1024)) return "--workers must be 1..1024 (got " + workers + ")";
            if (maxN < 0 || maxN > LARGEST_N) return "--max-n must be 0.." + LARGEST_N + " (got " + maxN + ")";
            return null;
        }

        /** Blocks until SIGINT or SIGTERM; returns its name. */
        private static String awaitSignal() throws InterruptedException {
            CountDownLatch latch = new CountDownLatch(1);
            String[] which = {"?"};
            for (String name : new String[]{"INT", "TERM"}) {
                try {
                    Signal.handle(new Signal(name), s -> {
                        which[0] = "SIG" + name;
                        latch.countDown();
                    });
                } catch (IllegalArgumentException unsupported) {
                    // not on this platform: the JVM's default handling (and the workers' shutdown hook) applies
                }
            }
            latch.await();
            return which[0];
        }
    }
}
