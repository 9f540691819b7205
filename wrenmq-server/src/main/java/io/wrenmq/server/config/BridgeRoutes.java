package io.wrenmq.server.config;

import com.typesafe.config.ConfigList;
import com.typesafe.config.ConfigObject;
import io.wrenmq.codec.TopicSyntax;
import io.wrenmq.server.bridge.BridgeForward;
import io.wrenmq.server.bridge.BridgeSubscription;
import java.util.ArrayList;
import java.util.List;

/**
 * A bridge's {@code forwards} (local -> remote) and {@code subscription} (remote -> local) entries. The topics are
 * checked here so that a mistake stops start-up with its key, instead of a bridge that silently forwards nothing:
 * the source of each entry is a topic filter, the target a topic name or a pattern whose {@code +} and {@code #} are
 * filled from the source's (the bridge runtime's TopicRemap; so the pattern may not use more {@code +} than the
 * source has, nor {@code #} where the source has none), and prefix and suffix are plain text without wildcards
 * (NanoMQ's rule). ${VIN} is replaced in every topic, prefix and suffix.
 */
final class BridgeRoutes {
    private final BlockValues bridge;
    private final BridgeVin vin;

    BridgeRoutes(BlockValues bridge, BridgeVin vin) {
        this.bridge = bridge;
        this.vin = vin;
    }

    List<BridgeForward> forwards() {
        List<BridgeForward> out = new ArrayList<>();
        for (BlockValues e : entries(BridgeKeys.FORWARDS)) {
            Route r = route(e, "local_topic", "remote_topic", "a forwards entry needs local_topic = \"sensors/#\", the local filter to forward");
            if (r != null) {
                out.add(new BridgeForward(r.source(), r.target(), r.qos(), r.retain(), r.prefix(), r.suffix()));
            }
        }
        return out;
    }

    /** @param v5 the remote speaks MQTT 5: No Local is on unless an entry says otherwise (a bridge's loop guard) */
    List<BridgeSubscription> subscriptions(boolean v5) {
        List<BridgeSubscription> out = new ArrayList<>();
        for (BlockValues e : entries(BridgeKeys.SUBSCRIPTION)) {
            Route r = route(e, "remote_topic", "local_topic", "a subscription entry needs remote_topic = \"cmd/#\", the remote filter to subscribe to");
            Boolean retainAsPublished = e.get("retain_as_published");
            Integer retainHandling = e.get("retain_handling");
            Boolean noLocal = e.written("no_local") != null ? e.get("no_local") : Boolean.valueOf(v5);
            if (r != null && retainAsPublished != null && retainHandling != null && noLocal != null) {
                out.add(new BridgeSubscription(r.source(), r.target(), r.qos(), r.retain(), retainAsPublished, retainHandling,
                        noLocal, r.prefix(), r.suffix()));
            }
        }
        return out;
    }

    /** What a forwards and a subscription entry have in common: from where, to where, QoS, retain, prefix, suffix. */
    private record Route(String source, String target, int qos, int retain, String prefix, String suffix) {
    }

    /** The entry's route, or null after an error (every key is read, so that all its errors are reported at once). */
    private Route route(BlockValues e, String sourceKey, String targetKey, String hint) {
        String source = source(e, sourceKey, hint);
        String target = target(e, targetKey, source, sourceKey);
        Integer qos = e.get("qos");
        Integer retain = e.get("retain");
        String prefix = affix(e, "prefix");
        String suffix = affix(e, "suffix");
        if (source == null || target == null || qos == null || retain == null || prefix == null || suffix == null) {
            return null;
        }
        return new Route(source, target, qos, retain, prefix, suffix);
    }

    /** The entries of the list {@code key} (its shape was checked with the block's keys). */
    private List<BlockValues> entries(String key) {
        List<BlockValues> out = new ArrayList<>();
        if (bridge.written(key) instanceof ConfigList list) {
            for (int i = 0; i < list.size(); i++) {
                if (list.get(i) instanceof ConfigObject entry) {
                    out.add(bridge.entry(entry, key + "[]", key + "[" + i + "]"));
                }
            }
        }
        return out;
    }

    /** A required topic filter (${VIN} replaced); null after an error. */
    private String source(BlockValues e, String key, String hint) {
        String filter = vin.fill(e, key, e.get(key));
        if (filter != null && e.written(key) == null) {
            e.error(key, "missing", hint);
            return null;
        }
        String reason = filter == null ? null : TopicSyntax.invalidFilterReason(filter);
        if (reason != null) {
            e.error(key, "not a topic filter: " + reason, hint);
            return null;
        }
        return filter;
    }

    /** "" (the message's own topic), a topic name, or a pattern filled from {@code source}'s wildcards; null after an error. */
    private String target(BlockValues e, String key, String source, String sourceKey) {
        String target = vin.fill(e, key, e.get(key));
        String problem = target == null || target.isEmpty() ? null : problem(target, source, sourceKey);
        if (problem != null) {
            e.error(key, problem, "\"\" keeps the topic; a + or # here takes what the same wildcard of " + sourceKey + " matched");
            return null;
        }
        return target;
    }

    /** Null when {@code target} is a topic name, or a pattern that {@code source}'s wildcards can fill; else why not. */
    private static String problem(String target, String source, String sourceKey) {
        if (!TopicSyntax.hasWildcard(target)) {
            String reason = TopicSyntax.invalidNameReason(target);
            return reason == null ? null : "not a topic name: " + reason;
        }
        String reason = TopicSyntax.invalidSyntaxReason(target);
        if (reason != null) {
            return "not a topic pattern: " + reason;
        }
        if (source == null) {
            return null; // the source has its own error
        }
        int pluses = levels(target, "+");
        if (pluses > levels(source, "+")) {
            return "\"" + target + "\" has " + pluses + " + but " + sourceKey + " \"" + source + "\" has "
                    + levels(source, "+") + " to fill them with";
        }
        if (levels(target, "#") > 0 && levels(source, "#") == 0) {
            return "\"" + target + "\" has # but " + sourceKey + " \"" + source + "\" has none to fill it with";
        }
        return null;
    }

    /** Prefix or suffix: plain text, no wildcards (they would make the topic a filter) and no U+0000. */
    private String affix(BlockValues e, String key) {
        String text = vin.fill(e, key, e.get(key));
        if (text != null && (TopicSyntax.hasWildcard(text) || text.indexOf('\u0000') >= 0)) {
            e.error(key, "must not contain + or # (or U+0000): \"" + text + "\"", "a " + key + " is put as it is "
                    + (key.equals("prefix") ? "before" : "after") + " the topic, e.g. \"site-3/\"");
            return null;
        }
        return text;
    }

    /** How many levels of {@code pattern} are exactly {@code wildcard}. */
    private static int levels(String pattern, String wildcard) {
        int n = 0;
        for (String level : pattern.split("/", -1)) {
            if (level.equals(wildcard)) {
                n++;
            }
        }
        return n;
    }
}
