package dev.stampede.engine.fib;

import java.io.BufferedReader;
import java.io.FileOutputStream;
import java.io.FileDescriptor;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The main class of a worker process ({@code process-pool}, {@code process-per-connection}): prints
 * {@code ready}, then reads one {@code n} per line on stdin and writes {@code fib(n)} per line on
 * stdout. It exits when stdin closes — which also happens when the parent dies, however it dies, so a
 * worker never outlives its server. The parent validates {@code n}; a line that is not a number is
 * answered {@code ERR}.
 */
public final class FibWorker {

    private FibWorker() {
    }

    public static void main(String[] args) throws IOException {
        var in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.US_ASCII));
        OutputStream out = new FileOutputStream(FileDescriptor.out);
        out.write("ready\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
        for (String line; (line = in.readLine()) != null; ) {
            byte[] answer;
            try {
                answer = RequestFramer.answer(Fib.fib(Integer.parseInt(line.trim())));
            } catch (NumberFormatException e) {
                answer = "ERR\n".getBytes(StandardCharsets.US_ASCII);
            }
            out.write(answer);
            out.flush();
        }
        System.exit(0);
    }
}
