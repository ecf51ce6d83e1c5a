package dev.stampede.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * Where the shards of one run start their clock together, so their intervals line up for {@code stampede
 * merge}: {@code --start-at} an absolute time ({@code 2026-12-07T12:00:00Z}) or one relative to now
 * ({@code +10s}), and/or {@code --rendezvous DIR}: every shard writes {@code ready-<i>} (holding the time
 * it got there) and waits until all N are there; the common start is the latest of those times plus
 * {@link #SETTLE}, the same instant for every shard whatever order they saw the files in. Immutable.
 */
record StartLine(Instant at, Path rendezvous, Duration timeout) {

    /** Between the last shard getting ready and the start: time for every shard to see its file. */
    static final Duration SETTLE = Duration.ofSeconds(1);

    /** Why a shard could not start with the others (exit 3). */
    static final class Missed extends Exception {
        Missed(String message) {
            super(message);
        }
    }

    /** {@code --start-at} parsed, or a usage error naming the flag. */
    static Instant parseAt(String text, Instant now) {
        String t = text.strip();
        if (t.startsWith("+")) {
            Duration d = dev.stampede.dsl.Units.parseDuration(t.substring(1));
            if (d == null || d.isNegative()) throw new IllegalArgumentException("--start-at needs a time like 2026-12-07T12:00:00Z or +10s (got '"
                    + dev.stampede.dsl.Problem.visible(text) + "')");
            String problem = dev.stampede.dsl.Units.problem(d, true);
            if (problem != null) throw new IllegalArgumentException("--start-at " + problem);
            return now.plus(d);
        }
        try {
            return Instant.parse(t);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("--start-at needs a time like 2026-12-07T12:00:00Z or +10s (got '"
                    + dev.stampede.dsl.Problem.visible(text) + "')");
        }
    }

    /** Waits for the line and returns the common start (this instant is the run's start time). */
    Instant await(dev.stampede.engine.shard.Shard shard, java.io.PrintStream out) throws Missed, InterruptedException {
        Instant start = at;
        if (rendezvous != null) {
            Instant met = meet(shard, out);
            start = start == null || met.isAfter(start) ? met : start;
        }
        if (start == null) return Instant.now();
        long wait = Duration.between(Instant.now(), start).toMillis();
        if (wait < -1000) throw new Missed("the start line " + start + " passed " + span(-wait) + " ago");
        out.println("shard " + shard + ": starting at " + start + (wait > 0 ? " (in " + span(wait) + ")" : ""));
        out.flush();
        if (wait > 0) Thread.sleep(wait);
        return start;
    }

    /** {@code 2.5s}, {@code 3m20s}, {@code 30h}, {@code 2532 days}: a wait as people read it (not {@code 2.18E8s}). */
    static String span(long millis) {
        if (millis < 60_000) return String.format(java.util.Locale.ROOT, "%.1fs", millis / 1000.0);
        if (millis < 48 * 3_600_000L) return dev.stampede.dsl.Units.text(Duration.ofSeconds(millis / 1000));
        return millis / 86_400_000L + " days";
    }

    private Instant meet(dev.stampede.engine.shard.Shard shard, java.io.PrintStream out) throws Missed, InterruptedException {
        try {
            Files.createDirectories(rendezvous);
            Path mine = rendezvous.resolve("ready-" + shard.index());
            Path tmp = rendezvous.resolve(".ready-" + shard.index() + ".tmp");
            Files.writeString(tmp, Instant.now().toString(), StandardCharsets.UTF_8);
            Files.move(tmp, mine, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            out.println("shard " + shard + ": ready, waiting for " + shard.count() + " shard(s) in " + rendezvous);
            out.flush();
            long deadline = System.nanoTime() + timeout.toNanos();
            while (true) {
                Instant latest = Instant.EPOCH;
                int ready = 0;
                for (int i = 1; i <= shard.count(); i++) {
                    Path f = rendezvous.resolve("ready-" + i);
                    if (!Files.exists(f)) continue;
                    ready++;
                    Instant t = Instant.parse(Files.readString(f, StandardCharsets.UTF_8).strip());
                    if (t.isAfter(latest)) latest = t;
                }
                if (ready == shard.count()) return latest.plus(SETTLE);
                if (System.nanoTime() > deadline) {
                    throw new Missed("rendezvous: only " + ready + " of " + shard.count() + " shards were ready in "
                            + rendezvous + " after " + dev.stampede.dsl.Units.text(timeout));
                }
                Thread.sleep(50);
            }
        } catch (IOException | DateTimeParseException e) {
            throw new Missed("rendezvous in " + rendezvous + ": " + e.getMessage());
        }
    }
}
