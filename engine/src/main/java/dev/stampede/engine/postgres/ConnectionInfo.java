package dev.stampede.engine.postgres;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Collectors;

/**
 * A parsed PostgreSQL target: hosts, database, user, password and the remaining libpq options.
 *
 * <p>Accepts the three forms users paste: libpq URIs ({@code postgresql://u:p@h1,h2:5433/db?sslmode=require}),
 * JDBC URLs ({@code jdbc:postgresql://h:5432/db?user=u}) and libpq key=value strings
 * ({@code host=h port=5432 dbname=db}). Multi-host rule (as in hasql): when only the last host carries
 * a port, that port applies to every host.
 *
 * <p>The password is kept only to hand to the driver: {@link #toString()} and {@link #masked()} never
 * show it, so an instance may be logged or printed. Immutable and thread-safe.
 */
public final class ConnectionInfo {

    private static final String MASK = "***";

    private final List<HostPort> hosts;
    private final String database;
    private final String user;
    private final String password;
    private final Map<String, String> options;

    public ConnectionInfo(List<HostPort> hosts, String database, String user, String password,
                          Map<String, String> options) {
        this.hosts = List.copyOf(hosts);
        if (this.hosts.isEmpty()) throw new BadUrlException("a target needs at least one host");
        this.database = Objects.requireNonNull(database, "database");
        this.user = Objects.requireNonNull(user, "user");
        this.password = password;
        this.options = Collections.unmodifiableMap(new LinkedHashMap<>(options));
    }

    public List<HostPort> hosts() { return hosts; }
    public String database() { return database; }
    public String user() { return user; }
    public Optional<String> password() { return Optional.ofNullable(password); }
    public Map<String, String> options() { return options; }

    public ConnectionInfo withPassword(String newPassword) {
        return new ConnectionInfo(hosts, database, user, newPassword, options);
    }

    /**
     * Parses any accepted form. Missing user and database fall back to {@code defaults} (libpq's
     * PGUSER / PGDATABASE rules are applied by the caller).
     *
     * @throws BadUrlException with a message that names what is wrong and never the password
     */
    public static ConnectionInfo parse(String text, String defaultUser) {
        Objects.requireNonNull(text, "url");
        String s = text.strip();
        if (s.isEmpty()) throw new BadUrlException("empty target URL");
        String lower = s.toLowerCase(Locale.ROOT);
        if (lower.startsWith("jdbc:postgresql:")) return parseUri(s.substring("jdbc:".length()), defaultUser, true);
        if (lower.startsWith("postgresql://") || lower.startsWith("postgres://")) return parseUri(s, defaultUser, false);
        if (s.contains("=")) return parseKeyValue(s, defaultUser);
        throw new BadUrlException("not a PostgreSQL URL: expected postgresql://…, jdbc:postgresql://… or key=value pairs (got '"
                + maskFreeText(s) + "')");
    }

    private static ConnectionInfo parseUri(String s, String defaultUser, boolean jdbc) {
        int schemeEnd = s.indexOf(':');
        String rest = s.substring(schemeEnd + 1);
        if (!rest.startsWith("//")) {
            if (jdbc) { // jdbc:postgresql:dbname form
                return build("localhost", "", rest.isEmpty() ? null : rest, null, null, Map.of(), defaultUser);
            }
            throw new BadUrlException("URL must start with postgresql:// (got '" + maskFreeText(s) + "')");
        }
        rest = rest.substring(2);
        String query = "";
        int q = rest.indexOf('?');
        if (q >= 0) { query = rest.substring(q + 1); rest = rest.substring(0, q); }
        String path = null;
        int slash = rest.indexOf('/');
        if (slash >= 0) { path = rest.substring(slash + 1); rest = rest.substring(0, slash); }
        String userInfo = null;
        int at = rest.lastIndexOf('@');
        if (at >= 0) { userInfo = rest.substring(0, at); rest = rest.substring(at + 1); }
        String user = null, password = null;
        if (userInfo != null) {
            int colon = userInfo.indexOf(':');
            user = decode(colon >= 0 ? userInfo.substring(0, colon) : userInfo);
            if (colon >= 0) password = decode(userInfo.substring(colon + 1));
            if (user.isEmpty()) user = null;
        }
        Map<String, String> options = new LinkedHashMap<>();
        if (!query.isEmpty()) {
            for (String pair : query.split("&")) {
                if (pair.isEmpty()) continue;
                int eq = pair.indexOf('=');
                if (eq <= 0) throw new BadUrlException("URL parameter '" + pair.replaceAll("(?i)password.*", "password") + "' needs a value (name=value)");
                options.put(decode(pair.substring(0, eq)), decode(pair.substring(eq + 1)));
            }
        }
        String hostList = decode(rest);
        String portList = "";
        if (options.containsKey("host")) hostList = options.remove("host");
        if (options.containsKey("port")) portList = options.remove("port");
        if (options.containsKey("user")) user = options.remove("user");
        if (options.containsKey("password")) password = options.remove("password");
        String db = path == null || path.isEmpty() ? null : decode(path);
        if (options.containsKey("dbname")) db = options.remove("dbname");
        return build(hostList, portList, db, user, password, options, defaultUser);
    }

    private static ConnectionInfo parseKeyValue(String s, String defaultUser) {
        Map<String, String> kv = new LinkedHashMap<>();
        int i = 0, n = s.length();
        while (i < n) {
            while (i < n && Character.isWhitespace(s.charAt(i))) i++;
            if (i >= n) break;
            int keyStart = i;
            while (i < n && s.charAt(i) != '=' && !Character.isWhitespace(s.charAt(i))) i++;
            String key = s.substring(keyStart, i);
            while (i < n && Character.isWhitespace(s.charAt(i))) i++;
            if (i >= n || s.charAt(i) != '=') {
                throw new BadUrlException("key=value target: '" + key + "' has no '=' (expected name=value)");
            }
            i++;
            while (i < n && Character.isWhitespace(s.charAt(i))) i++;
            StringBuilder value = new StringBuilder();
            if (i < n && s.charAt(i) == '\'') {
                i++;
                boolean closed = false;
                while (i < n) {
                    char c = s.charAt(i++);
                    if (c == '\\' && i < n) { value.append(s.charAt(i++)); continue; }
                    if (c == '\'') { closed = true; break; }
                    value.append(c);
                }
                if (!closed) throw new BadUrlException("key=value target: unterminated quoted value for '" + key + "'");
            } else {
                while (i < n && !Character.isWhitespace(s.charAt(i))) {
                    char c = s.charAt(i++);
                    if (c == '\\' && i < n) c = s.charAt(i++);
                    value.append(c);
                }
            }
            kv.put(key, value.toString());
        }
        String hosts = kv.containsKey("host") ? kv.remove("host") : kv.getOrDefault("hostaddr", "localhost");
        kv.remove("hostaddr");
        String ports = kv.containsKey("port") ? kv.remove("port") : "";
        String db = kv.remove("dbname");
        String user = kv.remove("user");
        String password = kv.remove("password");
        return build(hosts, ports, db, user, password, kv, defaultUser);
    }

    private static ConnectionInfo build(String hostList, String portList, String db, String user, String password,
                                        Map<String, String> options, String defaultUser) {
        List<String> hostNames = new ArrayList<>();
        List<String> ports = new ArrayList<>();
        String effectiveHosts = hostList == null || hostList.isBlank() ? "localhost" : hostList;
        for (String part : splitHosts(effectiveHosts)) {
            String host = part, port = "";
            if (part.startsWith("[")) {
                int close = part.indexOf(']');
                if (close < 0) throw new BadUrlException("unclosed '[' in IPv6 host '" + part + "'");
                host = part.substring(1, close);
                String after = part.substring(close + 1);
                if (after.startsWith(":")) port = after.substring(1);
            } else {
                int colon = part.lastIndexOf(':');
                if (colon >= 0) { host = part.substring(0, colon); port = part.substring(colon + 1); }
            }
            hostNames.add(host.isBlank() ? "localhost" : host);
            ports.add(port);
        }
        if (!portList.isBlank()) {
            String[] explicit = portList.split(",", -1);
            if (explicit.length != 1 && explicit.length != hostNames.size()) {
                throw new BadUrlException("target has " + hostNames.size() + " hosts but " + explicit.length + " ports");
            }
            for (int i = 0; i < hostNames.size(); i++) ports.set(i, explicit[explicit.length == 1 ? 0 : i].strip());
        }
        // hasql rule: a port given only on the last host applies to every host
        String last = ports.get(ports.size() - 1);
        boolean onlyLast = !last.isEmpty() && ports.subList(0, ports.size() - 1).stream().allMatch(String::isEmpty);
        List<HostPort> result = new ArrayList<>();
        for (int i = 0; i < hostNames.size(); i++) {
            String p = ports.get(i).isEmpty() ? (onlyLast ? last : "") : ports.get(i);
            result.add(new HostPort(hostNames.get(i), parsePort(p)));
        }
        String u = user == null || user.isEmpty() ? defaultUser : user;
        String d = db == null || db.isEmpty() ? u : db;
        return new ConnectionInfo(result, d, u, password == null || password.isEmpty() ? null : password, options);
    }

    private static List<String> splitHosts(String hosts) {
        List<String> out = new ArrayList<>();
        for (String h : hosts.split(",")) {
            if (!h.isBlank()) out.add(h.strip());
        }
        if (out.isEmpty()) out.add("localhost");
        return out;
    }

    private static int parsePort(String p) {
        if (p.isEmpty()) return HostPort.DEFAULT_PORT;
        try {
            int port = Integer.parseInt(p);
            if (port < 1 || port > 65535) throw new NumberFormatException();
            return port;
        } catch (NumberFormatException e) {
            throw new BadUrlException("port must be a number 1..65535 (got '" + p + "')");
        }
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new BadUrlException("bad %-escape in URL");
        }
    }

    /** Hides anything after a ':' before an '@' and any password=… in free text we echo back. */
    static String maskFreeText(String s) {
        return s.replaceAll("(//[^:/@]*:)[^@]*@", "$1" + MASK + "@")
                .replaceAll("(?i)(password\\s*=\\s*)('[^']*'|\\S+)", "$1" + MASK);
    }

    /** libpq URI of this target with the password replaced by {@code ***}; safe to print and store. */
    public String masked() {
        StringBuilder sb = new StringBuilder("postgresql://").append(encode(user));
        if (password != null) sb.append(':').append(MASK);
        sb.append('@').append(hosts.stream().map(HostPort::toString).collect(Collectors.joining(",")));
        sb.append('/').append(encode(database));
        if (!options.isEmpty()) {
            sb.append('?').append(options.entrySet().stream()
                    .map(e -> e.getKey() + "=" + (e.getKey().toLowerCase(Locale.ROOT).contains("password") ? MASK : e.getValue()))
                    .collect(Collectors.joining("&")));
        }
        return sb.toString();
    }

    private static String encode(String s) {
        return java.net.URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** JDBC URL without credentials (they travel in {@link #driverProperties()}). */
    public String jdbcUrl() {
        return "jdbc:postgresql://" + hosts.stream().map(HostPort::toString).collect(Collectors.joining(","))
                + "/" + encode(database);
    }

    /**
     * pgjdbc properties: credentials plus the libpq options translated to pgjdbc names
     * ({@code connect_timeout} → {@code connectTimeout}, {@code target_session_attrs} → {@code targetServerType} …);
     * options pgjdbc does not know are passed through unchanged.
     */
    public Properties driverProperties() {
        Properties p = new Properties();
        p.setProperty("user", user);
        if (password != null) p.setProperty("password", password);
        options.forEach((k, v) -> {
            switch (k) {
                case "connect_timeout" -> p.setProperty("connectTimeout", v);
                case "application_name" -> p.setProperty("ApplicationName", v);
                case "options" -> p.setProperty("options", v);
                case "target_session_attrs" -> p.setProperty("targetServerType", switch (v) {
                    case "read-write", "primary" -> "primary";
                    case "read-only", "standby" -> "secondary";
                    case "prefer-standby" -> "preferSecondary";
                    default -> "any";
                });
                default -> p.setProperty(k, v);
            }
        });
        return p;
    }

    @Override
    public String toString() {
        return masked();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ConnectionInfo c && hosts.equals(c.hosts) && database.equals(c.database)
                && user.equals(c.user) && Objects.equals(password, c.password) && options.equals(c.options);
    }

    @Override
    public int hashCode() {
        return Objects.hash(hosts, database, user, options);
    }
}
