package dev.stampede.engine.postgres;

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
 * <p>Why its own buffer: building a StringBuilder, turning it into a String and that into bytes copied a
 * batch three times. Now the values that know their bytes (random text, the parts of {@code fake.person()})
 * hand them over as {@link #plainAscii} (one copy, no String), and integers are written as digits. Any
 * other text goes through {@link String#getBytes} (an intrinsic: for ASCII a vectorised check and copy)
 * and is copied in; that measured 190 ns a person where a char-by-char loop for short texts and the JDK's
 * encoder over a reused char array for long ones took 240 ns. Confined to one thread at a time, like the
 * worker that owns it.
 */
final class CsvRows implements dev.stampede.engine.plan.ValueSink {

    private byte[] buf;
    private int size;
    /** Values written into the row being written (0: none yet, so no comma before the next). */
    private int fields;

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
