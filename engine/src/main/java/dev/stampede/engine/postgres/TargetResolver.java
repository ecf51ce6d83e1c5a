package dev.stampede.engine.postgres;

import dev.stampede.engine.config.Settings;
import dev.stampede.engine.plan.TargetSpec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Decides where a run's load goes: {@code --url} > the scenario's own target > {@code DATABASE_URL} >
 * libpq variables ({@code PGHOST}, {@code PGPORT}, {@code PGDATABASE}, with {@code PGUSER},
 * {@code PGPASSWORD} and {@code ~/.pgpass} for credentials) > an embedded PostgreSQL started for the run.
 *
 * <p>The environment and home directory are passed in, so the rules are testable without touching the
 * real ones. Stateless apart from its inputs; thread-safe.
 */
public final class TargetResolver {

    private final Map<String, String> env;
    private final Path home;
    private final Settings settings;

    public TargetResolver(Map<String, String> env, Path home, Settings settings) {
        this.env = Map.copyOf(env);
        this.home = home;
        this.settings = settings;
    }

    /** The environment of this process and the user's home. */
    public static TargetResolver fromSystem(Settings settings) {
        return new TargetResolver(System.getenv(), Path.of(System.getProperty("user.home", ".")), settings);
    }

    /**
     * Resolves without starting anything; empty means "use the embedded server".
     *
     * @param flagUrls the {@code --url} values; several are the hosts of one multi-host target
     */
    public Optional<Candidate> choose(List<String> flagUrls, TargetSpec spec) {
        if (containerImage(flagUrls, spec).isPresent()) return Optional.empty(); // started for the run, like the embedded one
        String defaultUser = env.getOrDefault("PGUSER", System.getProperty("user.name", "postgres"));
        if (!flagUrls.isEmpty()) {
            List<ConnectionInfo> parsed = flagUrls.stream().map(u -> ConnectionInfo.parse(u, defaultUser)).toList();
            ConnectionInfo first = parsed.get(0);
            List<HostPort> hosts = new ArrayList<>();
            parsed.forEach(p -> hosts.addAll(p.hosts()));
            ConnectionInfo all = new ConnectionInfo(hosts, first.database(), first.user(),
                    first.password().orElse(null), first.options());
            return Optional.of(new Candidate(withCredentials(all), ResolvedTarget.Origin.FLAG));
        }
        if (spec.url().isPresent()) {
            return Optional.of(new Candidate(withCredentials(ConnectionInfo.parse(spec.url().get(), defaultUser)),
                    ResolvedTarget.Origin.SCENARIO));
        }
        String databaseUrl = env.get("DATABASE_URL");
        if (databaseUrl != null && !databaseUrl.isBlank()) {
            return Optional.of(new Candidate(withCredentials(ConnectionInfo.parse(databaseUrl, defaultUser)),
                    ResolvedTarget.Origin.DATABASE_URL));
        }
        if (env.containsKey("PGHOST") || env.containsKey("PGPORT") || env.containsKey("PGDATABASE")) {
            StringBuilder kv = new StringBuilder();
            append(kv, "host", env.get("PGHOST"));
            append(kv, "port", env.get("PGPORT"));
            append(kv, "dbname", env.get("PGDATABASE"));
            return Optional.of(new Candidate(withCredentials(ConnectionInfo.parse(kv.toString().isBlank()
                    ? "host=localhost" : kv.toString(), defaultUser)), ResolvedTarget.Origin.LIBPQ_ENVIRONMENT));
        }
        return Optional.empty();
    }

    /**
     * The image when the winning target is {@code container:IMAGE} ({@code --url container:postgres:16} or the
     * scenario's {@code target container('postgres:16')}): a server started for the run, as the embedded one is.
     *
     * @throws IllegalArgumentException when the image name is malformed
     */
    public Optional<String> containerImage(List<String> flagUrls, TargetSpec spec) {
        String winner = !flagUrls.isEmpty() ? flagUrls.get(0) : spec.url().orElse(null);
        if (!ContainerServer.isContainer(winner)) return Optional.empty();
        if (flagUrls.size() > 1) throw new IllegalArgumentException("a container: target is one server: give one --url");
        return Optional.of(ContainerServer.image(winner));
    }

    /** Resolves, starting the embedded server (or the named container) when nothing else is named. */
    public ResolvedTarget resolve(List<String> flagUrls, TargetSpec spec, Map<String, String> embeddedSettings)
            throws IOException {
        Optional<String> image = containerImage(flagUrls, spec);
        if (image.isPresent()) {
            return ResolvedTarget.of(ContainerServer.start(image.get(), embeddedSettings, env, settings.containerStartupTimeout()));
        }
        Optional<Candidate> chosen = choose(flagUrls, spec);
        if (chosen.isPresent()) return new ResolvedTarget(chosen.get().info(), chosen.get().origin(), null);
        EmbeddedServer server = EmbeddedServer.start(settings, embeddedSettings);
        return new ResolvedTarget(server.connectionInfo(), ResolvedTarget.Origin.EMBEDDED, server);
    }

    /** A target chosen by the rules, before anything is started. */
    public record Candidate(ConnectionInfo info, ResolvedTarget.Origin origin) {
    }

    private static void append(StringBuilder kv, String key, String value) {
        if (value != null && !value.isBlank()) kv.append(key).append("='").append(value.replace("'", "\\'")).append("' ");
    }

    /** Fills a missing password from PGPASSWORD, then from the pgpass file, as libpq does. */
    private ConnectionInfo withCredentials(ConnectionInfo info) {
        if (info.password().isPresent()) return info;
        String pw = env.get("PGPASSWORD");
        if (pw != null && !pw.isEmpty()) return info.withPassword(pw);
        Path passFile = env.containsKey("PGPASSFILE") ? Path.of(env.get("PGPASSFILE")) : home.resolve(".pgpass");
        return PgPass.lookup(passFile, info.hosts().get(0), info.database(), info.user())
                .map(info::withPassword).orElse(info);
    }

    /** libpq's password file: {@code hostname:port:database:username:password}, {@code *} matches anything. */
    static final class PgPass {
        private PgPass() {
        }

        static Optional<String> lookup(Path file, HostPort host, String database, String user) {
            if (!Files.isRegularFile(file)) return Optional.empty();
            List<String> lines;
            try {
                lines = Files.readAllLines(file);
            } catch (IOException e) {
                return Optional.empty();
            }
            for (String line : lines) {
                if (line.isBlank() || line.startsWith("#")) continue;
                List<String> f = fields(line);
                if (f.size() != 5) continue;
                if (matches(f.get(0), host.host()) && matches(f.get(1), String.valueOf(host.port()))
                        && matches(f.get(2), database) && matches(f.get(3), user)) {
                    return Optional.of(f.get(4));
                }
            }
            return Optional.empty();
        }

        private static boolean matches(String pattern, String value) {
            return pattern.equals("*") || pattern.equals(value)
                    || (pattern.equals("localhost") && (value.equals("127.0.0.1") || value.equals("::1")));
        }

        private static List<String> fields(String line) {
            List<String> out = new ArrayList<>();
            StringBuilder cur = new StringBuilder();
            for (int i = 0; i < line.length(); i++) {
                char c = line.charAt(i);
                if (c == '\\' && i + 1 < line.length()) cur.append(line.charAt(++i));
                else if (c == ':' && out.size() < 4) { out.add(cur.toString()); cur.setLength(0); }
                else cur.append(c);
            }
            out.add(cur.toString());
            return out;
        }
    }
}
