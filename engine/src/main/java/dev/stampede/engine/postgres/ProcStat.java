package dev.stampede.engine.postgres;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A process's CPU time from Linux's {@code /proc/PID/stat}: its own user and system time plus that of the
 * children it has waited for (a postmaster's exited backends), in clock ticks.
 */
final class ProcStat {

    /** Linux reports {@code /proc} times in USER_HZ ticks, 100 a second on every architecture it runs on. */
    static final long NANOS_PER_TICK = 10_000_000L;

    private ProcStat() {
    }

    /** utime + stime + cutime + cstime of {@code pid}; 0 when the process is gone (or going: ESRCH). */
    static long ticks(long pid) {
        String stat;
        try {
            stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
        } catch (IOException gone) {
            return 0;
        }
        // the command name (field 2) is in parentheses and may hold spaces: count fields after the last ')'
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        // f[0] is field 3 (state); utime, stime, cutime, cstime are fields 14-17
        return Long.parseLong(f[11]) + Long.parseLong(f[12]) + Long.parseLong(f[13]) + Long.parseLong(f[14]);
    }
}
