package dev.stampede.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * CPU time the JVM's JIT compiler threads have used so far (Linux: {@code /proc/self/task/*}, the threads
 * named {@code C1 CompilerThre…} and {@code C2 CompilerThre…}), so a benchmark can say how much of the
 * client's CPU went to compiling rather than to the work measured. A short run pays it: the JIT compiles a
 * connection's code path while the first tens of thousands of connections run (a method called once per
 * connection reaches C2's thresholds only after 5,000–15,000 calls), and stops paying once it is done.
 *
 * <p>Resolution: the kernel's clock ticks (10 ms). A compiler thread that ends between two readings takes
 * its time with it, so differences are clamped at zero. Stateless; thread-safe.
 */
final class CompilerCpu {

    private static final Path TASKS = Path.of("/proc/self/task");
    /** Nanoseconds per clock tick: USER_HZ is 100 on every Linux this runs on. */
    private static final long TICK = 10_000_000L;

    private CompilerCpu() {
    }

    /** The compiler threads' user + system CPU so far, in nanoseconds; -1 where {@code /proc} cannot say. */
    static long nanos() {
        if (!Files.isDirectory(TASKS)) return -1;
        long ticks = 0;
        try (Stream<Path> tasks = Files.list(TASKS)) {
            for (Path t : (Iterable<Path>) tasks::iterator) {
                try {
                    String comm = Files.readString(t.resolve("comm")).strip();
                    if (!comm.startsWith("C1 CompilerThre") && !comm.startsWith("C2 CompilerThre")) continue;
                    ticks += ticks(Files.readString(t.resolve("stat")));
                } catch (IOException | RuntimeException gone) {
                    // the thread ended while we looked
                }
            }
        } catch (IOException e) {
            return -1;
        }
        return ticks * TICK;
    }

    /** utime + stime from a {@code /proc/…/stat} line: fields 14 and 15, counted after the command's closing parenthesis. */
    static long ticks(String stat) {
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" +");
        return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    }
}
