package io.wrenmq.server.bridge;

import io.wrenmq.codec.TopicSyntax;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * How a bridge renames a topic on its way across (NanoMQ's and EMQX Edge's rules for {@code forwards} and
 * {@code subscription}): the message's topic matched {@code sourceFilter}; the new topic is
 * <ul>
 *   <li>the message's own topic when {@code target} is "";</li>
 *   <li>{@code target} itself when it has no wildcard;</li>
 *   <li>{@code target} with its wildcards filled from the topic: each {@code +} takes the level the next {@code +} of
 *       the source filter matched, {@code #} takes every level the source's {@code #} matched (and disappears with
 *       its separator when that was none). So {@code +/nano/#} -> {@code #} turns {@code system/nano/start} into
 *       {@code start};</li>
 * </ul>
 * then {@code prefix} + that + {@code suffix}, joined as written (NanoMQ: prefix {@code "emqx/"}, suffix
 * {@code "/rule1"}). Immutable and thread-safe.
 */
public final class TopicRemap {
    private final String[] source;
    private final String target;
    private final String[] targetLevels;
    private final String prefix;
    private final String suffix;

    /**
     * @throws IllegalArgumentException the target uses more {@code +} than the source has, or {@code #} where the
     *                                  source has none, or prefix/suffix contain a wildcard: the message says which
     */
    public TopicRemap(String sourceFilter, String target, String prefix, String suffix) {
        this.source = sourceFilter.split("/", -1);
        this.target = target == null ? "" : target;
        this.prefix = prefix == null ? "" : prefix;
        this.suffix = suffix == null ? "" : suffix;
        if (TopicSyntax.hasWildcard(this.prefix) || TopicSyntax.hasWildcard(this.suffix)) {
            throw new IllegalArgumentException("prefix and suffix must not contain + or #");
        }
        this.targetLevels = TopicSyntax.hasWildcard(this.target) ? this.target.split("/", -1) : null;
        if (targetLevels != null) {
            int pluses = count(source, "+");
            if (count(targetLevels, "+") > pluses) {
                throw new IllegalArgumentException("\"" + target + "\" has more + than \"" + sourceFilter
                        + "\" has to fill them with");
            }
            if (count(targetLevels, "#") > 0 && count(source, "#") == 0) {
                throw new IllegalArgumentException("\"" + target + "\" has # but \"" + sourceFilter + "\" has none");
            }
        }
    }

    private static int count(String[] levels, String wildcard) {
        int n = 0;
        for (String l : levels) {
            if (l.equals(wildcard)) {
                n++;
            }
        }
        return n;
    }

    /** Whether the topic comes out unchanged for every message (no rename, no prefix, no suffix). */
    public boolean isIdentity() {
        return target.isEmpty() && prefix.isEmpty() && suffix.isEmpty();
    }

    /** The new topic of a message whose {@code topic} matched the source filter. */
    public String apply(String topic) {
        String middle;
        if (target.isEmpty()) {
            middle = topic;
        } else if (targetLevels == null) {
            middle = target;
        } else {
            middle = fill(topic);
            if (middle.isEmpty()) {
                middle = topic; // "#" matched nothing: an empty name is no topic, keep the message's own
            }
        }
        return prefix.isEmpty() && suffix.isEmpty() ? middle : prefix + middle + suffix;
    }

    private String fill(String topic) {
        String[] levels = topic.split("/", -1);
        List<String> plusValues = new ArrayList<>();
        String hashValue = "";
        for (int i = 0; i < source.length && i <= levels.length; i++) {
            if (source[i].equals("#")) {
                hashValue = i < levels.length ? String.join("/", Arrays.copyOfRange(levels, i, levels.length)) : "";
                break;
            }
            if (source[i].equals("+") && i < levels.length) {
                plusValues.add(levels[i]);
            }
        }
        List<String> out = new ArrayList<>(targetLevels.length);
        int nextPlus = 0;
        for (String level : targetLevels) {
            if (level.equals("+")) {
                out.add(plusValues.get(nextPlus++));
            } else if (!level.equals("#")) {
                out.add(level);
            } else if (!hashValue.isEmpty()) {
                out.add(hashValue); // "a/#" matched "a" itself: no level, and no separator before it
            }
        }
        return String.join("/", out);
    }
}
