package dev.stampede.engine.shard;

/**
 * One of {@code count} processes that together run one scenario ({@code --shard index/count}), the way
 * k6's execution segments split a test: each shard runs its share of every group, the shares add up
 * exactly to the unsharded plan, and what must happen once (set-up, teardown, timed events, the
 * safety pre-flight) runs on shard 1 only. Immutable.
 *
 * @param index 1-based, 1..count
 * @param count how many shards run the scenario, >= 1
 */
public record Shard(int index, int count) {

    /** The unsharded run: one shard that runs everything. */
    public static final Shard WHOLE = new Shard(1, 1);

    public Shard {
        if (count < 1) throw new IllegalArgumentException("--shard needs N >= 1 in i/N (got " + index + "/" + count + ")");
        if (index < 1 || index > count) {
            throw new IllegalArgumentException("--shard needs i between 1 and N in i/N (got " + index + "/" + count + ")");
        }
    }

    /** {@code 2/4} → shard 2 of 4; anything else is a usage error naming the flag. */
    public static Shard parse(String text) {
        var m = java.util.regex.Pattern.compile("\\s*(\\d{1,6})\\s*/\\s*(\\d{1,6})\\s*").matcher(text == null ? "" : text);
        if (!m.matches()) {
            throw new IllegalArgumentException("--shard needs i/N like 1/4 (got '" + text + "')");
        }
        return new Shard(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
    }

    /** True on the shard that runs what must happen once. */
    public boolean first() {
        return index == 1;
    }

    public boolean whole() {
        return count == 1;
    }

    /**
     * This shard's share of {@code total} whole units (workers, connections): {@code total / count}, plus
     * one for {@code total % count} of the shards. Which shards take the remainder rotates with
     * {@code rotation} (the group's position in the plan), so many small groups spread over the shards
     * instead of all landing on shard 1. Over all shards the shares sum to {@code total} exactly.
     */
    public int share(int total, int rotation) {
        int base = total / count;
        int extra = total % count;
        int position = Math.floorMod(index - 1 - rotation, count);
        return base + (position < extra ? 1 : 0);
    }

    @Override
    public String toString() {
        return index + "/" + count;
    }
}
