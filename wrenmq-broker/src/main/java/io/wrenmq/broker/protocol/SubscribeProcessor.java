package io.wrenmq.broker.protocol;

import io.wrenmq.broker.protocol.BrokerContext;
import io.wrenmq.broker.auth.AclAction;
import io.wrenmq.broker.auth.AclDecision;
import io.wrenmq.broker.delivery.SubscriptionService;
import io.wrenmq.broker.routing.SharedFilter;
import io.wrenmq.broker.routing.TopicFilters;
import io.wrenmq.broker.session.Session;
import io.wrenmq.codec.Properties;
import io.wrenmq.codec.ReasonCode;
import io.wrenmq.codec.SubAck;
import io.wrenmq.codec.Subscribe;
import io.wrenmq.codec.Subscription;
import io.wrenmq.codec.TopicSyntax;
import io.wrenmq.codec.UnsubAck;
import io.wrenmq.codec.Unsubscribe;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** SUBSCRIBE and UNSUBSCRIBE from the client: protocol checks, then {@link SubscriptionService}. */
final class SubscribeProcessor {
    private static final SubscriptionService.Result NOT_AUTHORIZED =
            new SubscriptionService.Result(ReasonCode.NOT_AUTHORIZED, false, null);
    private final MqttConnection c;
    private final Negotiated n;
    private final BrokerContext broker;
    private final PacketWriter out;

    /** For the connection {@code c}, once its CONNECT is accepted. */
    SubscribeProcessor(MqttConnection c, Negotiated n) {
        this.c = c;
        this.n = n;
        this.broker = c.broker();
        this.out = c.writer();
    }

    void onSubscribe(Subscribe s) {
        ConnectionEvents.subscribe(c, s);
        if (!n.version().isV5() && closeOnMalformedV3Filter(s.subscriptions().stream().map(Subscription::topicFilter)
                .toList())) {
            return;
        }
        int subscriptionId = 0;
        int[] ids = s.properties().subscriptionIdentifiers();
        if (ids.length > 1) {
            c.close(ReasonCode.PROTOCOL_ERROR, "more than one Subscription Identifier in SUBSCRIBE");
            return;
        }
        if (ids.length == 1) {
            if (!broker.config().subscriptionIdentifierAvailable()) {
                c.close(ReasonCode.SUBSCRIPTION_IDENTIFIERS_NOT_SUPPORTED,
                        "subscription identifiers are not available [MQTT-3.2.2-?]");
                return;
            }
            subscriptionId = ids[0];
        }
        for (Subscription sub : s.subscriptions()) {
            if (sub.noLocal() && TopicSyntax.invalidFilterReason(sub.topicFilter()) == null
                    && TopicFilters.parseShared(sub.topicFilter()) != null) {
                c.close(ReasonCode.PROTOCOL_ERROR, "No Local on a shared subscription [MQTT-3.8.3-4]");
                return;
            }
        }
        int id0 = subscriptionId;
        if (broker.access().enabled()) {
            CompletableFuture<AclDecision[]> decisions = authorize(s);
            c.aclGate().whenDecided(decisions.thenApply(d -> AclDecision.ALLOW), ignored ->
                    subscribe(s, id0, decisions.isCompletedExceptionally() ? allDenied(s) : decisions.join()), null);
            return;
        }
        subscribe(s, subscriptionId, null);
    }

    /**
     * One decision per filter, asked of the ACL with the filter itself (the filter inside a shared subscription:
     * {@code $share/g/a/#} is judged as {@code a/#}). Completes once every filter has its answer.
     */
    private CompletableFuture<AclDecision[]> authorize(Subscribe s) {
        List<Subscription> subs = s.subscriptions();
        AclDecision[] out = new AclDecision[subs.size()];
        CompletableFuture<?>[] pending = new CompletableFuture<?>[subs.size()];
        for (int i = 0; i < subs.size(); i++) {
            String filter = subs.get(i).topicFilter();
            if (TopicSyntax.invalidFilterReason(filter) != null) {
                out[i] = AclDecision.ALLOW; // not an ACL matter: the subscription service answers 0x8F
                pending[i] = AclDecision.ALLOW.future();
                continue;
            }
            SharedFilter shared = TopicFilters.parseShared(filter);
            int index = i;
            pending[i] = broker.access().check(c.session(), AclAction.SUBSCRIBE, shared != null ? shared.filter() : filter)
                    .thenAccept(d -> out[index] = d);
        }
        return CompletableFuture.allOf(pending).thenApply(v -> out);
    }

    private static AclDecision[] allDenied(Subscribe s) { // fail closed
        AclDecision[] out = new AclDecision[s.subscriptions().size()];
        Arrays.fill(out, AclDecision.DENY);
        return out;
    }

    /** @param decisions the ACL's answer per filter; null when there is no ACL (every filter allowed) */
    private void subscribe(Subscribe s, int subscriptionId, AclDecision[] decisions) {
        if (decisions != null && broker.access().disconnectOnDeny()) {
            for (int i = 0; i < decisions.length; i++) {
                if (decisions[i] != AclDecision.ALLOW) {
                    c.close(ReasonCode.NOT_AUTHORIZED, "not authorized to subscribe to "
                            + s.subscriptions().get(i).topicFilter() + " (auth.deny_action = disconnect)");
                    return;
                }
            }
        }
        SubscriptionService service = broker.subscriptions();
        Session session = c.session();
        List<ReasonCode> codes = new ArrayList<>(s.subscriptions().size());
        List<SubscriptionService.Result> results = new ArrayList<>(s.subscriptions().size());
        for (int i = 0; i < s.subscriptions().size(); i++) {
            Subscription sub = s.subscriptions().get(i);
            // Not authorized first (0x87), then the limits (0x8F too deep, 0x97 over max_subscriptions).
            ReasonCode limited = decisions == null || decisions[i] == AclDecision.ALLOW
                    ? broker.limits().subscriptionRefusal(session, sub.topicFilter()) : null;
            SubscriptionService.Result r = decisions != null && decisions[i] != AclDecision.ALLOW
                    ? NOT_AUTHORIZED // 0x87 in v5; the v3 encoder writes 0x80 (Failure)
                    : limited != null ? new SubscriptionService.Result(limited, false, null)
                    : service.subscribe(session, sub, subscriptionId);
            results.add(r);
            if (!r.reasonCode().isError()) {
                ConnectionEvents.sessionSubscribed(c, sub.topicFilter(), r.reasonCode().value());
            }
            // v3.1.1 has only one failure code, 0x80 (the encoder maps every error to it).
            codes.add(r.reasonCode());
        }
        int id = subscriptionId;
        Runnable subAck = () -> {
            if (c.session() == null) {
                return; // taken over while the store was writing: the new connection owns the session
            }
            out.write(new SubAck(s.packetId(), codes, Properties.EMPTY)); // [MQTT-3.8.4-1]
            for (int i = 0; i < results.size(); i++) {
                if (!results.get(i).reasonCode().isError()) {
                    service.sendRetained(session, s.subscriptions().get(i), id, results.get(i).existed());
                }
            }
        };
        // A persistent session's SUBACK waits until its subscriptions are committed. If the store failed, the
        // subscriptions still work (they are live in memory); the failure is logged and counted by the store.
        c.acks().send(allStored(results), subAck, subAck);
    }

    /**
     * MQTT 3.1/3.1.1 has no failure code for a malformed topic filter ('a/#/b', 'a/b#', '+a'): it breaks
     * [MQTT-4.7.1-2] / [MQTT-4.7.1-3] (3.1.1 numbering), a protocol violation on which the Server closes the
     * connection [MQTT-4.8.0-1], without SUBACK or UNSUBACK. (v5 answers 0x8F for that filter instead.) A well-formed
     * filter that is a bad shared subscription ({@code $share/g}) is not a syntax error: it still gets 0x80.
     */
    private boolean closeOnMalformedV3Filter(List<String> filters) {
        for (String filter : filters) {
            String reason = TopicSyntax.invalidSyntaxReason(filter);
            if (reason != null) {
                c.close(ReasonCode.TOPIC_FILTER_INVALID, reason + ": '" + filter + "'");
                return true;
            }
        }
        return false;
    }

    private static CompletableFuture<Void> allStored(List<SubscriptionService.Result> results) {
        List<CompletableFuture<Void>> pending = new ArrayList<>();
        for (SubscriptionService.Result r : results) {
            if (r.stored() != null && !r.stored().isDone()) {
                pending.add(r.stored());
            }
        }
        if (pending.isEmpty()) {
            return null;
        }
        return pending.size() == 1 ? pending.get(0) : CompletableFuture.allOf(pending.toArray(new CompletableFuture<?>[0]));
    }

    void onUnsubscribe(Unsubscribe u) {
        ConnectionEvents.unsubscribe(c, u);
        if (!n.version().isV5() && closeOnMalformedV3Filter(u.topicFilters())) {
            return;
        }
        List<ReasonCode> codes = new ArrayList<>(u.topicFilters().size());
        for (String filter : u.topicFilters()) {
            ReasonCode rc = broker.subscriptions().unsubscribe(c.session(), filter);
            codes.add(rc);
            if (rc == ReasonCode.SUCCESS) {
                ConnectionEvents.sessionUnsubscribed(c, filter);
            }
        }
        // v3 UNSUBACK carries no reason codes; the encoder drops them [MQTT-3.11.3-1 is v5 only].
        out.write(new UnsubAck(u.packetId(), n.version().isV5() ? codes : List.of(), Properties.EMPTY));
    }
}
