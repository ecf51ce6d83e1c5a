package dev.stampede.engine.load;

import dev.stampede.engine.plan.Connect;
import dev.stampede.engine.plan.Group;
import dev.stampede.engine.plan.Pause;

/**
 * Which kind of thread a closed-model group's workers run on: virtual threads, except for a group that
 * only opens and closes connections ({@code connect()}, with pauses), whose first
 * {@code stampede.connect.platform-threads} workers (256 by default) are platform threads.
 *
 * <p>Why: a churned connection is five short blocking round trips (TCP connect, SSL request, startup,
 * {@code SELECT 1}, terminate). On a virtual thread each one parks the thread, registers the socket with
 * the JDK's poller, wakes the poller thread, which unparks the virtual thread, which wakes a carrier:
 * about eleven futex calls, three epoll calls and as many thread switches per connection, measured at
 * ~400 µs of client CPU per connection against ~230 µs for {@code pgbench -C}. A platform thread waits in
 * the kernel's own {@code poll} and is woken by the server's answer: ~230 µs. Beyond a few hundred
 * workers, or for any other step, virtual threads stay: their cheapness is the point there.
 *
 * <p>Platform workers are daemon threads, so a worker still blocked on a silent server when the shutdown
 * bound passes cannot keep the process alive; an interrupt does not wake a platform thread from a socket
 * read, but every read while a connection is opened is bounded by {@code stampede.connect.timeout}.
 *
 * <p>Stateless; thread-safe.
 */
final class WorkerThreads {

    private WorkerThreads() {
    }

    /** True when {@code group} only churns connections: its first workers then run on platform threads. */
    static boolean connectOnly(Group group) {
        return group.steps().stream().anyMatch(s -> s instanceof Connect)
                && group.steps().stream().allMatch(s -> s instanceof Connect || s instanceof Pause);
    }

    /**
     * How many of a group's workers run on platform threads: the first {@code stampede.connect.platform-threads}
     * of a group that only churns connections (any beyond, as live control or a ramp adds them, are virtual
     * threads), none of any other group.
     */
    static int platformWorkers(Group group, dev.stampede.engine.config.Settings settings) {
        return settings == null || !connectOnly(group) ? 0 : settings.platformThreads();
    }

    /** A builder of one worker named {@code name}: a daemon platform thread or a virtual thread. */
    static Thread.Builder builder(boolean platform, String name) {
        return platform ? Thread.ofPlatform().daemon(true).name(name) : Thread.ofVirtual().name(name);
    }
}
