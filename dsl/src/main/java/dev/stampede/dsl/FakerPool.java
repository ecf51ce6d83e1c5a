package dev.stampede.dsl;

import net.datafaker.Faker;

import java.util.Random;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.random.RandomGenerator;

/**
 * Datafaker {@link Faker}s shared by all workers. A Faker is not thread-safe, so the pool holds a
 * few stripes, each a Faker behind its own lock; a caller picks a stripe at random and holds it for
 * one draw (microseconds).
 *
 * <p>Guarantees: (1) a Faker is used by one thread at a time; (2) Fakers are created lazily, at run
 * time, never while a scenario compiles unless it validates a {@code fake.expression}; (3) locks are
 * {@link ReentrantLock}s, so a virtual thread waiting for a stripe does not pin its carrier.
 * Thread-safe.
 */
final class FakerPool {

    static final FakerPool SHARED = new FakerPool(Math.max(4, 2 * Runtime.getRuntime().availableProcessors()));

    private final ReentrantLock[] locks;
    private final AtomicReferenceArray<Faker> fakers;

    FakerPool(int stripes) {
        locks = new ReentrantLock[stripes];
        for (int i = 0; i < stripes; i++) locks[i] = new ReentrantLock();
        fakers = new AtomicReferenceArray<>(stripes);
    }

    /** {@code draw} applied to one stripe's Faker, chosen with {@code random}. */
    <T> T with(RandomGenerator random, Function<Faker, T> draw) {
        int i = random.nextInt(locks.length);
        ReentrantLock lock = locks[i];
        lock.lock();
        try {
            Faker f = fakers.get(i);
            if (f == null) {
                f = new Faker(new Random(random.nextLong()));
                fakers.set(i, f);
            }
            return draw.apply(f);
        } finally {
            lock.unlock();
        }
    }
}
