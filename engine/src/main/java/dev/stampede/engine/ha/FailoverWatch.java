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
 * unavailability window — from the last block acknowledged before the outage (before the faulted node
 * was dead, or by the faulted host itself) to the first acknowledged after it (by another host, or by
 * the faulted one once restarted) — with the failures by kind inside the windows.
 *
 * <p>Per route it keeps two times (one atomic update per block). The first {@link #fault} arms it;
 * later faults are listed, and measured in the same windows.
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
     * The acknowledgements of one route around the fault. Until the faulted node is dead (the kill
     * returned) every acknowledgement may be the last before the outage; after it, one from the faulted
     * host (bytes it sent before it died, read late) still is, and the first from another host (or from
     * the faulted one once restarted) ends the window. O(1) per acknowledgement.
     */
    private final class Route {
        final AtomicLong lastBefore = new AtomicLong();
        final AtomicLong firstAfter = new AtomicLong();
        final AtomicLong firstFailure = new AtomicLong();
        void ok(long now, HostPort host) {
            long dead = deadAt;
            boolean fromFaulted = host != null && host.equals(faultedHost) && (restartedAt == 0 || now < restartedAt);
            if (dead == 0 || now <= dead || fromFaulted) lastBefore.accumulateAndGet(now, Math::max);
            else if (firstAfter.get() == 0) firstAfter.compareAndSet(0, now);
        }

        void failed(long now) {
            firstFailure.compareAndSet(0, now);
        }

        /** {start, end, recovered ? 1 : 0}, or null when the route had no acknowledgement at all. */
        long[] window(long armed, long endNanos) {
            long before = lastBefore.get(), after = firstAfter.get();
            if (before == 0 && after == 0 && firstFailure.get() == 0) return null;
            long start = before == 0 ? armed : before;
            if (deadAt == 0) return null; // the kill never finished: no window to speak of
            return after == 0 ? new long[]{start, endNanos, 0} : new long[]{start, Math.max(start, after), 1};
        }
    }

    /** The host the first fault hit, the time its node was dead (0 until then), and when it was restarted (0: not). */
    private volatile HostPort faultedHost;
    private volatile long deadAt;
    private volatile long restartedAt;

    /** The first fault's node is dead now (its kill returned): acknowledgements from now on are after the outage began. */
    void dead() {
        if (deadAt == 0) deadAt = System.nanoTime();
    }

    /** The first fault's node was started again: its acknowledgements from now on end the window. */
    void restarted(HostPort host) {
        if (host.equals(faultedHost) && restartedAt == 0) restartedAt = System.nanoTime();
    }

    private Route route(Routed.Route r) {
        return r == Routed.Route.READ ? read : write;
    }

    void succeeded(Routed.Route r, HostPort host) {
        long armed = armedAt;
        route(r).ok(System.nanoTime(), host);
        if (armed != 0 && r == Routed.Route.READ && deadAt != 0 && write.firstAfter.get() == 0) readsWhileWritesDown.increment();
    }

    /** Reads acknowledged after the faulted node was dead and before the first write after it: reads went on during the outage. */
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
            if (armedAt == 0) {
                faultedHost = host;
                armedAt = now;
            }
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
