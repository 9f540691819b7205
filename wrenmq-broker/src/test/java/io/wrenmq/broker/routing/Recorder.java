package io.wrenmq.broker.routing;

import java.util.ArrayList;
import java.util.List;

/** A MatchSink that records what it was given, as "clientId@filter" and "group@filter" strings. */
final class Recorder<S> implements MatchSink<S> {
    final List<SubscriptionEntry<S>> entries = new ArrayList<>();
    final List<SharedGroup<S>> groups = new ArrayList<>();

    @Override
    public void onSubscription(SubscriptionEntry<S> entry) {
        entries.add(entry);
    }

    @Override
    public void onSharedGroup(SharedGroup<S> group) {
        groups.add(group);
    }

    List<String> entryKeys() {
        return entries.stream().map(e -> e.clientId() + "@" + e.options().topicFilter()).sorted().toList();
    }

    List<String> groupKeys() {
        return groups.stream().map(g -> g.group() + "@" + g.filter()).sorted().toList();
    }

    static <S> Recorder<S> match(SubscriptionTrie<S> trie, String topic) {
        Recorder<S> r = new Recorder<>();
        trie.match(topic, r);
        return r;
    }
}
