package io.wrenmq.broker.delivery;

import io.netty.buffer.Unpooled;
import io.wrenmq.broker.auth.AccessControl;
import io.wrenmq.broker.message.Message;
import io.wrenmq.broker.message.RetainedMessage;
import io.wrenmq.broker.routing.RetainedStore;
import io.wrenmq.broker.routing.SharedFilter;
import io.wrenmq.broker.routing.SubscriptionEntry;
import io.wrenmq.broker.routing.SubscriptionTrie;
import io.wrenmq.broker.routing.TopicFilters;
import io.wrenmq.broker.session.Session;
import io.wrenmq.codec.ReasonCode;
import io.wrenmq.codec.Subscription;
import io.wrenmq.codec.TopicSyntax;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * SUBSCRIBE and UNSUBSCRIBE for one session: checks each filter, records the subscription in the session
 * and the trie, and sends the retained messages the Retain Handling option asks for. Runs on the
 * session's loop.
 */
public final class SubscriptionService {
    private final SubscriptionTrie<Session> trie;
    private final RetainedStore retained;
    private final DeliverySettings config;
    private final AccessControl access;

    public SubscriptionService(SubscriptionTrie<Session> trie, RetainedStore retained, DeliverySettings config,
            AccessControl access) {
        this.access = access;
        this.trie = trie;
        this.retained = retained;
        this.config = config;
    }

    /**
     * What subscribing one filter gave: the SUBACK reason code, when granted whether it was new, and the store's
     * commit of a persistent session's subscription (null when nothing was written).
     */
    public record Result(ReasonCode reasonCode, boolean existed, CompletableFuture<Void> stored) {
        Result(ReasonCode reasonCode, boolean existed) {
            this(reasonCode, existed, null);
        }
    }

    /**
     * Subscribes one filter. {@code subscriptionId} is 0 when none. The caller has already rejected
     * the protocol errors (No Local on a shared subscription [MQTT-3.8.3-4]).
     */
    public Result subscribe(Session session, Subscription sub, int subscriptionId) {
        String filter = sub.topicFilter();
        if (TopicSyntax.invalidFilterReason(filter) != null) {
            return new Result(ReasonCode.TOPIC_FILTER_INVALID, false);
        }
        SharedFilter shared = TopicFilters.parseShared(filter);
        if (shared != null && !config.sharedSubscriptionAvailable()) {
            return new Result(ReasonCode.SHARED_SUBSCRIPTIONS_NOT_SUPPORTED, false);
        }
        String matchFilter = shared != null ? shared.filter() : filter;
        if (!config.wildcardSubscriptionAvailable() && TopicSyntax.hasWildcard(matchFilter)) {
            return new Result(ReasonCode.WILDCARD_SUBSCRIPTIONS_NOT_SUPPORTED, false);
        }
        int granted = Math.min(sub.qos(), config.maxQos());
        Subscription grantedSub = new Subscription(filter, granted, sub.noLocal(), sub.retainAsPublished(),
                sub.retainHandling());
        SubscriptionEntry<Session> entry = new SubscriptionEntry<>(session.clientId(), session, grantedSub,
                subscriptionId);
        // First: the store gets it before any message routed through it.
        CompletableFuture<Void> stored = session.putSubscription(filter, entry);
        SubscriptionEntry<Session> previous = shared != null
                ? trie.subscribeShared(shared.group(), shared.filter(), entry)
                : trie.subscribe(filter, entry);
        return new Result(ReasonCode.grantedQos(granted), previous != null, stored);
    }

    /**
     * Sends the retained messages for a granted non-shared subscription per Retain Handling: 0 always,
     * 1 only for a new subscription, 2 never [MQTT-3.3.1-9, MQTT-3.3.1-10, MQTT-3.3.1-11]. Shared
     * subscriptions get none (section 4.8.2). Called after the SUBACK is written.
     */
    public void sendRetained(Session session, Subscription sub, int subscriptionId, boolean existed) {
        if (TopicFilters.parseShared(sub.topicFilter()) != null) {
            return;
        }
        if (sub.retainHandling() == 2 || (sub.retainHandling() == 1 && existed)) {
            return;
        }
        int granted = Math.min(sub.qos(), config.maxQos());
        int[] ids = subscriptionId == 0 ? null : new int[] {subscriptionId};
        List<RetainedMessage> found = new ArrayList<>();
        retained.match(sub.topicFilter(), System.currentTimeMillis(), found::add);
        for (RetainedMessage r : found) {
            if (access.enabled() && !access.allowDelivery(session, r.topic())) {
                continue; // judged on its concrete topic by the rules in force now, like a live message
            }
            Message m = new Message(r.topic(), r.qos(), true, r.properties(), Unpooled.wrappedBuffer(r.payload()),
                    r.publisherClientId(), r.expiryAtMillis());
            // A retained message sent because of a new subscription has RETAIN set [MQTT-3.3.1-8].
            session.deliver(m, Math.min(granted, r.qos()), true, ids);
        }
    }

    /**
     * Unsubscribes one filter: SUCCESS, NO_SUBSCRIPTION_EXISTED (0x11) when there was none, or
     * TOPIC_FILTER_INVALID (0x8F) for a filter no subscription could have.
     */
    public ReasonCode unsubscribe(Session session, String filter) {
        if (TopicSyntax.invalidFilterReason(filter) != null) {
            return ReasonCode.TOPIC_FILTER_INVALID;
        }
        SubscriptionEntry<Session> removed = session.removeSubscription(filter);
        SharedFilter shared = TopicFilters.parseShared(filter);
        if (shared != null) {
            trie.unsubscribeShared(shared.group(), shared.filter(), session.clientId());
        } else {
            trie.unsubscribe(filter, session.clientId());
        }
        return removed != null ? ReasonCode.SUCCESS : ReasonCode.NO_SUBSCRIPTION_EXISTED;
    }
}
