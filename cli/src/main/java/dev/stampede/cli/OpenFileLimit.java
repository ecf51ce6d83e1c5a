package dev.stampede.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The process's open-file limit (each connection is a file descriptor), read before a run starts. On
 * Linux from {@code /proc/self/limits}: asking the JVM's management beans instead starts the JMX
 * platform (some 40 classes and cgroup probing, tens of milliseconds before the first operation).
 * Elsewhere, or when that file cannot be read, from the operating-system bean.
 *
 * <p>Stateless and thread-safe.
 */
final class OpenFileLimit {

    private OpenFileLimit() {
    }

    /** The soft limit on open files, or -1 when unknown or unlimited. */
    static long current() {
        Path limits = Path.of("/proc/self/limits");
        if (Files.isReadable(limits)) {
            try {
                long soft = parse(Files.readString(limits));
                if (soft != -2) return soft;
            } catch (IOException | RuntimeException e) {
                // fall back to the management bean below
            }
        }
        return java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                instanceof com.sun.management.UnixOperatingSystemMXBean unix ? unix.getMaxFileDescriptorCount() : -1;
    }

    /**
     * The soft limit in the "Max open files" row of a {@code /proc/PID/limits} text: a number, -1 for
     * "unlimited", -2 when the row is missing or unreadable.
     */
    static long parse(String limits) {
        for (String line : limits.split("\n")) {
            if (!line.startsWith("Max open files")) continue;
            String[] f = line.substring("Max open files".length()).trim().split("\\s+");
            if (f.length == 0) return -2;
            if (f[0].equals("unlimited")) return -1;
            try {
                return Long.parseLong(f[0]);
            } catch (NumberFormatException e) {
                return -2;
            }
        }
        return -2;
    }
}
