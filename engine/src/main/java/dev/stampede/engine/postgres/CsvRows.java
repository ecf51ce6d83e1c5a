package dev.stampede.engine.postgres;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Rows encoded as PostgreSQL CSV ({@code COPY … FROM STDIN (FORMAT csv)}) straight into UTF-8 bytes, in a
 * buffer that one worker keeps from COPY to COPY.
 *
 * <p>Every non-null value is quoted, with its quotes doubled, so commas, newlines and quotes in a value
 * arrive as they were; null is the empty unquoted field, which CSV COPY reads as NULL. A value is
 * written as its {@code toString()}.
 *
 * <p>Why its own buffer: building a StringBuilder, turning it into a String and that into bytes copied a
 * 1 MB batch three times and made two short-lived arrays of that size per COPY (the G1 collector allocates
 * such arrays one region each, outside the thread's allocation buffer); this encodes each value once into
 * a buffer that only grows. Confined to one thread at a time, like the worker that owns it.
 */
final class CsvRows {

    private byte[] buf;
    private int size;

    CsvRows(int initialCapacity) {
        buf = new byte[Math.max(64, initialCapacity)];
    }

    /** Forgets the rows written so far, keeping the buffer. */
    CsvRows clear() {
        size = 0;
        return this;
    }

    /** Appends one row: its values separated by commas, then a newline. */
    void row(Object[] values) {
        for (int i = 0; i < values.length; i++) {
            if (i > 0) put((byte) ',');
            Object v = values[i];
            if (v == null) continue;
            String s = v.toString();
            // String.indexOf and getBytes use vectorised intrinsics: no per-character loop here
            byte[] b = (s.indexOf('"') < 0 ? s : s.replace("\"", "\"\"")).getBytes(StandardCharsets.UTF_8);
            ensure(b.length + 2);
            buf[size++] = '"';
            System.arraycopy(b, 0, buf, size, b.length);
            size += b.length;
            buf[size++] = '"';
        }
        put((byte) '\n');
    }

    /** The buffer; bytes {@code 0 .. size()-1} are the rows. */
    byte[] bytes() {
        return buf;
    }

    int size() {
        return size;
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
