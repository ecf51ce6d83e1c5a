package dev.stampede.engine.run;

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

    /**
     * Resident set size once a full GC has run and the heap it freed has been given back (G1 uncommits
     * in the background, so RSS read straight after the GC still counts the garbage).
     */
    static long rssAfterGc() throws InterruptedException {
        System.gc();
        Thread.sleep(500);
        return rss();
    }

    /** Heap in use after asking for a full GC. */
    static long heapAfterGc() {
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
