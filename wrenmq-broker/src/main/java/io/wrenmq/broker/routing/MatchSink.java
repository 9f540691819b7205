package io.wrenmq.broker.routing;

/**
 * Receives the matches of one topic from {@link SubscriptionTrie#match}. Called on the matching thread,
 * synchronously; an implementation is typically a reusable per-event-loop object so matching allocates nothing.
 *
 * @param <S> the broker's subscriber handle type
 */
public interface MatchSink<S> {
    /**
     * Every matching non-shared subscription. A client with two overlapping filters appears twice, once per
     * entry; the broker decides how to deliver (MQTT 5 section 3.3.4: one message with the maximum QoS and all
     * subscription identifiers, or one message per subscription).
     */
    void onSubscription(SubscriptionEntry<S> entry);

    /**
     * Every matching shared group, once per group and filter. Pick one member with
     * {@link SharedGroup#pick}; a group that lost its last member concurrently picks null.
     */
    void onSharedGroup(SharedGroup<S> group);
}
