package dev.stampede.engine.load;

import dev.stampede.engine.metrics.ErrorKinds;
import dev.stampede.engine.metrics.OperationMeter;
import dev.stampede.engine.plan.Hold;
import dev.stampede.engine.session.HeldConnections;
import dev.stampede.engine.session.HeldConnections.Held;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Hold: open N connections in batches (each open timed as {@code open}), keep them idle, optionally
 * run a keepalive {@code SELECT 1} on each once per interval with the connections' turns spread
 * evenly over it (timed as {@code keepalive}); close them all in parallel at the end.
 * With {@code findLimit} it keeps opening until the server refuses (53300).
 *
 * <p>Threads: one opener, one virtual thread per open in a batch, one per connection for keepalive.
 */
public final class HoldDriver implements GroupDriver {

    private static final Logger log = LoggerFactory.getLogger(HoldDriver.class);

    private final Resources r;
    private final Hold model;
    private final OperationMeter open;
    private final OperationMeter keepalive;
    private final ConcurrentLinkedQueue<Held> held = new ConcurrentLinkedQueue<>();
    private final List<Thread> keepers = new ArrayList<>();
    private final AtomicBoolean limitReached = new AtomicBoolean();
    private Thread opener;
    private ProcessMemory.Usage before = new ProcessMemory.Usage(0, -1);

    private final HeldConnections target;

    HoldDriver(Resources r, Hold model) {
        this.r = r;
        this.target = r.target().capability(HeldConnections.class).orElseThrow(() ->
                new IllegalArgumentException("hold needs a target that can hold connections (PostgreSQL)"));
        this.model = model;
        this.open = r.metrics().meter(dev.stampede.engine.plan.Plan.HOLD_OPEN);
        this.keepalive = r.metrics().meter(dev.stampede.engine.plan.Plan.HOLD_KEEPALIVE);
    }

    /** The client's memory before any connection is held, measured before the stage's clock starts. */
    @Override
    public void prepare() {
        try {
            before = ProcessMemory.afterGc();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void start() {
        opener = Thread.ofVirtual().name(r.group().name() + "-opener").start(this::openAll);
    }

    private void openAll() {
        try {
            long heap0 = before.heap(), rss0 = before.rss();
            long t0 = System.nanoTime();
            int attempted = 0;
            while (!r.stopping().getAsBoolean() && (attempted < model.connections() || (model.findLimit() && !limitReached.get()))) {
                int n = model.findLimit() && attempted >= model.connections() ? model.batch()
                        : Math.min(model.batch(), model.connections() - attempted);
                List<Thread> batch = new ArrayList<>(n);
                for (int i = 0; i < n; i++) batch.add(Thread.ofVirtual().start(this::openOne));
                for (Thread t : batch) t.join();
                attempted += n;
                progress(attempted);
                if (model.findLimit() && limitReached.get()) break;
                if (!model.batchPause().isZero()) Thread.sleep(model.batchPause());
            }
            long ms = (System.nanoTime() - t0) / 1_000_000;
            int opened = held.size();
            ProcessMemory.Usage after = ProcessMemory.afterGc();
            long heap = after.heap() - heap0, rss = after.rss() - rss0;
            log.info("hold: {} connection(s) open after {} attempt(s) in {} ms{}", opened, attempted, ms,
                    limitReached.get() ? " (the server refused more)" : "");
            Map<String, Object> f = new LinkedHashMap<>();
            f.put("requested", model.connections());
            f.put("attempted", attempted);
            f.put("opened", opened);
            f.put("failed", attempted - opened);
            f.put("secondsToOpen", ms / 1000.0);
            f.put("limitReached", limitReached.get());
            f.put("client", target.client());
            if (rss0 > 0) {
                f.put("clientRssBytesBefore", rss0);
                f.put("clientRssBytesAfter", rss0 + rss);
            }
            // signed: the JVM may give back more heap than the connections take
            if (opened > 0 && rss0 > 0) f.put("clientRssBytesPerConnection", rss / opened);
            if (opened > 0) f.put("clientHeapBytesPerConnection", heap / opened);
            if (model.findLimit()) limitFindings(f, opened);
            r.findings().put("hold", f);
            r.findings().held(opened);
            r.findings().note(String.format(Locale.ROOT, "hold: opened %d/%d connection(s) in %.1fs (%s client)%s%s", opened,
                    model.connections(), ms / 1000.0, target.client(),
                    opened > 0 && rss0 > 0 ? String.format(Locale.ROOT,
                            ", client memory %.1f KB RSS per connection (RSS %.0f → %.0f MB), heap %.1f KB per connection",
                            rss / 1024.0 / opened, rss0 / 1048576.0, (rss0 + rss) / 1048576.0, heap / 1024.0 / opened) : "",
                    limitReached.get() ? "; the server refused more (limit reached)" : ""));
            startKeepalive();
        } catch (InterruptedException e) {
            // stopping
        }
    }

    /** {@code opened 1200/2000, failed 3: too_many_connections}, shown with every interval while opening. */
    private void progress(int attempted) {
        int opened = held.size();
        String failures = open.errorCountsNow().entrySet().stream()
                .map(e -> dev.stampede.engine.metrics.ErrorKinds.shortName(e.getKey()) + (e.getValue() > 1 ? " ×" + e.getValue() : ""))
                .collect(java.util.stream.Collectors.joining(", "));
        r.findings().status(r.group().name(), String.format(Locale.ROOT, "opened %d/%d%s, failed %d%s", opened,
                model.connections(), model.findLimit() ? "+" : "", attempted - opened,
                failures.isEmpty() ? "" : ": " + failures));
    }

    /** The server's own numbers, read on a held connection (a new one would be refused). */
    private void limitFindings(Map<String, Object> f, int opened) {
        Held c = held.peek();
        if (c == null) return;
        try {
            Map<String, Object> limits = target.limits(c);
            f.putAll(limits);
            r.findings().note(String.format(Locale.ROOT,
                    "limit: %d connection(s) opened before the server refused; max_connections %s, "
                            + "superuser_reserved_connections %s, reserved_connections %s, %s client backends in all",
                    opened, limits.get("maxConnections"), limits.get("superuserReservedConnections"),
                    limits.get("reservedConnections"), limits.get("clientBackends")));
        } catch (Exception e) {
            r.findings().note("limit: could not read the server's settings: " + e.getMessage());
        }
    }

    private void openOne() {
        long start = System.nanoTime();
        try {
            Held c = target.hold();
            open.record(System.nanoTime() - start);
            held.add(c);
        } catch (Exception e) {
            if (r.stopping().getAsBoolean()) return;
            String kind = ErrorKinds.classify(e);
            open.recordError(kind, e);
            if (ErrorKinds.isExhaustion(kind)) limitReached.set(true);
        }
    }

    private void startKeepalive() {
        if (model.keepalive().isZero()) return;
        List<Held> all = List.copyOf(held);
        long every = model.keepalive().toNanos();
        AtomicInteger index = new AtomicInteger();
        synchronized (keepers) {
            for (Held c : all) {
                long offset = every * index.getAndIncrement() / Math.max(1, all.size());
                keepers.add(Thread.ofVirtual().start(() -> keep(c, offset, every)));
            }
        }
    }

    private void keep(Held c, long offsetNanos, long everyNanos) {
        try {
            Thread.sleep(Duration.ofNanos(offsetNanos));
            while (!r.stopping().getAsBoolean()) {
                long start = System.nanoTime();
                try {
                    c.ping();
                    keepalive.record(System.nanoTime() - start);
                } catch (InterruptedException e) {
                    throw e;
                } catch (Exception e) {
                    if (r.stopping().getAsBoolean()) return;
                    keepalive.recordError(ErrorKinds.classify(e), e);
                }
                Thread.sleep(Duration.ofNanos(everyNanos));
            }
        } catch (InterruptedException e) {
            // stopping
        }
    }

    /** Connections held right now. */
    int held() {
        return held.size();
    }

    @Override
    public int stop(long deadline) {
        List<Thread> threads = new ArrayList<>();
        if (opener != null) threads.add(opener);
        synchronized (keepers) {
            threads.addAll(keepers);
        }
        int abandoned = GroupDriver.joinAll(threads, deadline);
        List<Thread> closers = new ArrayList<>();
        Held c;
        while ((c = held.poll()) != null) closers.add(Thread.ofVirtual().start(c::close));
        return abandoned + GroupDriver.join(closers, deadline);
    }
}
