package dev.stampede.engine.ha;

import dev.stampede.engine.result.Findings;
import dev.stampede.engine.session.Faults;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The fault words on an {@link EmbeddedCluster}, measured by the routed target's {@link FailoverWatch}:
 * each word names its node, marks the fault (the first arms the watch), then calls the cluster. After
 * the run, {@link #reportInto} turns the watch and the ledger check into {@code findings.failover}.
 * Thread-safe: the cluster serialises node control.
 */
final class ClusterFaults implements Faults {

    private final EmbeddedCluster cluster;
    private final FailoverWatch watch;

    ClusterFaults(EmbeddedCluster cluster, FailoverWatch watch) {
        this.cluster = cluster;
        this.watch = watch;
    }

    @Override
    public List<String> nodeNames() {
        List<String> names = new ArrayList<>(List.of("primary"));
        for (int i = 1; i <= cluster.replicas().size(); i++) names.add("replica" + i);
        cluster.nodes().forEach(n -> names.add(n.name()));
        return names;
    }

    @Override
    public void failover() throws Exception {
        EmbeddedCluster.Node old = cluster.primary();
        FailoverWatch.Fault f = watch.fault("failover()", old.name(), old.host(), true);
        EmbeddedCluster.Failover done = cluster.failover(watch::dead);
        f.detail().put("killed", done.killed());
        f.detail().put("promoted", done.promoted());
        f.detail().put("killMs", done.killTime().toNanos() / 1e6);
        f.detail().put("promoteMs", done.promoteTime().toNanos() / 1e6);
    }

    @Override
    public void kill(String name) throws Exception {
        EmbeddedCluster.Node node = cluster.node(name);
        boolean primary = !node.replica() && !node.stray();
        FailoverWatch.Fault f = watch.fault("kill('" + name + "')", node.name(), node.host(), primary);
        long t0 = System.nanoTime();
        cluster.kill(node);
        watch.dead();
        f.detail().put("killMs", (System.nanoTime() - t0) / 1e6);
    }

    @Override
    public void restart(String name) throws Exception {
        EmbeddedCluster.Node node = cluster.node(name);
        long t0 = System.nanoTime();
        cluster.restart(node);
        watch.restarted(node.host());
        note("restart('" + name + "')", node, t0);
    }

    @Override
    public void promote(String name) throws Exception {
        EmbeddedCluster.Node node = cluster.node(name);
        long t0 = System.nanoTime();
        cluster.promote(node);
        note("promote('" + name + "')", node, t0);
    }

    /** Restart and promote are listed among the faults once one armed the watch (they are its recovery), not measured as one. */
    private void note(String word, EmbeddedCluster.Node node, long t0) {
        if (!watch.armed()) return;
        FailoverWatch.Fault f = watch.fault(word, node.name(), node.host(), false);
        f.detail().put("tookMs", (System.nanoTime() - t0) / 1e6);
    }

    @Override
    public boolean reportInto(Findings findings) {
        Map<String, Object> m = watch.report(System.nanoTime());
        if (m.isEmpty()) return false;
        boolean primaryFault = watch.faults().stream().anyMatch(FailoverWatch.Fault::primary);
        m.put("synchronous", cluster.synchronous());
        Object ledger = findings.values().get("ledger");
        boolean checked = ledger instanceof Map<?, ?> l && !l.containsKey("error");
        if (checked) {
            long acknowledged = 0, missing = 0;
            for (Object t : ((Map<?, ?>) ledger).values()) {
                if (t instanceof Map<?, ?> table) {
                    acknowledged += ((Number) table.get("acknowledged")).longValue();
                    missing += ((Number) table.get("missing")).longValue();
                }
            }
            m.put("acknowledgedWrites", acknowledged);
            m.put("lostWrites", missing);
        }
        findings.put("failover", m);
        findings.note(line(m));
        if (checked && ((Number) m.get("lostWrites")).longValue() > 0 && primaryFault && !cluster.synchronous()) {
            findings.note("failover: " + m.get("lostWrites") + " acknowledged write(s) lost with asynchronous replication"
                    + " (expected when the primary dies with WAL its replicas had not received; expect { lostWrites() == 0 } makes it fail the run)");
        }
        return checked && primaryFault && !cluster.synchronous();
    }

    /** {@code failover(): first error after 12 ms, new primary seen after 410 ms, writes unavailable 1.23 s, reads 0.8 ms, lost writes 0}. */
    static String line(Map<String, Object> m) {
        StringBuilder sb = new StringBuilder("failover: ").append(m.get("fault"));
        if (m.containsKey("firstFailedAfterMs")) sb.append(", first error after ").append(ms(m.get("firstFailedAfterMs")));
        if (m.containsKey("detectedAfterMs")) sb.append(", new primary ").append(m.get("newPrimary")).append(" seen after ").append(ms(m.get("detectedAfterMs")));
        else if (m.containsKey("newPrimary")) sb.append(", no new primary seen");
        if (m.containsKey("writeUnavailableMs")) {
            sb.append(", writes unavailable ").append(ms(m.get("writeUnavailableMs")));
            if (Boolean.FALSE.equals(m.get("writesRecovered"))) sb.append(" (not recovered by the end)");
        }
        if (m.containsKey("readUnavailableMs")) {
            sb.append(", reads ").append(ms(m.get("readUnavailableMs")));
            if (Boolean.FALSE.equals(m.get("readsRecovered"))) sb.append(" (not recovered by the end)");
        }
        if (m.get("errorsDuringWindow") instanceof Map<?, ?> e && !e.isEmpty()) sb.append(", errors ").append(e);
        if (m.containsKey("lostWrites")) sb.append(", lost writes ").append(m.get("lostWrites")).append(" of ").append(m.get("acknowledgedWrites"));
        return sb.toString();
    }

    private static String ms(Object v) {
        double d = ((Number) v).doubleValue();
        return d >= 1000 ? String.format(Locale.ROOT, "%.2f s", d / 1000) : String.format(Locale.ROOT, "%.1f ms", d);
    }
}
