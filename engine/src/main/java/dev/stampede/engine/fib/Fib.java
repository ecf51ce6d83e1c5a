package dev.stampede.engine.fib;

/**
 * The one {@code fib} every server model computes: naive doubly recursive, on purpose. Its cost grows
 * by the golden ratio with {@code n} ({@code fib(30)} is ~1.6 million calls, a few milliseconds), which
 * is what makes it a probe of how a server shares its CPU. No memoising, no iteration, and no tricks
 * that defeat or favour the JIT: every model pays exactly the same. Stateless, thread-safe.
 */
public final class Fib {

    /** The default cap on {@code n} ({@code fib(40)} takes about half a second). */
    public static final int DEFAULT_MAX_N = 40;

    private Fib() {
    }

    /** {@code fib(0) = 0, fib(1) = 1, fib(n) = fib(n-1) + fib(n-2)}; {@code n} is never negative here. */
    public static long fib(int n) {
        return n < 2 ? n : fib(n - 1) + fib(n - 2);
    }
}
