package dev.stampede.engine.load;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The client's own memory: resident set size (Linux {@code /proc/self/status}) and used heap after a
 * GC, to report what each held connection costs. Stateless.
 */
final class ProcessMemory {

    private ProcessMemory() {
    }

    /** Resident set size in bytes, or -1 where /proc is not available. */
    static long rss() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            // not Linux
        }
        return -1;
    }

    /** Heap in use and resident set size, in bytes (RSS -1 where /proc is not available). */
    record Usage(long heap, long rss) {
    }

    /**
     * Heap in use right after a full GC, and RSS once the heap the GC freed has been given back (G1
     * uncommits in the background, so RSS read straight after the GC still counts the garbage).
     */
    static Usage afterGc() throws InterruptedException {
        System.gc();
        long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        Thread.sleep(500);
        return new Usage(heap, rss());
    }
}
