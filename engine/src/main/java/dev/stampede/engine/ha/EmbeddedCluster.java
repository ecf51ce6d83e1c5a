package dev.stampede.engine.ha;

import dev.stampede.engine.config.Settings;
import dev.stampede.engine.postgres.ConnectionInfo;
import dev.stampede.engine.postgres.HostPort;
import dev.stampede.engine.postgres.ServerLifetime;
import io.zonky.test.db.postgres.embedded.DefaultPostgresBinaryResolver;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import io.zonky.test.db.postgres.embedded.PgBinaryResolver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A throwaway PostgreSQL 17 primary with streaming replicas, from the same zonky binaries as
 * {@link dev.stampede.engine.postgres.EmbeddedServer}, so failover can be tried on a bare machine.
 *
 * <p>zonky bundles only {@code initdb}, {@code pg_ctl} and {@code postgres}, so a replica is a copy of
 * the primary's data directory taken between {@code pg_backup_start()} and {@code pg_backup_stop(false)}
 * (the non-exclusive base backup protocol), with the {@code backup_label} that {@code pg_backup_stop}
 * returns, a {@code standby.signal} and its {@code primary_conninfo}; each replica streams through a
 * physical replication slot of its own, so the primary keeps the WAL it has not received yet. With
 * {@code synchronous} the primary waits for any one replica ({@code synchronous_standby_names =
 * 'ANY 1 (…)'}), set once the replicas stream so that set-up commits do not block.
 *
 * <p>Nodes keep their names ({@code node0} is the first primary, {@code node1}… the first replicas) and
 * ports for their whole life; {@link #node(String)} also resolves {@code primary} and {@code replicaN}
 * to the nodes that hold those roles now.
 *
 * <p>Guarantees: {@link #close()} is idempotent and also runs from a JVM shutdown hook; a detached
 * watchdog shell stops every node's postmaster (read from the data directories at that moment) and
 * deletes the cluster's directory if this JVM dies by {@code kill -9}. No server process outlives
 * stampede. Node control ({@link #kill}, {@link #restart}, {@link #promote}, {@link #failover}) is
 * serialised on the cluster; reading the node list is thread-safe.
 */
public final class EmbeddedCluster implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedCluster.class);
    private static final boolean ROOT = "root".equals(System.getProperty("user.name"));

    private final Path root;
    private final Path bin;
    private final Duration startupTimeout;
    private final boolean synchronous;
    private final List<Node> nodes = new CopyOnWriteArrayList<>();
    private final ServerLifetime lifetime;

    /** One PostgreSQL server of the cluster: a data directory, a port, and the role stampede gave it. */
    public static final class Node {
        private final String name;
        private final Path dataDir;
        private final int port;
        private volatile boolean replica;
        private volatile boolean stray;

        private Node(String name, Path dataDir, int port, boolean replica) {
            this.name = name;
            this.dataDir = dataDir;
            this.port = port;
            this.replica = replica;
        }

        public String name() { return name; }
        public int port() { return port; }
        public HostPort host() { return new HostPort("127.0.0.1", port); }
        /** Whether stampede made this node a replica and has not promoted it since. */
        public boolean replica() { return replica; }
        /** A former primary replaced by a promotion: in no role any more (restarted, it would diverge). */
        public boolean stray() { return stray; }
        Path dataDir() { return dataDir; }

        /** The postmaster's pid while it runs. */
        public Optional<Long> pid() {
            try {
                long pid = Long.parseLong(Files.readAllLines(dataDir.resolve("postmaster.pid")).getFirst().strip());
                return ProcessHandle.of(pid).filter(EmbeddedCluster::running).map(ProcessHandle::pid);
            } catch (IOException | RuntimeException e) {
                return Optional.empty();
            }
        }

        public boolean running() {
            return pid().isPresent();
        }

        /** A new connection to this node (user and database {@code postgres}, trust); the caller closes it. */
        public Connection connect() throws SQLException {
            Properties p = new Properties();
            p.setProperty("user", "postgres");
            p.setProperty("connectTimeout", "10");
            p.setProperty("ApplicationName", "stampede-cluster");
            Connection c = new org.postgresql.Driver().connect("jdbc:postgresql://127.0.0.1:" + port + "/postgres", p);
            if (c == null) throw new SQLException("pgjdbc refused the URL", "08001");
            return c;
        }

        @Override
        public String toString() {
            return name + "@" + port + (stray ? " (former primary)" : replica ? " (replica)" : " (primary)");
        }
    }

    /**
     * What {@link #failover()} did and when: {@code faultAt} when the kill began, {@code killedAt} when
     * the old primary was gone, {@code promotedAt} when {@code pg_promote()} returned on the new one.
     */
    public record Failover(String killed, String promoted, List<String> repointed, Instant faultAt,
                           Instant killedAt, Instant promotedAt) {
        public Failover {
            repointed = List.copyOf(repointed);
        }

        public Duration killTime() { return Duration.between(faultAt, killedAt); }
        public Duration promoteTime() { return Duration.between(killedAt, promotedAt); }
    }

    private EmbeddedCluster(Path root, Path bin, Duration startupTimeout, boolean synchronous) {
        this.root = root;
        this.bin = bin;
        this.startupTimeout = startupTimeout;
        this.synchronous = synchronous;
        this.lifetime = new ServerLifetime("stampede-cluster-stop", this::stop);
    }

    /**
     * Starts a primary and {@code replicas} streaming replicas, configured from {@code stampede.embedded.*};
     * returns once every replica streams from the primary. On failure everything started is stopped.
     */
    public static EmbeddedCluster start(Settings settings, int replicas, boolean synchronous) throws IOException {
        if (replicas < 0 || replicas > 8) {
            throw new IllegalArgumentException("replicas must be between 0 and 8 (got " + replicas + ")");
        }
        if (synchronous && replicas == 0) {
            throw new IllegalArgumentException("synchronous replication needs at least one replica (got replicas: 0)");
        }
        long t0 = System.nanoTime();
        Path root = Files.createTempDirectory("stampede-cluster-");
        EmbeddedCluster cluster = new EmbeddedCluster(root, binaries(), settings.embeddedStartupTimeout(), synchronous);
        try {
            cluster.watch();
            Node primary = cluster.initPrimary(settings);
            for (int i = 1; i <= replicas; i++) cluster.addReplica("node" + i, primary);
            cluster.awaitStreaming(primary, replicas);
            if (synchronous) cluster.requireSynchronous(primary);
            log.info("embedded cluster started (primary + {} {} replicas) in {} ms", replicas,
                    synchronous ? "synchronous" : "asynchronous", (System.nanoTime() - t0) / 1_000_000);
            return cluster;
        } catch (IOException | RuntimeException e) {
            cluster.close();
            throw e;
        } catch (SQLException e) {
            cluster.close();
            throw new IOException("setting up the embedded cluster failed: " + e.getMessage(), e);
        }
    }

    /** zonky's extracted binaries (bin/, lib/, share/), extracted on first use like EmbeddedPostgres does. */
    private static Path binaries() throws IOException {
        try {
            var m = EmbeddedPostgres.class.getDeclaredMethod("prepareBinaries", PgBinaryResolver.class, File.class);
            m.setAccessible(true);
            return ((File) m.invoke(null, DefaultPostgresBinaryResolver.INSTANCE, null)).toPath().resolve("bin");
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IOException("cannot find the embedded PostgreSQL binaries: " + e, e);
        }
    }

    public List<Node> nodes() {
        return List.copyOf(nodes);
    }

    public boolean synchronous() {
        return synchronous;
    }

    /** The node stampede last made primary. */
    public Node primary() {
        return nodes.stream().filter(n -> !n.replica && !n.stray).findFirst().orElseThrow();
    }

    /** The nodes that are replicas now, in name order. */
    public List<Node> replicas() {
        return nodes.stream().filter(n -> n.replica && !n.stray).toList();
    }

    /**
     * The node called {@code name}: {@code primary} is the current primary, {@code replicaN} the N-th
     * current replica (from 1), anything else a node's own name ({@code node0}, {@code node1}…).
     */
    public Node node(String name) {
        if (name.equals("primary")) return primary();
        if (name.matches("replica[1-9][0-9]*")) {
            int i = Integer.parseInt(name.substring("replica".length()));
            List<Node> rs = replicas();
            if (i <= rs.size()) return rs.get(i - 1);
            throw new IllegalArgumentException("no " + name + ": the cluster has " + rs.size() + " replica(s) now");
        }
        return nodes.stream().filter(n -> n.name.equals(name)).findFirst().orElseThrow(() ->
                new IllegalArgumentException("no node '" + name + "' (nodes: "
                        + String.join(", ", nodes.stream().map(Node::name).toList()) + ", primary, replicaN)"));
    }

    /** Connection details of every node, primary first: the multi-host target a run uses. */
    public ConnectionInfo connectionInfo() {
        List<HostPort> hosts = new ArrayList<>();
        hosts.add(primary().host());
        replicas().forEach(r -> hosts.add(r.host()));
        return new ConnectionInfo(hosts, "postgres", "postgres", null, Map.of());
    }

    // ---------------------------------------------------------------- set-up

    private Node initPrimary(Settings settings) throws IOException {
        Path dir = root.resolve("node0");
        run(Duration.ofMinutes(2), "initdb", "-A", "trust", "-U", "postgres", "-E", "UTF-8", "--no-sync", "-D", dir.toString());
        Node node = new Node("node0", dir, freePort(), false);
        String fsync = settings.embeddedFsync() ? "on" : "off";
        String conf = String.join("\n",
                "",
                "# stampede embedded cluster",
                "listen_addresses = '127.0.0.1'",
                "unix_socket_directories = ''",
                "max_connections = " + settings.embeddedMaxConnections(),
                "shared_buffers = '" + settings.embeddedSharedBuffers() + "'",
                "fsync = " + fsync,
                "full_page_writes = " + fsync,
                // a synchronous cluster must wait for its replica at commit; an asynchronous one follows fsync
                "synchronous_commit = " + (synchronous ? "on" : fsync),
                "wal_level = replica",
                "hot_standby = on",
                "max_wal_senders = 16",
                "max_replication_slots = 16",
                "wal_keep_size = '128MB'",
                "hot_standby_feedback = on",
                "wal_receiver_status_interval = '1s'",
                "wal_retrieve_retry_interval = '500ms'",
                "");
        Files.writeString(dir.resolve("postgresql.conf"), conf, StandardOpenOption.APPEND);
        setPort(node);
        nodes.add(node);
        start(node);
        return node;
    }

    private static void setPort(Node node) throws IOException {
        Files.writeString(node.dataDir.resolve("postgresql.conf"), "port = " + node.port + "\n", StandardOpenOption.APPEND);
    }

    private void addReplica(String name, Node primary) throws IOException, SQLException {
        Path dir = root.resolve(name);
        Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Node node = new Node(name, dir, freePort(), true);
        try (Connection c = primary.connect(); Statement s = c.createStatement()) {
            s.execute("SELECT pg_create_physical_replication_slot('" + name + "', true)");
            s.execute("SELECT pg_backup_start('stampede " + name + "', true)");
            copyDataDir(primary.dataDir, dir);
            try (ResultSet rs = s.executeQuery("SELECT labelfile, spcmapfile FROM pg_backup_stop(false)")) {
                rs.next();
                Files.writeString(dir.resolve("backup_label"), rs.getString(1));
                String spcmap = rs.getString(2);
                if (spcmap != null && !spcmap.isEmpty()) Files.writeString(dir.resolve("tablespace_map"), spcmap);
            }
        }
        setPort(node);
        Files.writeString(dir.resolve("postgresql.auto.conf"), standbySettings(name, primary), StandardCharsets.UTF_8);
        Files.createFile(dir.resolve("standby.signal"));
        nodes.add(node);
        start(node);
    }

    private static String standbySettings(String name, Node primary) {
        return "primary_conninfo = '" + conninfo(name, primary) + "'\nprimary_slot_name = '" + name + "'\n";
    }

    private static String conninfo(String name, Node primary) {
        return "host=127.0.0.1 port=" + primary.port + " user=postgres application_name=" + name;
    }

    /** The base backup: the primary's files except its pid files, WAL, slots and temporary statistics. */
    private static void copyDataDir(Path from, Path to) throws IOException {
        Set<String> skipFiles = Set.of("postmaster.pid", "postmaster.opts", "backup_label", "tablespace_map");
        Set<String> emptyDirs = Set.of("pg_wal", "pg_replslot", "pg_stat_tmp", "pg_dynshmem", "pg_snapshots",
                "pg_subtrans", "pg_notify", "pg_serial");
        Files.walkFileTree(from, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                Path rel = from.relativize(dir);
                if (rel.toString().isEmpty()) return FileVisitResult.CONTINUE;
                Files.createDirectories(to.resolve(rel.toString()),
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
                if (rel.getNameCount() == 1 && emptyDirs.contains(rel.toString())) {
                    if (rel.toString().equals("pg_wal")) {
                        Files.createDirectories(to.resolve("pg_wal/archive_status"));
                        Files.createDirectories(to.resolve("pg_wal/summaries"));
                    }
                    return FileVisitResult.SKIP_SUBTREE;
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Path rel = from.relativize(file);
                if (rel.getNameCount() == 1 && skipFiles.contains(rel.toString())) return FileVisitResult.CONTINUE;
                try {
                    Files.copy(file, to.resolve(rel.toString()), StandardCopyOption.REPLACE_EXISTING);
                } catch (NoSuchFileException gone) {
                    // a file the server removed during the copy: WAL replay recreates what matters
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                if (e instanceof NoSuchFileException) return FileVisitResult.CONTINUE;
                throw e;
            }
        });
    }

    private void awaitStreaming(Node primary, int replicas) throws SQLException, IOException {
        long deadline = System.nanoTime() + startupTimeout.toNanos();
        try (Connection c = primary.connect(); Statement s = c.createStatement()) {
            while (true) {
                try (ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_stat_replication WHERE state = 'streaming'")) {
                    rs.next();
                    if (rs.getInt(1) >= replicas) return;
                }
                if (System.nanoTime() > deadline) {
                    throw new IOException("the replicas did not stream from the primary within " + startupTimeout
                            + " (see " + root + "/*.log)");
                }
                sleep(50);
            }
        }
    }

    /** Makes {@code primary} wait at commit for any one of the other running replicas (none: no wait). */
    private void requireSynchronous(Node primary) throws SQLException {
        List<String> names = replicas().stream().filter(Node::running).map(Node::name).toList();
        String value = names.isEmpty() ? "" : "ANY 1 (" + String.join(", ", names) + ")";
        try (Connection c = primary.connect(); Statement s = c.createStatement()) {
            s.execute("ALTER SYSTEM SET synchronous_standby_names = '" + value + "'");
            s.execute("SELECT pg_reload_conf()");
        }
    }

    // ---------------------------------------------------------------- node control

    /**
     * Stops {@code node} as a crash would: SIGKILL to the postmaster and every process it forked at
     * once (no checkpoint, no goodbye to clients or replicas), then waits until they are gone. An
     * immediate shutdown (SIGQUIT) would be as abrupt for clients but takes the postmaster a second
     * or more to finish, which would count in a failover's figures.
     */
    public synchronized void kill(Node node) throws IOException {
        Optional<Long> pid = node.pid();
        if (pid.isEmpty()) return;
        Optional<ProcessHandle> postmaster = ProcessHandle.of(pid.get());
        List<ProcessHandle> children = postmaster.map(h -> h.descendants().toList()).orElse(List.of());
        signal("KILL", pid.get());
        children.forEach(ProcessHandle::destroyForcibly);
        if (!awaitExit(pid.get(), Duration.ofSeconds(30))) throw new IOException(node.name + " did not die within 30 s of SIGKILL");
        for (ProcessHandle c : children) awaitExit(c.pid(), Duration.ofSeconds(10));
        log.info("embedded cluster: {} killed", node.name);
    }

    /** Starts {@code node} again (after {@link #kill}, or stops it fast first), in the role it had. */
    public synchronized void restart(Node node) throws IOException {
        node.pid().ifPresent(pid -> {
            signal("INT", pid);
            awaitExit(pid, Duration.ofSeconds(30));
        });
        start(node);
    }

    /**
     * Promotes the replica {@code node} ({@code pg_promote()}) and waits until it accepts writes;
     * returns when {@code pg_promote()} returned.
     */
    public synchronized Instant promote(Node node) throws SQLException {
        if (!node.replica) throw new IllegalArgumentException(node.name + " is already the primary");
        try (Connection c = node.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT pg_promote(true, " + Math.max(60, startupTimeout.toSeconds()) + ")")) {
            rs.next();
            if (!rs.getBoolean(1)) throw new SQLException(node.name + " was not promoted in time", "57014");
        }
        Instant promoted = Instant.now();
        // one primary at a time in stampede's view: the old one is out of every role from now on
        nodes.stream().filter(n -> !n.replica && n != node).forEach(n -> n.stray = true);
        node.replica = false;
        try (Connection c = node.connect(); Statement s = c.createStatement()) {
            s.execute("ALTER SYSTEM RESET primary_conninfo");
            s.execute("ALTER SYSTEM RESET primary_slot_name");
            s.execute("SELECT pg_reload_conf()");
        }
        log.info("embedded cluster: {} promoted", node.name);
        return promoted;
    }

    /**
     * Kills the primary, promotes the most advanced running replica (highest {@code pg_last_wal_replay_lsn()})
     * and points the other running replicas at it (a slot each on the new primary, {@code primary_conninfo}
     * reloaded, no restart). With {@code synchronous} the new primary waits for one of them.
     */
    public synchronized Failover failover() throws IOException, SQLException {
        return failover(() -> { });
    }

    /** The same, calling {@code afterKill} once the old primary is dead, before the promotion begins. */
    public synchronized Failover failover(Runnable afterKill) throws IOException, SQLException {
        Node old = primary();
        Instant faultAt = Instant.now();
        kill(old);
        Instant killedAt = Instant.now();
        afterKill.run();
        Node best = null;
        long bestLsn = -1;
        for (Node r : replicas()) {
            if (r == old || !r.running()) continue;
            try (Connection c = r.connect(); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT pg_wal_lsn_diff(pg_last_wal_replay_lsn(), '0/0')::bigint")) {
                rs.next();
                long lsn = rs.getLong(1);
                if (lsn > bestLsn) {
                    bestLsn = lsn;
                    best = r;
                }
            } catch (SQLException e) {
                log.warn("embedded cluster: replica {} did not answer during failover: {}", r.name, e.getMessage());
            }
        }
        if (best == null) throw new SQLException("no running replica to promote", "08006");
        Instant promotedAt = promote(best);
        List<String> repointed = new ArrayList<>();
        for (Node r : replicas()) {
            if (r == old || !r.running()) continue;
            try (Connection c = best.connect(); Statement s = c.createStatement()) {
                s.execute("SELECT pg_create_physical_replication_slot('" + r.name + "', true)"
                        + " WHERE NOT EXISTS (SELECT 1 FROM pg_replication_slots WHERE slot_name = '" + r.name + "')");
            }
            try (Connection c = r.connect(); Statement s = c.createStatement()) {
                s.execute("ALTER SYSTEM SET primary_conninfo = '" + conninfo(r.name, best) + "'");
                s.execute("ALTER SYSTEM SET primary_slot_name = '" + r.name + "'");
                s.execute("SELECT pg_reload_conf()");
            }
            repointed.add(r.name);
        }
        if (synchronous) requireSynchronous(best);
        Failover f = new Failover(old.name, best.name, repointed, faultAt, killedAt, promotedAt);
        log.info("embedded cluster: failover {} -> {} (kill {} ms, promote {} ms), repointed {}", old.name, best.name,
                f.killTime().toMillis(), f.promoteTime().toMillis(), repointed);
        return f;
    }

    // ---------------------------------------------------------------- processes

    private void start(Node node) throws IOException {
        awaitReaped(node);
        run(startupTimeout.plusSeconds(30), "pg_ctl", "-D", node.dataDir.toString(), "-l",
                root.resolve(node.name + ".log").toString(), "-w", "-t", String.valueOf(startupTimeout.toSeconds()), "start");
    }

    /** Runs one of zonky's binaries (in a user namespace when root, as zonky does: PostgreSQL refuses root). */
    private void run(Duration timeout, String binary, String... args) throws IOException {
        List<String> cmd = new ArrayList<>();
        if (ROOT) cmd.addAll(List.of("unshare", "-U"));
        cmd.add(bin.resolve(binary).toString());
        cmd.addAll(List.of(args));
        Path out = root.resolve("ctl.log");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(out.toFile())).start();
        try {
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw new IOException(binary + " did not finish within " + timeout + ": " + tail(out));
            }
            if (p.exitValue() != 0) throw new IOException(binary + " failed (exit " + p.exitValue() + "): " + tail(out));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            throw new IOException(binary + " interrupted", e);
        }
    }

    private static String tail(Path file) {
        try {
            List<String> lines = Files.readAllLines(file);
            return String.join(" | ", lines.subList(Math.max(0, lines.size() - 5), lines.size()));
        } catch (IOException e) {
            return "(no output)";
        }
    }

    private static void signal(String signal, long pid) {
        try {
            new ProcessBuilder("kill", "-" + signal, String.valueOf(pid)).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor(10, TimeUnit.SECONDS);
        } catch (IOException e) {
            log.warn("could not send SIG{} to {}: {}", signal, pid, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Polls every few milliseconds: a postmaster is not our child, and {@code onExit()} of a non-child
     * notices its end only after a growing back-off (seconds), which would delay a failover by as much.
     */
    private static boolean awaitExit(long pid, Duration timeout) {
        Optional<ProcessHandle> h = ProcessHandle.of(pid);
        if (h.isEmpty()) return true;
        long deadline = System.nanoTime() + timeout.toNanos();
        while (running(h.get())) {
            if (System.nanoTime() - deadline >= 0) return false;
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return !running(h.get());
            }
        }
        return true;
    }

    /** The pid in {@code postmaster.pid}, whether or not that process still runs. */
    private static Optional<Long> stalePid(Node node) {
        try {
            return Optional.of(Long.parseLong(Files.readAllLines(node.dataDir.resolve("postmaster.pid")).getFirst().strip()));
        } catch (IOException | RuntimeException noPidFile) {
            return Optional.empty();
        }
    }

    /**
     * A killed postmaster's zombie still owns its lock file ({@code kill(pid, 0)} succeeds on a zombie,
     * so a new postmaster refuses to start): wait until init has reaped it.
     */
    private static void awaitReaped(Node node) throws IOException {
        long pid;
        try {
            pid = Long.parseLong(Files.readAllLines(node.dataDir.resolve("postmaster.pid")).getFirst().strip());
        } catch (IOException | RuntimeException noPidFile) {
            return;
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
            if (running(ProcessHandle.of(pid).get())) return; // a live server: pg_ctl will say so
            if (System.nanoTime() - deadline >= 0) throw new IOException(node.name + "'s killed postmaster " + pid + " was not reaped within 30 s");
            sleep(10);
        }
    }

    /**
     * Alive and not a zombie: a killed postmaster was reparented to init when pg_ctl exited, and
     * lingers as a zombie until init reaps it (up to a second here), though it serves nobody.
     */
    private static boolean running(ProcessHandle h) {
        if (!h.isAlive()) return false;
        try {
            String stat = Files.readString(Path.of("/proc/" + h.pid() + "/stat"));
            int close = stat.lastIndexOf(')');
            return close < 0 || close + 2 >= stat.length() || stat.charAt(close + 2) != 'Z';
        } catch (IOException | RuntimeException e) {
            return h.isAlive();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /**
     * A detached shell that outlives a {@code kill -9} of this JVM: when the JVM is gone it stops every
     * node whose data directory names a postmaster, then deletes the cluster's directory.
     */
    private void watch() {
        String script = "while kill -0 \"$0\" 2>/dev/null; do sleep 1; done; "
                + "for f in \"$1\"/*/postmaster.pid; do p=$(head -n 1 \"$f\" 2>/dev/null); [ -n \"$p\" ] && kill -QUIT \"$p\" 2>/dev/null; done; "
                + "sleep 3; "
                + "for f in \"$1\"/*/postmaster.pid; do p=$(head -n 1 \"$f\" 2>/dev/null); [ -n \"$p\" ] && kill -KILL \"$p\" 2>/dev/null; done; "
                + "rm -rf \"$1\"";
        lifetime.watch("the embedded cluster", script, root.toString());
    }

    @Override
    public void close() {
        lifetime.close();
    }

    /** Fast shutdown of every node at once, SIGKILL for any that lingers, then the directory goes. */
    private void stop() {
        List<Long> pids = nodes.stream().flatMap(n -> n.pid().stream()).toList();
        List<Long> killed = nodes.stream().flatMap(n -> stalePid(n).stream()).filter(p -> !pids.contains(p)).toList();
        pids.forEach(pid -> signal("INT", pid));
        for (long pid : pids) {
            if (!awaitExit(pid, Duration.ofSeconds(15))) {
                ProcessHandle.of(pid).ifPresent(h -> h.descendants().forEach(ProcessHandle::destroyForcibly));
                signal("KILL", pid);
                awaitExit(pid, Duration.ofSeconds(5));
            }
        }
        // no process left at all, zombies of killed nodes included, once close returns (bounded)
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        for (long pid : java.util.stream.Stream.concat(pids.stream(), killed.stream()).toList()) {
            while (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false) && System.nanoTime() - deadline < 0) {
                try {
                    Thread.sleep(10);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        try (Stream<Path> walk = Files.walk(root)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | RuntimeException e) {
            log.warn("could not delete the embedded cluster's directory {}", root, e);
        }
        log.info("embedded cluster stopped");
    }
}
