package dev.stampede.dsl;

import java.util.Collection;
import java.util.Comparator;
import java.util.Optional;

/** "did you mean …?": the nearest valid word by edit distance. Stateless. */
public final class Words {

    private Words() {
    }

    /** The word of {@code valid} nearest to {@code typed}, if it is close enough to be a plausible typo. */
    public static Optional<String> nearest(String typed, Collection<String> valid) {
        return valid.stream()
                .min(Comparator.comparingInt((String w) -> distance(typed.toLowerCase(), w.toLowerCase())).thenComparing(w -> w))
                .filter(w -> distance(typed.toLowerCase(), w.toLowerCase()) <= Math.max(2, typed.length() / 3));
    }

    /** {@code " (did you mean `workers`?)"} or empty. */
    public static String suggestion(String typed, Collection<String> valid) {
        return nearest(typed, valid).map(w -> " (did you mean `" + w + "`?)").orElse("");
    }

    static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1], cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) prev[j] = j;
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev; prev = cur; cur = t;
        }
        return prev[b.length()];
    }
}
