package dev.stampede.engine.ha;

import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Chooses, among the healthy hosts of the role a step needs, the one its session connects to (the
 * policies of hasql). Implementations are thread-safe: every worker picks through the same balancer.
 */
public interface Balancer {

    /** What a balancer may know of a host: its free connections and its recent latency. */
    interface Candidate {
        /** Connections of this host's pool not in use now (including those not opened yet). */
        int free();

        /** Recent round-trip latency of the host in nanoseconds (its health checks, smoothed); 0 when unknown. */
        long latencyNanos();
    }

    /** One of {@code candidates} (never empty). */
    <C extends Candidate> C pick(List<C> candidates);

    /** The balancer called {@code name} ({@code roundRobin}, {@code greedy}, {@code randomWeighted}). */
    static Balancer named(String name) {
        return switch (name) {
            case "roundRobin" -> new RoundRobin();
            case "greedy" -> new Greedy();
            case "randomWeighted" -> new RandomWeighted();
            default -> throw new IllegalArgumentException("unknown balancer '" + name
                    + "' (expected roundRobin, greedy or randomWeighted)");
        };
    }

    /** Each host in turn: an even share of sessions whatever the hosts' speed. */
    final class RoundRobin implements Balancer {
        private final AtomicLong next = new AtomicLong();

        @Override
        public <C extends Candidate> C pick(List<C> candidates) {
            return candidates.get((int) Math.floorMod(next.getAndIncrement(), (long) candidates.size()));
        }

        @Override
        public String toString() {
            return "roundRobin";
        }
    }

    /** The host with the most free connections (ties in turn): load follows whichever host gives connections back fastest. */
    final class Greedy implements Balancer {
        private final AtomicLong tie = new AtomicLong();

        @Override
        public <C extends Candidate> C pick(List<C> candidates) {
            int best = Integer.MIN_VALUE;
            int ties = 0;
            for (C c : candidates) {
                int f = c.free();
                if (f > best) {
                    best = f;
                    ties = 1;
                } else if (f == best) {
                    ties++;
                }
            }
            int chosen = (int) Math.floorMod(tie.getAndIncrement(), (long) ties);
            for (C c : candidates) {
                if (c.free() == best && chosen-- == 0) return c;
            }
            return candidates.getFirst(); // free() moved under our feet: any is fine
        }

        @Override
        public String toString() {
            return "greedy";
        }
    }

    /**
     * At random, with weights inverse to each host's recent latency, so a host twice as fast gets
     * twice the sessions. Every healthy host keeps a share of at least {@link #FLOOR} of an even one
     * (a slow host is still tried, so its latency is still known and it can win its share back); an
     * unknown latency counts as the mean of the known ones.
     */
    final class RandomWeighted implements Balancer {
        /** The least share of a host, as a fraction of an even share. */
        public static final double FLOOR = 0.05;
        /** Latencies below this are the same: a loopback round trip is not faster than the clock's grain. */
        static final long MIN_LATENCY_NANOS = 20_000;

        @Override
        public <C extends Candidate> C pick(List<C> candidates) {
            int n = candidates.size();
            if (n == 1) return candidates.getFirst();
            double[] w = weights(candidates.stream().mapToLong(Candidate::latencyNanos).toArray());
            double r = ThreadLocalRandom.current().nextDouble();
            for (int i = 0; i < n; i++) {
                r -= w[i];
                if (r < 0) return candidates.get(i);
            }
            return candidates.getLast();
        }

        /** The probability of each host (summing to 1) for these latencies. */
        static double[] weights(long[] latencies) {
            int n = latencies.length;
            double known = 0;
            int count = 0;
            for (long l : latencies) {
                if (l > 0) {
                    known += Math.max(l, MIN_LATENCY_NANOS);
                    count++;
                }
            }
            double mean = count == 0 ? 1 : known / count;
            double[] w = new double[n];
            double sum = 0;
            for (int i = 0; i < n; i++) {
                double l = latencies[i] > 0 ? Math.max(latencies[i], MIN_LATENCY_NANOS) : mean;
                w[i] = 1 / l;
                sum += w[i];
            }
            // share = floor/n + (1 - floor) * inverse-latency share: never below floor/n
            for (int i = 0; i < n; i++) w[i] = FLOOR / n + (1 - FLOOR) * w[i] / sum;
            return w;
        }

        @Override
        public String toString() {
            return "randomWeighted";
        }
    }
}
