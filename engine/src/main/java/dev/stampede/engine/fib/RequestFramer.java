package dev.stampede.engine.fib;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Cuts one connection's bytes into requests — the protocol every model shares, so they all answer
 * the same input the same way.
 *
 * <ol>
 *   <li>A request is ASCII digits ended by {@code \n} (a {@code \r} before it is dropped), or by the end
 *       of what one read returned — the classic clients send bare digits without a newline. A read
 *       that filled the whole buffer is not such an end: more bytes are waiting, and a request cut by
 *       the buffer's edge stays whole.</li>
 *   <li>Blank requests are ignored (a {@code \r\n} split across two reads must not cost an answer).</li>
 *   <li>Not a number → {@code ERR not a number}, the connection stays; {@code n} above the cap →
 *       {@code ERR n too large}; more than {@value #MAX_REQUEST_BYTES} bytes without a newline →
 *       {@code ERR request too long}, and the connection must be closed: nothing after it is read.</li>
 * </ol>
 *
 * <p>One framer per connection; not thread-safe (a connection is read by one thread at a time).
 */
public final class RequestFramer {

    /** Longer requests are refused and end the connection. */
    public static final int MAX_REQUEST_BYTES = 100;

    /** What one request asks for. */
    public sealed interface Request {
    }

    /** A valid request: answer {@code fib(n)}. */
    public record Compute(int n) implements Request {
    }

    /** A refused request: send {@code answer} (a whole line) and, when {@code close}, end the connection. */
    public record Refuse(String answer, boolean close) implements Request {
        public byte[] bytes() {
            return answer.getBytes(StandardCharsets.US_ASCII);
        }
    }

    public static final Refuse NOT_A_NUMBER = new Refuse("ERR not a number\n", false);
    public static final Refuse TOO_LARGE = new Refuse("ERR n too large\n", false);
    public static final Refuse TOO_LONG = new Refuse("ERR request too long\n", true);

    private final int maxN;
    private final byte[] pending = new byte[MAX_REQUEST_BYTES];
    private int length;
    private boolean closed;

    public RequestFramer(int maxN) {
        if (maxN < 0) throw new IllegalArgumentException("maxN must be >= 0 (got " + maxN + ")");
        this.maxN = maxN;
    }

    /**
     * Feeds the bytes one read returned and adds the requests they complete to {@code out}, in order.
     * After a request that closes the connection, nothing more is added, ever.
     *
     * @param readEnded true when the read returned less than the buffer could hold: a request without
     *                  a newline at the end of these bytes is then complete
     */
    public void feed(byte[] bytes, int offset, int count, boolean readEnded, List<Request> out) {
        if (closed) return;
        for (int i = offset; i < offset + count; i++) {
            byte b = bytes[i];
            if (b == '\n') {
                complete(out);
            } else if (length == MAX_REQUEST_BYTES) {
                refuseAndClose(out);
                return;
            } else {
                pending[length++] = b;
            }
        }
        if (readEnded && length > 0) complete(out);
    }

    /** Adds the request in {@code pending}, if any. */
    private void complete(List<Request> out) {
        Request r = parse();
        length = 0;
        if (r != null) out.add(r);
    }

    private void refuseAndClose(List<Request> out) {
        out.add(TOO_LONG);
        closed = true;
        length = 0;
    }

    /** The request in {@code pending}, or null when it is blank. */
    private Request parse() {
        int from = 0, to = length;
        while (from < to && isSpace(pending[from])) from++;
        while (to > from && isSpace(pending[to - 1])) to--;
        if (from == to) return null;
        for (int i = from; i < to; i++) {
            if (pending[i] < '0' || pending[i] > '9') return NOT_A_NUMBER;
        }
        while (from < to - 1 && pending[from] == '0') from++;
        if (to - from > 9) return TOO_LARGE;
        int n = 0;
        for (int i = from; i < to; i++) n = n * 10 + (pending[i] - '0');
        return n > maxN ? TOO_LARGE : new Compute(n);
    }

    private static boolean isSpace(byte b) {
        return b == ' ' || b == '\t' || b == '\r';
    }

    /** The answer line for a computed value. */
    public static byte[] answer(long value) {
        return (value + "\n").getBytes(StandardCharsets.US_ASCII);
    }
}
