package dev.stampede.engine.postgres;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Rows encoded as PostgreSQL CSV ({@code COPY … FROM STDIN (FORMAT csv)}) straight into UTF-8 bytes, in a
 * buffer that one worker keeps from COPY to COPY.
 *
 * <p>Every non-null value is quoted, with its quotes doubled, so commas, newlines and quotes in a value
 * arrive as they were; null is the empty unquoted field, which CSV COPY reads as NULL. A value is
 * written as its {@code toString()}; text exactly as {@link String#getBytes} would encode it in UTF-8
 * (an unpaired surrogate becomes {@code ?}).
 *
 * <p>Why its own buffer and encoder: building a StringBuilder, turning it into a String and that into bytes
 * copied a batch three times; {@code getBytes} alone still made a fresh array per value (1 KB a row of
 * write-mix, 100 MB/s at 100k rows/s), and writing fresh memory is a cache miss per line. Here a long
 * text is widened into one reused char array and encoded by the JDK's UTF-8 encoder (both vectorised
 * copies) straight into the buffer; a short one goes character by character; integers are written as
 * digits. Nothing is allocated per value. Confined to one thread at a time, like the worker that owns it.
 */
final class CsvRows implements dev.stampede.engine.plan.ValueSink {

    /** Texts up to this long are encoded character by character; longer ones through the char array. */
    private static final int SHORT = 48;

    private byte[] buf;
    private int size;
    /** Values written into the row being written (0: none yet, so no comma before the next). */
    private int fields;
    private char[] chars = new char[256];
    private final CharsetEncoder utf8 = StandardCharsets.UTF_8.newEncoder()
            .onMalformedInput(CodingErrorAction.REPLACE).onUnmappableCharacter(CodingErrorAction.REPLACE);

    CsvRows(int initialCapacity) {
        buf = new byte[Math.max(64, initialCapacity)];
    }

    /** Forgets the rows written so far, keeping the buffer. */
    CsvRows clear() {
        size = 0;
        fields = 0;
        return this;
    }

    /** Appends one row: its values separated by commas, then a newline. */
    void row(Object[] values) {
        for (Object v : values) value(v);
        endRow();
    }

    /** The next value of the row being written. */
    @Override
    public void value(Object v) {
        if (fields++ > 0) put((byte) ',');
        if (v == null) return;
        if (v instanceof Integer n && n >= 0) digits(n);
        else if (v instanceof Long n && n >= 0) digits(n);
        else text(v.toString());
    }

    /** The next value of the row being written: plain ASCII bytes, quoted and copied as they are. */
    @Override
    public void plainAscii(byte[] bytes, int from, int length) {
        ensure(length + 3);
        if (fields++ > 0) buf[size++] = ',';
        buf[size++] = '"';
        System.arraycopy(bytes, from, buf, size, length);
        size += length;
        buf[size++] = '"';
    }

    /** Ends the row being written: a newline; the next value starts the next row. */
    void endRow() {
        put((byte) '\n');
        fields = 0;
    }

    /** The buffer; bytes {@code 0 .. size()-1} are the rows. */
    byte[] bytes() {
        return buf;
    }

    int size() {
        return size;
    }

    /** Drops the first {@code n} bytes (sent), moving the rest to the front. */
    void consumed(int n) {
        System.arraycopy(buf, n, buf, 0, size - n);
        size -= n;
    }

    private void text(String s) {
        // String.indexOf is a vectorised intrinsic; quotes are rare, so doubling them may allocate
        if (s.indexOf('"') >= 0) s = s.replace("\"", "\"\"");
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        ensure(b.length + 2);
        buf[size++] = '"';
        System.arraycopy(b, 0, buf, size, b.length);
        size += b.length;
        buf[size++] = '"';
    }

    /** Characters {@code from .. to-1} of {@code s} as UTF-8, at most 3 bytes a char. */
    private void encode(String s, int from, int to) {
        int n = to - from;
        if (chars.length < n) chars = new char[Math.max(n, 2 * chars.length)];
        s.getChars(from, to, chars, 0);
        ensure(3 * n);
        CharBuffer in = CharBuffer.wrap(chars, 0, n);
        ByteBuffer out = ByteBuffer.wrap(buf, size, buf.length - size);
        utf8.reset();
        CoderResult r = utf8.encode(in, out, true);
        if (!r.isUnderflow()) throw new IllegalStateException("UTF-8 encoding stopped: " + r); // room was made for 3 bytes a char
        utf8.flush(out);
        size = out.position();
    }

    private void digits(long v) {
        ensure(22);
        buf[size++] = '"';
        // backwards from 20 bytes on (a long has at most 19 digits), then moved to their place
        int p = size + 20;
        long x = v;
        do {
            buf[--p] = (byte) ('0' + (x % 10));
            x /= 10;
        } while (x != 0);
        int len = size + 20 - p;
        System.arraycopy(buf, p, buf, size, len);
        size += len;
        buf[size++] = '"';
    }

    private void put(byte b) {
        ensure(1);
        buf[size++] = b;
    }

    private void ensure(int more) {
        if (size + more > buf.length) {
            buf = Arrays.copyOf(buf, (int) Math.max(size + more, Math.min(Integer.MAX_VALUE - 16, 2L * buf.length)));
        }
    }
}
