package dev.stampede.engine.postgres;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A PostgreSQL server of any image and version ({@code container:postgres:16-alpine}), started with
 * Testcontainers for one run where a Docker engine exists: the way to see a scenario on the version
 * production runs, while the embedded PostgreSQL 17 stays the default.
 *
 * <p>The run's server settings (e.g. {@code max_connections} for a large hold) go to {@code postgres} as
 * {@code -c name=value} arguments. Without Docker, {@link #start} fails at once with one line that says
 * what is missing; Testcontainers' own look-up is only asked when a socket or {@code DOCKER_HOST} exists,
 * so the answer takes milliseconds, not its seconds of probing.
 *
 * <p>Guarantees: {@link #close()} is idempotent and also runs from a JVM shutdown hook (and
 * Testcontainers' reaper removes the container if the JVM is killed). Thread-safe.
 */
public final class ContainerServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ContainerServer.class);

    /** The URL scheme: {@code container:IMAGE}. */
    public static final String SCHEME = "container:";
    private static final int PORT = 5432;
    private static final String PASSWORD = "stampede";

    private final org.testcontainers.containers.GenericContainer<?> container;
    private final String image;
    private final String version;
    private final ServerLifetime lifetime;

    private ContainerServer(org.testcontainers.containers.GenericContainer<?> container, String image, String version) {
        this.container = container;
        this.image = image;
        this.version = version;
        this.lifetime = new ServerLifetime("stampede-container-stop", this::stop);
    }

    /** True when {@code url} names a container target. */
    public static boolean isContainer(String url) {
        return url != null && url.regionMatches(true, 0, SCHEME, 0, SCHEME.length());
    }

    /** The image of a {@code container:IMAGE} URL; a bare name means the official {@code postgres} image of that tag. */
    public static String image(String url) {
        String image = url.substring(SCHEME.length()).strip();
        if (image.isEmpty()) throw new IllegalArgumentException("container: needs an image, e.g. container:postgres:16-alpine");
        if (image.chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException("container: an image name has no spaces (got '" + image + "')");
        }
        return image.matches("\\d+(\\.\\d+)?(-.*)?") ? "postgres:" + image : image;
    }

    /**
     * Why no container can be started here, or empty when a Docker engine answers. Cheap when there is
     * no engine at all (no socket, no {@code DOCKER_HOST}): nothing is loaded or probed then.
     */
    public static Optional<String> dockerMissing(Map<String, String> env) {
        List<Path> sockets = new ArrayList<>(List.of(Path.of("/var/run/docker.sock"), Path.of("/run/docker.sock")));
        String home = System.getProperty("user.home", "");
        sockets.add(Path.of(home, ".docker/run/docker.sock"));
        sockets.add(Path.of(home, ".docker/desktop/docker.sock"));
        String xdg = env.get("XDG_RUNTIME_DIR");
        if (xdg != null) sockets.add(Path.of(xdg, "docker.sock"));
        boolean hint = env.containsKey("DOCKER_HOST") || sockets.stream().anyMatch(Files::exists)
                || Files.exists(Path.of(home, ".testcontainers.properties"));
        if (!hint) {
            return Optional.of("no Docker engine here (no DOCKER_HOST, no docker.sock)");
        }
        try {
            if (org.testcontainers.DockerClientFactory.instance().isDockerAvailable()) return Optional.empty();
            return Optional.of("no Docker engine answers (DOCKER_HOST or docker.sock is there, but nothing replies)");
        } catch (RuntimeException | LinkageError e) {
            return Optional.of("Docker cannot be used: " + e.getMessage());
        }
    }

    /**
     * Pulls (when missing) and starts {@code image}, waits until PostgreSQL accepts connections, and
     * reads its version.
     *
     * @param settings server settings passed as {@code -c name=value}
     */
    public static ContainerServer start(String image, Map<String, String> settings, Map<String, String> env,
                                        Duration startupTimeout) throws IOException {
        Optional<String> missing = dockerMissing(env);
        if (missing.isPresent()) {
            throw new IOException(missing.get() + ": container: targets need Docker; without --url (or with a "
                    + "postgresql:// URL) stampede uses its embedded PostgreSQL 17");
        }
        long t0 = System.nanoTime();
        List<String> command = new ArrayList<>(List.of("postgres"));
        settings.forEach((k, v) -> command.addAll(List.of("-c", k + "=" + v)));
        var c = new org.testcontainers.containers.GenericContainer<>(
                org.testcontainers.utility.DockerImageName.parse(image))
                .withEnv("POSTGRES_PASSWORD", PASSWORD)
                .withEnv("POSTGRES_USER", "postgres")
                .withEnv("POSTGRES_DB", "postgres")
                .withExposedPorts(PORT)
                .withCommand(command.toArray(String[]::new))
                .waitingFor(org.testcontainers.containers.wait.strategy.Wait
                        .forLogMessage(".*database system is ready to accept connections.*\\s", 2)
                        .withStartupTimeout(startupTimeout));
        try {
            c.start();
        } catch (RuntimeException e) {
            c.stop();
            throw new IOException("the container " + image + " did not start: " + e.getMessage(), e);
        }
        ConnectionInfo info = info(c);
        String version;
        try (var conn = DriverManager.getConnection(info.jdbcUrl(), info.driverProperties());
             var st = conn.createStatement(); var rs = st.executeQuery("SHOW server_version")) {
            rs.next();
            version = rs.getString(1);
        } catch (SQLException e) {
            c.stop();
            throw new IOException("the container " + image + " started, but PostgreSQL in it does not answer: " + e.getMessage(), e);
        }
        log.info("container {} (PostgreSQL {}) started on port {} in {} ms", image, version, c.getMappedPort(PORT),
                (System.nanoTime() - t0) / 1_000_000);
        return new ContainerServer(c, image, version);
    }

    private static ConnectionInfo info(org.testcontainers.containers.GenericContainer<?> c) {
        return new ConnectionInfo(List.of(new HostPort(c.getHost(), c.getMappedPort(PORT))), "postgres", "postgres",
                PASSWORD, Map.of());
    }

    /** Connection details (user and database {@code postgres}, a password that output masks). */
    public ConnectionInfo connectionInfo() {
        return info(container);
    }

    public String image() {
        return image;
    }

    /** The server's own {@code server_version}. */
    public String version() {
        return version;
    }

    @Override
    public void close() {
        lifetime.close();
    }

    private void stop() {
        try {
            container.stop();
            log.info("container {} stopped", image);
        } catch (RuntimeException e) {
            log.warn("stopping the container {} failed", image, e);
        }
    }
}
