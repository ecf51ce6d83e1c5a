package dev.stampede.engine.postgres;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLNonTransientConnectionException;
import java.text.Normalizer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A PostgreSQL connection that speaks just enough of the v3 wire protocol to be opened, kept idle,
 * pinged and closed: startup (trust, password, md5 and SCRAM-SHA-256 authentication, TLS as
 * {@code sslmode} prefer/require asks, without certificate checks, as libpq does for those modes), simple
 * queries with text results, terminate.
 *
 * <p>What it is for: holding thousands of idle connections. A pgjdbc connection keeps about 49 KB of heap
 * (stream buffers, type cache, query caches) for its whole life; this keeps the socket and a few fields.
 * Nothing is buffered between exchanges: an exchange (the startup, a query) reads its answer through a
 * small buffer of its own — one read system call for what the server sent in one go, where reading each
 * message's header and body exactly took two per message (the startup's answer alone is some twenty
 * messages: most of the client CPU a churned connection cost) — and drops it when the answer is complete,
 * so a held connection owns no buffer at all. Targets it cannot serve (several hosts, certificate checks, driver options) are told
 * by {@link #supports(ConnectionInfo)} and go to pgjdbc instead.
 *
 * <p>Thread-safe: exchanges are serialised by a lock; {@link #close()} may come from any thread.
 */
public final class LeanConnection implements BareConnection {

    /** libpq options this client honours; any other option sends the target to pgjdbc. */
    private static final Set<String> UNDERSTOOD = Set.of("connect_timeout", "connectTimeout", "application_name",
            "ApplicationName", "options", "sslmode", "gssencmode");
    private static final Set<String> SSL_MODES = Set.of("disable", "allow", "prefer", "require");
    private static final int PROTOCOL_3_0 = 196608;
    private static final int SSL_REQUEST = 80877103;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final ReentrantLock lock = new ReentrantLock();
    private volatile boolean closed;
    /** The current exchange's read buffer (null between exchanges), and its read position and limit. */
    private byte[] rbuf;
    private int rpos;
    private int rlim;
    private static final int READ_BUFFER = 1024;

    private LeanConnection(Socket socket) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
    }

    /** True when this client can open connections to {@code info} exactly as pgjdbc would. */
    public static boolean supports(ConnectionInfo info) {
        if (info.hosts().size() != 1 || info.hosts().getFirst().host().startsWith("/")) return false;
        for (Map.Entry<String, String> o : info.options().entrySet()) {
            if (!UNDERSTOOD.contains(o.getKey())) return false;
            if (o.getKey().equals("sslmode") && !SSL_MODES.contains(o.getValue())) return false;
            if (o.getKey().equals("gssencmode") && !o.getValue().equals("disable") && !o.getValue().equals("prefer")) return false;
        }
        return true;
    }

    /**
     * Opens and authenticates a connection, returning once the server is ready for queries.
     *
     * @throws SQLException with the server's SQLSTATE (53300 when it refuses for lack of slots), or with the
     *                      I/O failure as its cause (refused, timeout, too many open files)
     * @throws SQLFeatureNotSupportedException when the server asks for an authentication method this client lacks
     */
    public static LeanConnection open(ConnectionInfo info, Duration connectTimeout, String applicationName) throws SQLException {
        HostPort hp = info.hosts().getFirst();
        String sslmode = info.options().getOrDefault("sslmode", "prefer");
        int timeout = (int) Math.min(Integer.MAX_VALUE, Math.max(0, connectTimeout.toMillis()));
        Socket s = socksConfigured() ? new Socket() : new Socket(Proxy.NO_PROXY);
        try {
            s.setTcpNoDelay(true);
            s.connect(new InetSocketAddress(hp.host(), hp.port()), timeout);
            s.setSoTimeout(timeout);
            if (sslmode.equals("prefer") || sslmode.equals("require")) s = negotiateTls(s, hp.host(), sslmode);
            LeanConnection c = new LeanConnection(s);
            c.startup(info, applicationName);
            s.setSoTimeout(0);
            return c;
        } catch (IOException e) {
            closeQuietly(s);
            throw new SQLNonTransientConnectionException("connection to " + hp + " failed: " + e.getMessage(), "08001", e);
        } catch (SQLException | RuntimeException e) {
            closeQuietly(s);
            throw e;
        }
    }

    /**
     * True when the JVM is told to use a SOCKS proxy (as pgjdbc's sockets would). Otherwise the socket is made
     * without the SOCKS layer: it would ask the proxy selector, which parses a {@code socket://host:port} URI
     * on every connect, only to be told to go direct.
     */
    static boolean socksConfigured() {
        return System.getProperty("socksProxyHost") != null || Boolean.getBoolean("java.net.useSystemProxies");
    }

    private static Socket negotiateTls(Socket s, String host, String sslmode) throws IOException, SQLException {
        s.getOutputStream().write(ByteBuffer.allocate(8).putInt(8).putInt(SSL_REQUEST).array());
        int answer = s.getInputStream().read();
        if (answer == 'N') {
            if (sslmode.equals("require")) throw new SQLException("the server does not support SSL, and sslmode=require", "08004");
            return s;
        }
        if (answer != 'S') throw new SQLException("unexpected answer to the SSL request: " + answer, "08P01");
        try {
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, new TrustManager[]{new TrustAll()}, RANDOM);
            SSLSocket tls = (SSLSocket) ctx.getSocketFactory().createSocket(s, host, s.getPort(), true);
            tls.startHandshake();
            return tls;
        } catch (GeneralSecurityException e) {
            throw new SQLException("TLS is not available: " + e.getMessage(), "08001", e);
        }
    }

    private void startup(ConnectionInfo info, String applicationName) throws IOException, SQLException {
        Message m = new Message((char) 0);
        m.putInt(PROTOCOL_3_0);
        m.putString("user").putString(info.user());
        m.putString("database").putString(info.database());
        String app = info.options().getOrDefault("application_name", info.options().getOrDefault("ApplicationName", applicationName));
        m.putString("application_name").putString(app);
        m.putString("client_encoding").putString("UTF8");
        if (info.options().containsKey("options")) m.putString("options").putString(info.options().get("options"));
        m.putByte(0);
        send(m);
        Scram scram = null;
        while (true) {
            Frame f = read();
            switch (f.type) {
                case 'R' -> {
                    int code = f.body.getInt();
                    switch (code) {
                        case 0 -> { }
                        case 3 -> send(new Message('p').putString(password(info)));
                        case 5 -> {
                            byte[] salt = new byte[4];
                            f.body.get(salt);
                            send(new Message('p').putString(md5(password(info), info.user(), salt)));
                        }
                        case 10 -> {
                            List<String> mechanisms = new ArrayList<>();
                            for (String mech; !(mech = cstring(f.body)).isEmpty(); ) mechanisms.add(mech);
                            if (!mechanisms.contains("SCRAM-SHA-256")) {
                                throw new SQLFeatureNotSupportedException("SASL mechanisms " + mechanisms + " are not supported", "28000");
                            }
                            scram = new Scram(password(info));
                            byte[] first = scram.clientFirst();
                            send(new Message('p').putString("SCRAM-SHA-256").putInt(first.length).putBytes(first));
                        }
                        case 11 -> send(new Message('p').putBytes(scram(scram).clientFinal(rest(f.body))));
                        case 12 -> scram(scram).verifyServerFinal(rest(f.body));
                        default -> throw new SQLFeatureNotSupportedException(
                                "authentication method " + code + " is not supported by the lean client", "28000");
                    }
                }
                case 'E' -> throw error(f.body);
                case 'Z' -> {
                    endExchange();
                    return;
                }
                default -> { } // S ParameterStatus, K BackendKeyData, N Notice
            }
        }
    }

    /** Runs {@code SELECT 1} and waits for its answer. */
    @Override
    public void ping() throws SQLException {
        query("SELECT 1");
    }

    /** Runs one simple query and returns its rows as text (SQL NULL as {@code null}). */
    @Override
    public List<List<String>> query(String sql) throws SQLException {
        lock.lock();
        try {
            if (closed) throw new SQLNonTransientConnectionException("the connection is closed", "08003");
            send(new Message('Q').putString(sql));
            List<List<String>> rows = new ArrayList<>();
            SQLException failure = null;
            while (true) {
                Frame f = read();
                switch (f.type) {
                    case 'D' -> {
                        int n = f.body.getShort();
                        List<String> row = new ArrayList<>(n);
                        for (int i = 0; i < n; i++) {
                            int len = f.body.getInt();
                            if (len < 0) {
                                row.add(null);
                            } else {
                                row.add(new String(f.body.array(), f.body.position(), len, StandardCharsets.UTF_8));
                                f.body.position(f.body.position() + len);
                            }
                        }
                        rows.add(row);
                    }
                    case 'E' -> failure = error(f.body);
                    case 'Z' -> {
                        endExchange();
                        if (failure != null) throw failure;
                        return rows;
                    }
                    default -> { } // T RowDescription, C CommandComplete, I EmptyQuery, N, S, A
                }
            }
        } catch (IOException e) {
            throw new SQLNonTransientConnectionException("connection lost: " + e.getMessage(), "08006", e);
        } finally {
            lock.unlock();
        }
    }

    /** Sends Terminate and closes the socket; never throws. */
    @Override
    public void close() {
        if (closed) return;
        boolean locked = lock.tryLock();
        try {
            closed = true;
            out.write(new byte[]{'X', 0, 0, 0, 4});
        } catch (IOException ignored) {
            // the server is gone already
        } finally {
            if (locked) lock.unlock();
            closeQuietly(socket);
        }
    }

    private void send(Message m) throws IOException {
        out.write(m.bytes());
        out.flush();
    }

    private record Frame(char type, ByteBuffer body) {
    }

    /** One whole message, through the exchange's buffer (whatever the server sent along with it stays there). */
    private Frame read() throws IOException {
        fill(5);
        char type = (char) rbuf[rpos];
        int len = ((rbuf[rpos + 1] & 0xff) << 24 | (rbuf[rpos + 2] & 0xff) << 16 | (rbuf[rpos + 3] & 0xff) << 8
                | (rbuf[rpos + 4] & 0xff)) - 4;
        if (len < 0 || len > 64 << 20) throw new IOException("protocol error: message length " + len);
        rpos += 5;
        byte[] body = new byte[len];
        int have = Math.min(len, rlim - rpos);
        System.arraycopy(rbuf, rpos, body, 0, have);
        rpos += have;
        if (have < len && in.readNBytes(body, have, len - have) < len - have) {
            throw new EOFException("the server closed the connection");
        }
        return new Frame(type, ByteBuffer.wrap(body));
    }

    /** Makes at least {@code need} (at most the buffer's size) unread bytes available, reading what the server has. */
    private void fill(int need) throws IOException {
        if (rbuf == null) {
            rbuf = new byte[READ_BUFFER];
            rpos = rlim = 0;
        }
        if (rlim - rpos >= need) return;
        if (rpos > 0) {
            System.arraycopy(rbuf, rpos, rbuf, 0, rlim - rpos);
            rlim -= rpos;
            rpos = 0;
        }
        while (rlim < need) {
            int n = in.read(rbuf, rlim, rbuf.length - rlim);
            if (n < 0) throw new EOFException("the server closed the connection");
            rlim += n;
        }
    }

    /** The answer is complete: drop the buffer unless the server already sent more (an asynchronous notice). */
    private void endExchange() {
        if (rpos == rlim) rbuf = null;
    }

    /** An ErrorResponse as an SQLException carrying its SQLSTATE. */
    private static SQLException error(ByteBuffer b) {
        String code = null, message = null, severity = null;
        for (byte field; (field = b.get()) != 0; ) {
            String v = cstring(b);
            switch (field) {
                case 'C' -> code = v;
                case 'M' -> message = v;
                case 'S' -> severity = v;
                default -> { }
            }
        }
        return new SQLException((severity == null ? "ERROR" : severity) + ": " + message, code);
    }

    private static String cstring(ByteBuffer b) {
        int start = b.position();
        while (b.get() != 0) {
            // find the terminator
        }
        return new String(b.array(), start, b.position() - start - 1, StandardCharsets.UTF_8);
    }

    private static byte[] rest(ByteBuffer b) {
        byte[] r = new byte[b.remaining()];
        b.get(r);
        return r;
    }

    private static String password(ConnectionInfo info) throws SQLException {
        return info.password().orElseThrow(() ->
                new SQLException("the server requested password-based authentication, but no password was provided", "28P01"));
    }

    private static Scram scram(Scram s) throws SQLException {
        if (s == null) throw new SQLException("SASL message before SASL was started", "08P01");
        return s;
    }

    /** {@code "md5" + md5hex(md5hex(password + user) + salt)}, as PostgreSQL's md5 method expects. */
    static String md5(String password, String user, byte[] salt) {
        try {
            MessageDigest md = MessageDigest.getInstance("MD5");
            String inner = HexFormat.of().formatHex(md.digest((password + user).getBytes(StandardCharsets.UTF_8)));
            md.update(inner.getBytes(StandardCharsets.US_ASCII));
            md.update(salt);
            return "md5" + HexFormat.of().formatHex(md.digest());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("MD5 is missing from this JDK", e);
        }
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // nothing to do
        }
    }

    /** A frontend message being built: type byte (none for startup), length, body. */
    private static final class Message {
        private final ByteArrayOutputStream buf = new ByteArrayOutputStream(64);
        private final char type;

        Message(char type) {
            this.type = type;
        }

        Message putInt(int v) {
            buf.write(v >>> 24);
            buf.write(v >>> 16);
            buf.write(v >>> 8);
            buf.write(v);
            return this;
        }

        Message putByte(int v) {
            buf.write(v);
            return this;
        }

        Message putBytes(byte[] v) {
            buf.writeBytes(v);
            return this;
        }

        Message putString(String s) {
            buf.writeBytes(s.getBytes(StandardCharsets.UTF_8));
            buf.write(0);
            return this;
        }

        byte[] bytes() {
            byte[] body = buf.toByteArray();
            ByteBuffer b = ByteBuffer.allocate(body.length + 4 + (type == 0 ? 0 : 1));
            if (type != 0) b.put((byte) type);
            return b.putInt(body.length + 4).put(body).array();
        }
    }

    /** SCRAM-SHA-256 (RFC 7677) without channel binding, as PostgreSQL runs it. */
    static final class Scram {
        private final String user;
        private final String password;
        private final String clientNonce;
        private String clientFirstBare;
        private byte[] serverSignature;

        /** PostgreSQL ignores the SCRAM user name (the startup packet's counts), so libpq sends none. */
        Scram(String password) {
            this("", password, randomNonce());
        }

        Scram(String user, String password, String clientNonce) {
            this.user = user;
            this.password = Normalizer.normalize(password, Normalizer.Form.NFKC);
            this.clientNonce = clientNonce;
        }

        private static String randomNonce() {
            byte[] n = new byte[18];
            RANDOM.nextBytes(n);
            return Base64.getEncoder().encodeToString(n);
        }

        byte[] clientFirst() {
            clientFirstBare = "n=" + user + ",r=" + clientNonce;
            return ("n,," + clientFirstBare).getBytes(StandardCharsets.UTF_8);
        }

        byte[] clientFinal(byte[] serverFirstBytes) throws SQLException {
            String serverFirst = new String(serverFirstBytes, StandardCharsets.UTF_8);
            String nonce = null, salt = null;
            int iterations = 0;
            for (String part : serverFirst.split(",")) {
                if (part.startsWith("r=")) nonce = part.substring(2);
                else if (part.startsWith("s=")) salt = part.substring(2);
                else if (part.startsWith("i=")) iterations = Integer.parseInt(part.substring(2));
            }
            if (nonce == null || salt == null || iterations <= 0 || !nonce.startsWith(clientNonce)) {
                throw new SQLException("invalid SCRAM server-first message", "08P01");
            }
            byte[] salted = hi(password.getBytes(StandardCharsets.UTF_8), Base64.getDecoder().decode(salt), iterations);
            byte[] clientKey = hmac(salted, "Client Key".getBytes(StandardCharsets.US_ASCII));
            byte[] storedKey = sha256(clientKey);
            String withoutProof = "c=biws,r=" + nonce;
            byte[] auth = (clientFirstBare + "," + serverFirst + "," + withoutProof).getBytes(StandardCharsets.UTF_8);
            byte[] signature = hmac(storedKey, auth);
            byte[] proof = new byte[clientKey.length];
            for (int i = 0; i < proof.length; i++) proof[i] = (byte) (clientKey[i] ^ signature[i]);
            serverSignature = hmac(hmac(salted, "Server Key".getBytes(StandardCharsets.US_ASCII)), auth);
            return (withoutProof + ",p=" + Base64.getEncoder().encodeToString(proof)).getBytes(StandardCharsets.UTF_8);
        }

        void verifyServerFinal(byte[] serverFinalBytes) throws SQLException {
            String serverFinal = new String(serverFinalBytes, StandardCharsets.UTF_8);
            if (serverFinal.startsWith("e=")) throw new SQLException("SCRAM failed: " + serverFinal.substring(2), "28P01");
            if (!serverFinal.startsWith("v=") || serverSignature == null
                    || !MessageDigest.isEqual(serverSignature, Base64.getDecoder().decode(serverFinal.substring(2).split(",")[0]))) {
                throw new SQLException("the server's SCRAM signature does not match: not the server we asked", "28000");
            }
        }

        /** PBKDF2 with HMAC-SHA-256, one block: SCRAM's Hi(). */
        static byte[] hi(byte[] password, byte[] salt, int iterations) {
            try {
                Mac mac = Mac.getInstance("HmacSHA256");
                mac.init(new SecretKeySpec(password, "HmacSHA256"));
                mac.update(salt);
                byte[] u = mac.doFinal(new byte[]{0, 0, 0, 1});
                byte[] result = u.clone();
                for (int i = 1; i < iterations; i++) {
                    u = mac.doFinal(u);
                    for (int k = 0; k < result.length; k++) result[k] ^= u[k];
                }
                return result;
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("HmacSHA256 is missing from this JDK", e);
            }
        }

        private static byte[] hmac(byte[] key, byte[] data) {
            try {
                Mac mac = Mac.getInstance("HmacSHA256");
                mac.init(new SecretKeySpec(key, "HmacSHA256"));
                return mac.doFinal(data);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("HmacSHA256 is missing from this JDK", e);
            }
        }

        private static byte[] sha256(byte[] data) {
            try {
                return MessageDigest.getInstance("SHA-256").digest(data);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("SHA-256 is missing from this JDK", e);
            }
        }
    }

    /** sslmode prefer/require: encrypt, do not verify (libpq's meaning of those modes). */
    private static final class TrustAll implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
