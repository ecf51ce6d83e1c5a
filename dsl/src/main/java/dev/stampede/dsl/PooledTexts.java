package dev.stampede.dsl;

import dev.stampede.engine.plan.ValueSink;
import net.datafaker.Faker;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.random.RandomGenerator;

/**
 * One part of {@code fake.person()} (its names, domains, addresses or phone numbers): a pool of {@code size}
 * recent Datafaker draws shared by every worker of the process, each draw one or more texts (a name is its
 * {@code First Last} and its e-mail local part). A draw picks a slot at random and, one time in
 * {@code freshOneIn} (always when the slot is still empty), first makes a new value into it.
 *
 * <p>Each value is kept twice: as its Strings, for {@link dev.stampede.engine.plan.Value#next} (INSERT,
 * user code), and as bytes in one flat array of fixed-width records, for COPY: a record holds each text as
 * a length byte and its bytes when every character is {@link ValueSink#plain} and it fits its width (else
 * {@link #NOT_PLAIN}, and the String is used). Why: COPY draws four parts a row next to a server that
 * keeps the CPU's caches busy, and reaching a part's bytes through its pooled objects (slot, record, String
 * or array, bytes) cost about three cache misses each; a record is one or two adjacent cache lines. With
 * every pool made tiny (no misses) a COPY of 1 KB rows took 0.5 µs less client CPU a row than with the
 * pooled objects (1.0 against 1.4-1.7 µs).
 *
 * <p>Concurrency: a refresh writes its new value into a spare record, then publishes it for its slot
 * (a volatile write, read with a volatile read: the record's bytes are complete for whoever reads the
 * slot after it); the replaced record becomes spare again only after {@code size} more refreshes (for
 * the names about two million rows later), so a reader copying it meanwhile still finds the value it
 * chose. Refreshes take a lock, after Datafaker has made the value outside it. Thread-safe.
 */
final class PooledTexts {

    /** A record field's length byte when its text is kept only as a String. */
    static final int NOT_PLAIN = 0xFF;

    private final int size;
    private final int freshOneIn;
    private final Function<Faker, String[]> make;
    /** Per field, where it starts in its record (its length byte) and the most bytes it takes. */
    private final int[] offsets;
    private final int[] widths;
    private final int record;
    private final AtomicReferenceArray<String[]> texts;
    /** Slot → record index; -1 while the slot is empty. */
    private final AtomicIntegerArray where;
    /** 2 × size records: the slots' first values in records 0 .. size-1, refreshes into spare ones. */
    private final byte[] records;
    /** The spare records, a ring; guarded by {@link #lock}. */
    private final int[] spare;
    private int nextSpare;
    private final ReentrantLock lock = new ReentrantLock();

    /**
     * @param widths the most bytes each text of a value is kept as bytes (a longer one is kept as its
     *               String only); at most 254 each
     */
    PooledTexts(int size, int freshOneIn, int[] widths, Function<Faker, String[]> make) {
        this.size = size;
        this.freshOneIn = freshOneIn;
        this.make = make;
        this.widths = widths.clone();
        this.offsets = new int[widths.length];
        int at = 0;
        for (int i = 0; i < widths.length; i++) {
            if (widths[i] < 1 || widths[i] >= NOT_PLAIN) throw new IllegalArgumentException("width " + widths[i]);
            offsets[i] = at;
            at += 1 + widths[i];
        }
        this.record = at;
        this.texts = new AtomicReferenceArray<>(size);
        this.where = new AtomicIntegerArray(size);
        for (int i = 0; i < size; i++) where.set(i, -1);
        this.records = new byte[2 * size * record];
        this.spare = new int[size];
        for (int i = 0; i < size; i++) spare[i] = size + i;
    }

    /** A slot, drawn with {@code random}, whose value is there to read (made first when due). */
    int draw(RandomGenerator random) {
        int slot = random.nextInt(size);
        if (where.get(slot) < 0 || random.nextInt(freshOneIn) == 0) refresh(slot, random);
        return slot;
    }

    /** Text {@code field} of the value in {@code slot}. */
    String text(int slot, int field) {
        return texts.get(slot)[field];
    }

    /** Text {@code field} of the value in {@code slot} into {@code sink}: its bytes when kept, else its String. */
    void into(int slot, int field, ValueSink sink) {
        int at = where.get(slot) * record + offsets[field];
        int length = records[at] & 0xFF;
        if (length == NOT_PLAIN) sink.value(texts.get(slot)[field]);
        else sink.plainAscii(records, at + 1, length);
    }

    /**
     * Copies the bytes of text {@code field} of the value in {@code slot} into {@code to} at {@code at}:
     * the position after them, or -1 (nothing copied) when the text is kept only as its String.
     * {@code to} must have room for {@link #width}.
     */
    int copy(int slot, int field, byte[] to, int at) {
        int from = where.get(slot) * record + offsets[field];
        int length = records[from] & 0xFF;
        if (length == NOT_PLAIN) return -1;
        System.arraycopy(records, from + 1, to, at, length);
        return at + length;
    }

    /** The most bytes {@link #copy} writes for {@code field}. */
    int width(int field) {
        return widths[field];
    }

    private void refresh(int slot, RandomGenerator random) {
        String[] value = FakerPool.SHARED.with(random, make);
        lock.lock();
        try {
            int old = where.get(slot);
            int rec = old < 0 ? slot : spare[nextSpare];
            int base = rec * record;
            for (int i = 0; i < widths.length; i++) {
                int at = base + offsets[i];
                String t = value[i];
                if (t.length() > widths[i] || !plain(t)) {
                    records[at] = (byte) NOT_PLAIN;
                } else {
                    byte[] b = t.getBytes(StandardCharsets.US_ASCII); // plain: one byte a character
                    records[at] = (byte) b.length;
                    System.arraycopy(b, 0, records, at + 1, b.length);
                }
            }
            texts.set(slot, value);
            where.set(slot, rec);
            if (old >= 0) {
                spare[nextSpare] = old;
                nextSpare = (nextSpare + 1) % size;
            }
        } finally {
            lock.unlock();
        }
    }

    private static boolean plain(String t) {
        for (int i = 0; i < t.length(); i++) {
            if (!ValueSink.plain(t.charAt(i))) return false;
        }
        return true;
    }
}
