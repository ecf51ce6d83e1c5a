package dev.stampede.engine.plan;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * Random text over a 64-character alphabet (letters, digits, {@code -} and {@code _}), fast enough that
 * a load client writing 100 MB/s of it does not compete with the server for the CPU.
 *
 * <p>Texts up to {@link #POOL_SIZE} characters are a slice at a random offset of one random pool made once
 * per process (a copy, no per-character work); longer ones are generated ten characters per random
 * {@code long}. Either way the characters of one text are random, and which text a worker gets is decided
 * by its own generator, so seeded runs repeat. Stateless and thread-safe.
 */
public final class RandomText {

    public static final int POOL_SIZE = 1 << 20;
    private static final byte[] ALPHABET =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] POOL = generate(new SplittableRandom(0x5eed_7e47L), new byte[2 * POOL_SIZE]);

    private RandomText() {
    }

    /** {@code length} random characters. */
    public static String of(RandomGenerator random, int length) {
        if (length <= POOL_SIZE) {
            return new String(POOL, random.nextInt(POOL_SIZE), length, StandardCharsets.US_ASCII);
        }
        return new String(generate(random, new byte[length]), StandardCharsets.US_ASCII);
    }

    /**
     * {@code length} random characters into {@code sink}, drawn as {@link #of} draws them: a slice of the
     * pool handed over as it is (one copy, into the sink's buffer), or generated when longer than the pool.
     */
    public static void into(RandomGenerator random, int length, ValueSink sink) {
        if (length <= POOL_SIZE) {
            sink.plainAscii(POOL, random.nextInt(POOL_SIZE), length);
        } else {
            sink.plainAscii(generate(random, new byte[length]), 0, length);
        }
    }

    private static byte[] generate(RandomGenerator random, byte[] into) {
        for (int i = 0; i < into.length; ) {
            long bits = random.nextLong();
            for (int k = 0; k < 10 && i < into.length; k++, bits >>>= 6) into[i++] = ALPHABET[(int) (bits & 63)];
        }
        return into;
    }
}
