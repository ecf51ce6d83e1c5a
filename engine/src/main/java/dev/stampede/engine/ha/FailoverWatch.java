package dev.stampede.engine.ha;

import dev.stampede.engine.plan.Routed;
import dev.stampede.engine.postgres.HostPort;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What clients of a multi-host target saw around a fault: when the first operation failed, when the
 * monitor saw the old primary down and a new one promoted, and per route (writes, reads) the
 * unavailability window — the longest pause between two acknowledged blocks of that route that ends
 * after the fault (the last acknowledgement before the outage, the first after it) — with the
 * failures by kind inside the windows.
 *
 * <p>Before a fault it only keeps, per route, the time of the latest success (one atomic update per
 * block). The first {@link #fault} arms it; later faults are listed, and measured in the same windows.
 * Failures after the fault are kept (at most {@link #MAX_FAILURES}) so they can be counted against the
 * windows once those are known. Thread-safe: workers report concurrently with the events' thread.
 */
final class FailoverWatch {

    /** The most failures kept after a fault (16 bytes each, plus the kind). */
    static final int MAX_FAILURES = 1_000_000;

    private final Route write = new Route();
    private final Route read = new Route();
    private final ConcurrentLinkedQueue<Failure> failures = new ConcurrentLinkedQueue<>();
    private final AtomicInteger kept = new AtomicInteger();
    private final List<Fault> faults = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final List<HostMonitor.Event> hostEvents = new java.util.concurrent.CopyOnWriteArrayList<>();
    /** System.nanoTime of the first fault, 0 before it. */
    private volatile long armedAt;

    /** A fault as it was injected: the word, the node it hit (and whether it was the primary then), and what it did. */
    record Fault(String word, String node, HostPort host, boolean primary, Instant at, long atNanos,
                 Map<String, Object> detail) {
    }

    private record Failure(long atNanos, Routed.Route route, String kind) {
    }

    /**
     * The acknowledgements of one route after the fault: the latest, and every pause between two
     * consecutive ones of at least {@link #MIN_GAP_NANOS} (at most {@link #MAX_GAPS}), from which the
     * window is chosen once the route's last failure is known.
     */
    private static final class Route {
        final AtomicLong lastOk = new AtomicLong();
        final AtomicLong firstFailure = new AtomicLong();
        final AtomicLong lastFailure = new AtomicLong();
        final ConcurrentLinkedQueue<long[]> gaps = new ConcurrentLinkedQueue<>();
        final AtomicInteger gapCount = new AtomicInteger();
        /** The route's latest outcome after the fault was a failure: it is down as clients see it. */
        volatile boolean down;

        void ok(long now, long armed) {
            if (down) down = false;
            long prev = lastOk.getAndAccumulate(now, Math::max);
            if (armed == 0 || now < armed) return;
            long start = prev == 0 ? armed : prev;
            if (now - start >= MIN_GAP_NANOS && gapCount.incrementAndGet() <= MAX_GAPS) gaps.add(new long[]{start, now});
        }

        void failed(long now) {
            down = true;
            firstFailure.compareAndSet(0, now);
            lastFailure.accumulateAndGet(now, Math::max);
        }

        /**
         * {start, end, recovered ? 1 : 0}: the widest pause that ends after the fault and begins no later than
         * the route's last failure (or the fault, when it never failed) — the outage, not a later hiccup;
         * open until {@code endNanos} when nothing was acknowledged after the last failure. Null when the
         * route saw neither an acknowledgement nor a failure after the fault.
         */
        long[] window(long armed, long endNanos) {
            long last = lastOk.get();
            long failedLast = lastFailure.get();
            if (failedLast != 0 && last < failedLast) return new long[]{last == 0 ? armed : last, endNanos, 0};
            long limit = Math.max(armed, failedLast);
            long[] best = null;
            for (long[] g : gaps) {
                if (g[1] > armed && g[0] <= limit && (best == null || g[1] - g[0] > best[1] - best[0])) best = g;
            }
            if (best != null) return new long[]{best[0], best[1], 1};
            if (last < armed) return null;
            // no pause worth keeping: the acknowledgements went on across the fault, the window is below MIN_GAP_NANOS
            return new long[]{armed, armed, 1};
        }
    }

    /** Pauses shorter than this between two acknowledgements are not kept (the window is then reported as 0). */
    static final long MIN_GAP_NANOS = 1_000_000;
    /** The most pauses kept per route after a fault. */
    static final int MAX_GAPS = 500_000;

    private Route route(Routed.Route r) {
        return r == Routed.Route.READ ? read : write;
    }

    void succeeded(Routed.Route r) {
        long armed = armedAt;
        route(r).ok(System.nanoTime(), armed);
        if (armed != 0 && r == Routed.Route.READ && write.down) readsWhileWritesDown.increment();
    }

    /** Reads acknowledged while the writes' latest outcome was a failure: reads went on during the outage. */
    private final java.util.concurrent.atomic.LongAdder readsWhileWritesDown = new java.util.concurrent.atomic.LongAdder();

    void failed(Routed.Route r, String kind) {
        long armed = armedAt;
        if (armed == 0) return;
        long now = System.nanoTime();
        route(r).failed(now);
        if (kept.incrementAndGet() <= MAX_FAILURES) failures.add(new Failure(now, r, kind));
    }

    /** A host event of the monitor: kept for the detection figures. */
    void hostEvent(HostMonitor.Event e) {
        if (armedAt != 0) hostEvents.add(e);
    }

    /** A fault begins now; the first arms the watch. */
    Fault fault(String word, String node, HostPort host, boolean primary) {
        long now = System.nanoTime();
        Fault f = new Fault(word, node, host, primary, Instant.now(), now, new LinkedHashMap<>());
        synchronized (this) {
            if (armedAt == 0) armedAt = now;
        }
        faults.add(f);
        return f;
    }

    boolean armed() {
        return armedAt != 0;
    }

    List<Fault> faults() {
        return List.copyOf(faults);
    }

    /**
     * {@code findings.failover}: the figures of the first fault, in milliseconds from it; {@code endNanos}
     * ends a window still open. Empty when no fault happened.
     */
    Map<String, Object> report(long endNanos) {
        long armed = armedAt;
        Map<String, Object> m = new LinkedHashMap<>();
        if (armed == 0) return m;
        Fault first = faults.getFirst();
        m.put("fault", first.word());
        m.put("node", first.node());
        m.put("host", first.host().toString());
        m.put("faultAt", first.at().toString());
        m.putAll(first.detail());
        long firstFailure = failures.stream().mapToLong(Failure::atNanos).min().orElse(0);
        if (firstFailure != 0) m.put("firstFailedAfterMs", ms(firstFailure - armed));
        HostPort oldPrimary = first.primary() ? first.host() : null;
        hostEvents.stream().filter(e -> e.kind() == HostMonitor.Kind.DOWN && e.host().equals(first.host()))
                .findFirst().ifPresent(e -> m.put("downDetectedAfterMs", ms(e.at(), first.at())));
        if (oldPrimary != null) {
            hostEvents.stream().filter(e -> e.kind() == HostMonitor.Kind.PROMOTED && !e.host().equals(oldPrimary))
                    .findFirst().ifPresentOrElse(e -> {
                        m.put("newPrimary", e.host().toString());
                        m.put("detectedAfterMs", ms(e.at(), first.at()));
                        m.put("detectedAfterSeconds", ms(e.at(), first.at()) / 1000.0);
                    }, () -> m.put("newPrimary", null));
        }
        long windowsEnd = armed;
        for (Routed.Route r : Routed.Route.values()) {
            String name = r == Routed.Route.WRITE ? "write" : "read";
            long[] w = route(r).window(armed, endNanos);
            if (w == null) continue;
            windowsEnd = Math.max(windowsEnd, w[1]);
            m.put(name + "UnavailableMs", ms(w[1] - w[0]));
            m.put(name + "UnavailableSeconds", round3((w[1] - w[0]) / 1e9));
            m.put("last" + cap(name) + "BeforeMs", ms(w[0] - armed));
            m.put(w[2] == 1 ? "first" + cap(name) + "AfterMs" : name + "sRecovered", w[2] == 1 ? ms(w[1] - armed) : false);
        }
        m.put("readsDuringWriteOutage", readsWhileWritesDown.sum());
        long until = windowsEnd;
        Map<String, Long> byKind = new TreeMap<>();
        for (Failure f : failures) {
            if (f.atNanos() <= until) byKind.merge(f.kind(), 1L, Long::sum);
        }
        m.put("errorsDuringWindow", byKind);
        if (kept.get() > MAX_FAILURES) m.put("failuresNotKept", kept.get() - MAX_FAILURES);
        if (faults.size() > 1) {
            List<Map<String, Object>> all = new ArrayList<>();
            for (Fault f : faults) {
                Map<String, Object> one = new LinkedHashMap<>();
                one.put("fault", f.word());
                one.put("node", f.node());
                one.put("afterFirstMs", ms(f.atNanos() - armed));
                one.putAll(f.detail());
                all.add(one);
            }
            m.put("faults", all);
        }
        return m;
    }

    private static String cap(String s) {
        return Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    private static double ms(long nanos) {
        return Math.round(nanos / 10_000.0) / 100.0;
    }

    private static double ms(Instant at, Instant from) {
        return ms(Duration.between(from, at).toNanos());
    }

    private static double round3(double v) {
        return Math.round(v * 1000) / 1000.0;
    }
}
