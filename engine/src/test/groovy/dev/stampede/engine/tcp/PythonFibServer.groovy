package dev.stampede.engine.tcp

import java.nio.file.Files
import java.nio.file.Path
import java.util.concurrent.TimeUnit

/**
 * The Fibonacci server of the test resources ({@code tcp/fib_server.py}), written in Python: a server
 * stampede did not write. Started on a free port (or a given one, to come back after a kill).
 */
class PythonFibServer implements AutoCloseable {

    final int port
    private final Process process

    private PythonFibServer(Process process, int port) {
        this.process = process
        this.port = port
    }

    /** True when a {@code python3} runs here. */
    static boolean available() {
        try {
            def p = new ProcessBuilder('python3', '--version').redirectErrorStream(true).start()
            p.inputStream.text
            return p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0
        } catch (IOException ignored) {
            return false
        }
    }

    /** The script, copied out of the classpath into a temporary file. */
    static Path script() {
        Path f = Files.createTempFile('fib_server', '.py')
        f.toFile().deleteOnExit()
        PythonFibServer.getResourceAsStream('/tcp/fib_server.py').withCloseable { Files.copy(it, f, java.nio.file.StandardCopyOption.REPLACE_EXISTING) }
        f
    }

    /** Starts the server on {@code port} (0: any free port) and waits until it listens. */
    static PythonFibServer start(int port = 0) {
        def p = new ProcessBuilder('python3', script().toString(), String.valueOf(port)).redirectError(ProcessBuilder.Redirect.DISCARD).start()
        def line = new BufferedReader(new InputStreamReader(p.inputStream)).readLine()
        if (line == null) {
            p.destroyForcibly()
            throw new IllegalStateException("the Python server did not start on port $port")
        }
        new PythonFibServer(p, Integer.parseInt(line.trim()))
    }

    /** Kills the server (SIGKILL): its connections are cut as a crash would cut them. */
    void kill() {
        process.destroyForcibly()
        process.waitFor(20, TimeUnit.SECONDS)
    }

    @Override
    void close() {
        kill()
    }
}
