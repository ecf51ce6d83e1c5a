package dev.stampede.engine.postgres;

import dev.stampede.engine.plan.TargetSpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * A PgBouncer started for one run, in front of a PostgreSQL server, on a free port of 127.0.0.1 (TCP only).
 *
 * <p>It runs in the foreground as a child of this JVM, from a private temporary directory holding its ini,
 * auth file and log. The auth file carries the server's password (or, for a password-less server such as
 * the embedded one, a random one the clients use); the password is never logged or shown. As root,
 * PgBouncer refuses to run, so it is started with {@code -u nobody} and its files are owned by that user.
 *
 * <p>Guarantees: {@link #close()} is idempotent and also runs from a JVM shutdown hook (normal end, error,
 * Ctrl-C, SIGTERM); a detached watchdog stops PgBouncer when this JVM dies without hooks ({@code kill -9}).
 * Thread-safe.
 */
public final class PgBouncer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(PgBouncer.class);

    /** Where PgBouncer is looked for after {@code PATH} (Debian installs it in /usr/sbin). */
    static final List<String> SBIN = List.of("/usr/sbin", "/usr/local/sbin");

    /** The user PgBouncer runs as when stampede runs as root. */
    static final String UNPRIVILEGED_USER = "nobody";

    /** Thrown when no PgBouncer is installed: the message is the one line the user sees. */
    public static final class NotInstalled extends IOException {
        public NotInstalled(String message) {
            super(message);
        }
    }

    private final Process process;
    private final Path dir;
    private final TargetSpec.Pooler spec;
    private final String version;
    private final ConnectionInfo server;
    private final ConnectionInfo pooled;
    private final ServerLifetime lifetime;

    private PgBouncer(Process process, Path dir, TargetSpec.Pooler spec, String version, ConnectionInfo server,
                      ConnectionInfo pooled) {
        this.process = process;
        this.dir = dir;
        this.spec = spec;
        this.version = version;
        this.server = server;
        this.pooled = pooled;
        this.lifetime = new ServerLifetime("stampede-pgbouncer-stop", this::stop);
        watch(process.pid(), dir);
    }

    /** The PgBouncer executable: {@code STAMPEDE_PGBOUNCER} when set, else on {@code PATH}, then in /usr/sbin and /usr/local/sbin. */
    public static Optional<Path> executable(Map<String, String> env) {
        String given = env.get("STAMPEDE_PGBOUNCER");
        if (given != null && !given.isBlank()) {
            Path p = Path.of(given);
            return Files.isRegularFile(p) && Files.isExecutable(p) ? Optional.of(p) : Optional.empty();
        }
        List<String> dirs = new ArrayList<>();
        String path = env.getOrDefault("PATH", "");
        if (!path.isBlank()) dirs.addAll(List.of(path.split(java.io.File.pathSeparator)));
        dirs.addAll(SBIN);
        for (String d : dirs) {
            if (d.isBlank()) continue;
            Path p = Path.of(d, "pgbouncer");
            if (Files.isRegularFile(p) && Files.isExecutable(p)) return Optional.of(p);
        }
        return Optional.empty();
    }

    /** The one line shown when PgBouncer is missing. */
    public static String notInstalledMessage() {
        return "pgbouncer is not installed (looked on PATH, in /usr/sbin and /usr/local/sbin): "
                + "install it, e.g. apt-get install pgbouncer, or point --url at a running pooler";
    }

    /** {@code PgBouncer 1.18.0}, from {@code pgbouncer --version}. */
    static String version(Path exe) throws IOException {
        Process p = new ProcessBuilder(exe.toString(), "--version").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            p.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return out.lines().findFirst().orElse("PgBouncer").strip();
    }

    /**
     * Starts PgBouncer in front of {@code server}; when it cannot start nothing is left running.
     *
     * @param maxClients the most client connections it must accept (max_client_conn)
     * @throws NotInstalled no pgbouncer executable was found
     * @throws IOException  it did not start (the message carries the last lines of its log)
     */
    public static PgBouncer start(TargetSpec.Pooler spec, ConnectionInfo server, int maxClients, Map<String, String> env,
                                  Duration startupTimeout) throws IOException {
        Path exe = executable(env).orElseThrow(() -> new NotInstalled(notInstalledMessage()));
        if (server.hosts().size() != 1) throw new IOException("pgbouncer stands in front of one server (got " + server.hosts().size() + " hosts)");
        String version = version(exe);
        boolean root = "root".equals(System.getProperty("user.name")) || isRootUid();
        Path dir = Files.createTempDirectory("stampede-pgbouncer-");
        IOException last = null;
        for (int attempt = 0; attempt < 3; attempt++) {
            int port = freePort();
            String clientPassword = server.password().orElseGet(PgBouncer::randomPassword);
            writeFiles(dir, spec, server, port, clientPassword, maxClients, root);
            List<String> cmd = new ArrayList<>();
            cmd.add(exe.toString());
            if (root) {
                cmd.add("-u");
                cmd.add(UNPRIVILEGED_USER);
            }
            cmd.add(dir.resolve("pgbouncer.ini").toString());
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("stdout.log").toFile())).start();
            try {
                awaitListening(p, port, startupTimeout);
                ConnectionInfo pooled = new ConnectionInfo(List.of(new HostPort("127.0.0.1", port)), server.database(),
                        server.user(), clientPassword, Map.of());
                PgBouncer b = new PgBouncer(p, dir, spec, version, server, pooled);
                log.info("{} started on 127.0.0.1:{} ({} mode, pool size {}) in front of {}", version, port, spec.mode(),
                        spec.poolSize(), server.masked());
                return b;
            } catch (IOException e) {
                p.destroyForcibly();
                last = e;
                log.warn("pgbouncer attempt {} did not start: {}", attempt + 1, e.getMessage());
            }
        }
        deleteQuietly(dir);
        throw last;
    }

    private static boolean isRootUid() {
        try {
            Object uid = Files.getAttribute(Path.of("/proc/self"), "unix:uid");
            return uid instanceof Integer i && i == 0;
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return false;
        }
    }

    private static void writeFiles(Path dir, TargetSpec.Pooler spec, ConnectionInfo server, int port, String password,
                                   int maxClients, boolean root) throws IOException {
        HostPort h = server.hosts().getFirst();
        String ini = """
                ;; written by stampede for one run
                [databases]
                %s = host=%s port=%d dbname=%s
                [pgbouncer]
                listen_addr = 127.0.0.1
                listen_port = %d
                unix_socket_dir =
                auth_type = scram-sha-256
                auth_file = %s
                admin_users = %s
                stats_users = %s
                pool_mode = %s
                default_pool_size = %d
                max_db_connections = %d
                max_client_conn = %d
                ignore_startup_parameters = extra_float_digits
                logfile = %s
                log_connections = 0
                log_disconnections = 0
                """.formatted(quoteName(server.database()), h.host(), h.port(), quoteName(server.database()), port,
                dir.resolve("userlist.txt"), server.user(), server.user(), spec.mode(), spec.poolSize(), spec.poolSize(),
                Math.max(100, maxClients), dir.resolve("pgbouncer.log"));
        Files.writeString(dir.resolve("pgbouncer.ini"), ini);
        Path users = dir.resolve("userlist.txt");
        Files.writeString(users, "\"" + server.user().replace("\"", "\"\"") + "\" \"" + password.replace("\"", "\"\"") + "\"\n");
        Files.setPosixFilePermissions(users, PosixFilePermissions.fromString("rw-------"));
        if (root) {
            for (Path p : List.of(dir, dir.resolve("pgbouncer.ini"), users)) {
                Files.setOwner(p, dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(UNPRIVILEGED_USER));
            }
        }
    }

    private static String quoteName(String name) {
        return name.matches("[A-Za-z0-9_]+") ? name : "\"" + name.replace("\"", "\"\"") + "\"";
    }

    private static String randomPassword() {
        byte[] b = new byte[18];
        new SecureRandom().nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress("127.0.0.1", 0));
            return s.getLocalPort();
        }
    }

    private static void awaitListening(Process p, int port, Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) throw new IOException("pgbouncer exited with status " + p.exitValue());
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 500);
                return;
            } catch (IOException notYet) {
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted while pgbouncer was starting");
                }
            }
        }
        throw new IOException("pgbouncer did not listen on 127.0.0.1:" + port + " within " + timeout.toSeconds() + "s");
    }

    /** A detached shell that stops PgBouncer when this JVM is gone without running its hooks (kill -9). */
    private void watch(long pid, Path dir) {
        String script = "while kill -0 \"$0\" 2>/dev/null; do sleep 1; done; kill -TERM \"$1\" 2>/dev/null; "
                + "for i in 1 2 3 4 5; do kill -0 \"$1\" 2>/dev/null || break; sleep 1; done; "
                + "kill -KILL \"$1\" 2>/dev/null; rm -rf \"$2\"";
        lifetime.watch("pgbouncer", script, String.valueOf(pid), dir.toString());
    }

    /** Where clients connect: 127.0.0.1, the pooler's port, the server's database and user. */
    public ConnectionInfo connectionInfo() {
        return pooled;
    }

    /** The server behind the pooler. */
    public ConnectionInfo server() {
        return server;
    }

    public TargetSpec.Pooler spec() {
        return spec;
    }

    /** {@code PgBouncer 1.18.0}. */
    public String version() {
        return version;
    }

    public long pid() {
        return process.pid();
    }

    public boolean alive() {
        return process.isAlive();
    }

    /** For headers: {@code PgBouncer 1.18.0 (transaction mode, pool size 20) on 127.0.0.1:6432 → postgresql://…}. */
    public String describe() {
        return version + " (" + spec.mode() + " mode, pool size " + spec.poolSize() + ") on " + pooled.hosts().getFirst()
                + " → " + server.masked();
    }

    /**
     * The pooler's own counters from its admin console ({@code SHOW POOLS} for the run's database):
     * client connections active and waiting, server connections active, idle, used and in total.
     */
    public Map<String, Object> pools() throws SQLException {
        // the lean client: pgjdbc takes the admin console's version for a pre-9.0 server and sends a SET it refuses
        ConnectionInfo admin = new ConnectionInfo(pooled.hosts(), "pgbouncer", pooled.user(), pooled.password().orElse(null), Map.of());
        long clActive = 0, clWaiting = 0, svActive = 0, svIdle = 0, svUsed = 0, svOther = 0;
        try (LeanConnection c = LeanConnection.open(admin, Duration.ofSeconds(5), "stampede")) {
            for (List<String> r : c.query("SHOW POOLS")) {
                if (!server.database().equals(r.get(0))) continue;
                // 1.18 added four cancel-request columns after cl_waiting and sv_active
                boolean cancelColumns = r.size() >= 16;
                int sv = cancelColumns ? 6 : 4;
                int idle = cancelColumns ? 9 : 5;
                clActive += Long.parseLong(r.get(2));
                clWaiting += Long.parseLong(r.get(3));
                svActive += Long.parseLong(r.get(sv));
                svIdle += Long.parseLong(r.get(idle));
                svUsed += Long.parseLong(r.get(idle + 1));
                svOther += Long.parseLong(r.get(idle + 2)) + Long.parseLong(r.get(idle + 3));
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("clientsActive", clActive);
        out.put("clientsWaiting", clWaiting);
        out.put("serversActive", svActive);
        out.put("serversIdle", svIdle);
        out.put("serversUsed", svUsed);
        out.put("serverConnections", svActive + svIdle + svUsed + svOther);
        return out;
    }

    /** The pooler's CPU time so far (user + system) from /proc/PID/stat, or -1 where unreadable. */
    public Duration cpu() {
        try {
            String stat = Files.readString(Path.of("/proc", String.valueOf(process.pid()), "stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]);
            return Duration.ofMillis(ticks * 10); // USER_HZ is 100 on Linux
        } catch (IOException | RuntimeException e) {
            return Duration.ofMillis(-1);
        }
    }

    /** The last lines of PgBouncer's log, for messages when something went wrong. */
    public String logTail(int lines) {
        try {
            List<String> all = Files.readAllLines(dir.resolve("pgbouncer.log"));
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "";
        }
    }

    @Override
    public void close() {
        lifetime.close();
    }

    private void stop() {
        process.destroy(); // SIGTERM: PgBouncer's fast exit
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        deleteQuietly(dir);
        log.info("pgbouncer stopped");
    }

    private static void deleteQuietly(Path dir) {
        try (var walk = Files.walk(dir)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | RuntimeException e) {
            log.warn("could not delete {}", dir, e);
        }
    }
}
