package dev.stampede.dsl;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * A folder of compiled scenarios, so {@code check} and {@code run} of a file they have seen before skip
 * Groovy's compiler (most of a short command's time). An entry is keyed by everything the class
 * files depend on: the source text, the file name (it is the script class's name and the
 * name in its stack frames), and the build — the DSL's and Groovy's own code (a jar's path, size and
 * modification time) and the Java feature version — so an edited scenario or a rebuilt jar simply
 * misses. Entries of other builds are removed when one is written.
 *
 * <p>Guarantees: (1) a missing, stale, truncated, corrupt or unreadable entry, or a folder that cannot
 * be written, never fails a command: {@link #find} answers empty and the scenario is compiled as
 * without the cache; (2) such a problem is logged at most once per cache (and never on the terminal:
 * stampede logs only to a run's {@code stampede.log}); (3) an entry is written to a temporary file
 * and moved into place, so concurrent processes (shards) never read half an entry; (4) each entry
 * carries a CRC-32 of its content and its whole key (build, file name, text), both checked on reading.
 *
 * <p>The folder holds code that stampede runs: it belongs with the jar (the launcher puts it beside
 * its start-up cache) and must not be writable by anyone who may not change the jar.
 *
 * <p>Thread-safe.
 */
public final class ScenarioClassCache {

    private static final Logger log = LoggerFactory.getLogger(ScenarioClassCache.class);

    /** The first bytes of an entry; the version changes whenever the layout does. */
    private static final String MAGIC = "stampede compiled scenario 1";
    private static final String SUFFIX = ".classes";

    private final Path folder;
    private final String build;
    private final AtomicInteger hits = new AtomicInteger();
    private final AtomicInteger misses = new AtomicInteger();
    private final AtomicInteger rejected = new AtomicInteger();
    private final AtomicInteger written = new AtomicInteger();
    private final AtomicBoolean logged = new AtomicBoolean();

    /** A cache in {@code folder} for this build of stampede. */
    public ScenarioClassCache(Path folder) {
        this(folder, Build.CURRENT);
    }

    /** @param build what identifies the compiler's code (specs stand for a rebuilt jar with another value) */
    ScenarioClassCache(Path folder, String build) {
        this.folder = folder.toAbsolutePath();
        this.build = build;
    }

    /**
     * The cache a setting names: empty or {@code off} means none.
     *
     * @param setting {@code stampede.dsl.compiled-cache}: a folder, empty, or {@code off}
     */
    public static Optional<ScenarioClassCache> of(String setting) {
        if (setting == null || setting.isBlank() || setting.strip().equalsIgnoreCase("off")) return Optional.empty();
        try {
            return Optional.of(new ScenarioClassCache(Path.of(setting.strip())));
        } catch (RuntimeException e) { // an unusable path: no cache, as documented
            return Optional.empty();
        }
    }

    public Path folder() {
        return folder;
    }

    /** Entries found and used. */
    public int hits() {
        return hits.get();
    }

    /** Look-ups that found no entry (first use, an edited scenario, another build). */
    public int misses() {
        return misses.get();
    }

    /** Entries found but not used: truncated, corrupt, of another key, or whose classes did not load. */
    public int rejected() {
        return rejected.get();
    }

    /** Entries written. */
    public int written() {
        return written.get();
    }

    /**
     * The key of a scenario: what its classes depend on (the build, the file name, the text), in full.
     * The entry's file name is a 128-bit hash of it; the entry holds the key itself, compared on reading,
     * so two scenarios that hash alike can never share classes. (Not a cryptographic hash: JCA's providers
     * would cost a command more than the look-up saves.)
     */
    String key(String fileName, String text) {
        return MAGIC + "\n" + build + "\n" + fileName + "\n" + text;
    }

    private static String hash(String key) {
        byte[] b = key.getBytes(StandardCharsets.UTF_8);
        long h1 = 0xcbf29ce484222325L, h2 = 0x84222325cbf29ce4L;
        for (byte x : b) {
            h1 = (h1 ^ (x & 0xff)) * 0x100000001b3L; // FNV-1a
            h2 = Long.rotateLeft(h2 ^ (x & 0xff), 5) * 0x9e3779b97f4a7c15L + b.length;
        }
        return HexFormat.of().toHexDigits(h1) + HexFormat.of().toHexDigits(h2);
    }

    /** The entry file of a key: in a folder per build, so a new build's entries never mix with old ones. */
    Path entry(String key) {
        return folder.resolve(buildFolder()).resolve(hash(key) + SUFFIX);
    }

    private String buildFolder() {
        return hash(MAGIC + "\n" + build).substring(0, 16);
    }

    /** The compiled scenario stored for {@code key}, or empty (never throws). */
    Optional<CompiledScenario> find(String key) {
        Path file = entry(key);
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (java.nio.file.NoSuchFileException e) {
            misses.incrementAndGet();
            return Optional.empty();
        } catch (IOException | RuntimeException e) {
            misses.incrementAndGet();
            problem("cannot read " + file, e);
            return Optional.empty();
        }
        try {
            CompiledScenario c = decode(bytes, key);
            hits.incrementAndGet();
            return Optional.of(c);
        } catch (IOException | RuntimeException e) {
            rejected.incrementAndGet();
            problem("ignored the unreadable entry " + file, e);
            return Optional.empty();
        }
    }

    /** Counts an entry that decoded but whose classes did not load, so it is compiled (and written) anew. */
    void reject(String key, Throwable why) {
        hits.decrementAndGet();
        rejected.incrementAndGet();
        problem("ignored the entry " + entry(key) + " (its classes do not load)", why);
    }

    /** Stores {@code compiled} under {@code key}; a folder that cannot be written only costs the next compilation. */
    void store(String key, CompiledScenario compiled) {
        Path file = entry(key);
        Path tmp = null;
        try {
            Files.createDirectories(file.getParent());
            tmp = Files.createTempFile(file.getParent(), ".entry-", ".tmp");
            Files.write(tmp, encode(compiled, key));
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
            written.incrementAndGet();
            removeOtherBuilds();
        } catch (IOException | RuntimeException e) {
            problem("cannot write " + file, e);
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // a stray temporary file is harmless
                }
            }
        }
    }

    /** Folders of earlier builds: never read again once this build writes. */
    private void removeOtherBuilds() throws IOException {
        String mine = buildFolder();
        try (Stream<Path> builds = Files.list(folder)) {
            for (Path other : builds.filter(p -> Files.isDirectory(p) && !p.getFileName().toString().equals(mine)
                    && p.getFileName().toString().matches("[0-9a-f]{16}")).toList()) {
                try (Stream<Path> files = Files.list(other)) {
                    for (Path f : files.toList()) Files.deleteIfExists(f);
                }
                Files.deleteIfExists(other);
            }
        } catch (IOException | RuntimeException e) {
            // another process may be cleaning up too: what is left is removed next time
        }
    }

    private void problem(String what, Throwable e) {
        if (logged.compareAndSet(false, true)) {
            log.warn("compiled-scenario cache: {} ({}); compiling instead (further cache problems are not logged)", what, e.toString());
        }
    }

    static byte[] encode(CompiledScenario c, String key) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(body)) {
            out.writeUTF(c.mainClass());
            out.writeInt(c.classes().size());
            for (Map.Entry<String, byte[]> e : c.classes().entrySet()) {
                out.writeUTF(e.getKey());
                out.writeInt(e.getValue().length);
                out.write(e.getValue());
            }
            c.positions().writeTo(out);
        }
        byte[] payload = body.toByteArray();
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(payload);
        ByteArrayOutputStream all = new ByteArrayOutputStream(payload.length + 128);
        try (DataOutputStream out = new DataOutputStream(all)) {
            out.writeUTF(MAGIC);
            byte[] k = key.getBytes(StandardCharsets.UTF_8);
            out.writeInt(k.length);
            out.write(k);
            out.writeInt(payload.length);
            out.write(payload);
            out.writeLong(crc.getValue());
        }
        return all.toByteArray();
    }

    static CompiledScenario decode(byte[] bytes, String key) throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes));
        if (!MAGIC.equals(in.readUTF())) throw new IOException("not an entry of this version");
        int keyLength = in.readInt();
        if (keyLength < 0 || keyLength > bytes.length) throw new IOException("truncated");
        if (!key.equals(new String(in.readNBytes(keyLength), StandardCharsets.UTF_8))) {
            throw new IOException("the entry is of another scenario or build");
        }
        int length = in.readInt();
        if (length < 0 || length > bytes.length) throw new IOException("truncated");
        byte[] payload = in.readNBytes(length);
        if (payload.length != length) throw new IOException("truncated");
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(payload);
        if (in.readLong() != crc.getValue()) throw new IOException("checksum mismatch");
        if (in.read() != -1) throw new IOException("trailing bytes");
        DataInputStream p = new DataInputStream(new ByteArrayInputStream(payload));
        String main = p.readUTF();
        int n = p.readInt();
        if (n < 1 || n > 100_000) throw new IOException("bad class count " + n);
        Map<String, byte[]> classes = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            String name = p.readUTF();
            int len = p.readInt();
            if (len < 0 || len > length) throw new IOException("bad class length " + len);
            byte[] b = p.readNBytes(len);
            if (b.length != len) throw new IOException("truncated class " + name);
            classes.put(name, b);
        }
        CallPositions positions = CallPositions.readFrom(p);
        if (p.read() != -1) throw new IOException("trailing bytes in the payload");
        return new CompiledScenario(main, classes, positions);
    }

    /**
     * This build's identity: where the DSL's and Groovy's classes come from (a jar's path, size and
     * modification time; for a folder of classes, as in the build's own tests, its newest file), and
     * the Java feature version the class files were made for.
     */
    static final class Build {
        static final String CURRENT = of(ScenarioCompiler.class, groovy.lang.GroovyShell.class);

        private Build() {
        }

        static String of(Class<?>... code) {
            StringBuilder sb = new StringBuilder("java ").append(Runtime.version().feature())
                    .append(" groovy ").append(groovy.lang.GroovySystem.getVersion());
            for (Class<?> k : code) sb.append(" | ").append(where(k));
            return sb.toString();
        }

        private static String where(Class<?> k) {
            try {
                var source = k.getProtectionDomain().getCodeSource();
                if (source == null || source.getLocation() == null) return k.getName() + " (no code source)";
                Path p = Path.of(source.getLocation().toURI());
                if (Files.isRegularFile(p)) return p + " " + Files.size(p) + " " + Files.getLastModifiedTime(p).toMillis();
                try (Stream<Path> files = Files.walk(p)) {
                    long newest = files.filter(Files::isRegularFile).mapToLong(f -> {
                        try {
                            return Files.getLastModifiedTime(f).toMillis();
                        } catch (IOException e) {
                            return System.nanoTime(); // unknowable: a key no entry has
                        }
                    }).max().orElse(0);
                    return p + " newest " + newest;
                }
            } catch (Exception e) {
                return k.getName() + " (unknown: " + e + ")" + System.nanoTime(); // never a key an old entry has
            }
        }
    }
}
