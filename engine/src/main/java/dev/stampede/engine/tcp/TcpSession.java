package dev.stampede.engine.tcp;

import dev.stampede.engine.session.Session;
import dev.stampede.engine.session.WorkerContext;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * One worker's TCP connection, kept across iterations and opened again after a failure. A request is
 * the payload in ASCII plus {@code \n}; a reply is everything up to the next {@code \n} (a {@code \r}
 * before it is dropped), so servers written anywhere can answer.
 *
 * <p>Confined to one thread at a time, like its worker. Blocking I/O on a virtual thread: an interrupt
 * at shutdown closes the socket and unblocks the read.
 */
final class TcpSession implements Session {

    private static final int MAX_REPLY = 64 * 1024;

    private final TcpTarget target;
    private Socket socket;
    private InputStream in;
    private OutputStream out;
    private byte[] buffer = new byte[256];
    private int start;
    private int end;

    TcpSession(TcpTarget target) {
        this.target = target;
    }

    static TcpSession of(WorkerContext ctx) {
        return (TcpSession) ctx.session();
    }

    private void connect() throws IOException {
        if (socket != null) return;
        Socket s = target.connect();
        socket = s;
        in = s.getInputStream();
        out = s.getOutputStream();
        start = end = 0;
    }

    @Override
    public void warmUp() {
        try {
            connect();
        } catch (IOException e) {
            release(); // the first request will try again and count the failure
        }
    }

    /** Sends {@code payload} and returns the reply line, without its {@code \n}. */
    String request(String payload) throws IOException {
        connect();
        byte[] bytes = (payload + "\n").getBytes(StandardCharsets.US_ASCII);
        out.write(bytes);
        out.flush();
        return readLine();
    }

    private String readLine() throws IOException {
        int scanned = start;
        while (true) {
            for (int i = scanned; i < end; i++) {
                if (buffer[i] == '\n') {
                    int stop = i > start && buffer[i - 1] == '\r' ? i - 1 : i;
                    String line = new String(buffer, start, stop - start, StandardCharsets.US_ASCII);
                    start = i + 1;
                    if (start == end) start = end = 0;
                    return line;
                }
            }
            scanned = end;
            if (end == buffer.length) {
                if (start > 0) {
                    System.arraycopy(buffer, start, buffer, 0, end - start);
                    end -= start;
                    scanned -= start;
                    start = 0;
                } else if (buffer.length >= MAX_REPLY) {
                    throw new TcpFailure(TcpFailure.UNEXPECTED_REPLY, "reply longer than " + MAX_REPLY + " bytes without a newline");
                } else {
                    buffer = java.util.Arrays.copyOf(buffer, buffer.length * 2);
                }
            }
            int n = in.read(buffer, end, buffer.length - end);
            if (n < 0) throw new TcpFailure(TcpFailure.CLOSED, "the server closed the connection");
            end += n;
        }
    }

    /** Every failure leaves the stream in an unknown state (a late reply, a closed socket): reconnect. */
    @Override
    public void failed(String kind) {
        release();
    }

    @Override
    public void release() {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // already broken
            }
            socket = null;
            in = null;
            out = null;
            start = end = 0;
        }
    }
}
