package io.wrenmq.server.config;

import java.util.Collection;
import java.util.stream.Collectors;

/** Suggestions for unknown keys: the closest known key by edit distance, or the keys that are valid there. */
final class Hints {
    private Hints() {
    }

    /**
     * "did you mean mqtt.max_packet_size?" when a known key is close (a few typos away), otherwise the
     * list of valid keys in the same section, otherwise a pointer to the docs.
     */
    static String forUnknownKey(String path, Collection<String> candidates, Collection<String> sameSection) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : candidates) {
            int d = distance(path, candidate);
            if (d < bestDistance) {
                bestDistance = d;
                best = candidate;
            }
        }
        // A third of the last segment's length allows a transposition or two in short names without
        // suggesting unrelated keys.
        String last = path.substring(path.lastIndexOf('.') + 1);
        if (best != null && bestDistance <= Math.max(2, last.length() / 3)) {
            return "did you mean " + best + "?";
        }
        if (!sameSection.isEmpty()) {
            return "valid keys here: " + sameSection.stream().collect(Collectors.joining(", "));
        }
        return "see docs/configuration.md for the supported keys";
    }

    /** Levenshtein distance; keys are short, so the simple two-row algorithm is plenty. */
    static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
