package io.wrenmq.broker.limits;

import io.netty.channel.Channel;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ScheduledFuture;
import io.wrenmq.broker.listener.ConnectionInfo;
import io.wrenmq.broker.listener.ListenerConfig;
import io.wrenmq.broker.metrics.LimitsMetrics;
import io.wrenmq.broker.routing.SharedFilter;
import io.wrenmq.broker.routing.TopicFilters;
import io.wrenmq.broker.session.Session;
import io.wrenmq.codec.Connect;
import io.wrenmq.codec.ReasonCode;
import io.wrenmq.codec.TopicSyntax;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Overload protection and bans for the whole broker, wired once by {@code WrenBroker}: the accept-time
 * {@link ConnectionGate} of each listener, the ban list and flapping check at CONNECT, the per-client
 * {@link InboundLimits} on PUBLISH and the subscription limits on SUBSCRIBE. Also the runtime API: {@link #banList()}
 * (add, remove, list; the REST {@code /banned} endpoint) and {@link #loginFailed} for authentication.
 */
public final class Limits {
    private final LimitsConfig config;
    private final LimitsMetrics metrics;
    private final BanList bans = new BanList();
    private final FlappingDetector flapping;
    private final AtomicInteger open = new AtomicInteger();
    private final TokenBucket globalConnRate;
    private ScheduledFuture<?> purgeTimer;

    public Limits(LimitsConfig config, LimitsMetrics metrics) {
        this.config = config;
        this.metrics = metrics;
        this.flapping = new FlappingDetector(config, bans, metrics);
        this.globalConnRate = config.maxConnRate().isLimited() ? new TokenBucket(config.maxConnRate(), System.nanoTime()) : null;
        config.banned().forEach(bans::add);
    }

    public LimitsConfig config() {
        return config;
    }

    public LimitsMetrics metrics() {
        return metrics;
    }

    /** The live ban list: config entries, flapping bans and runtime additions. */
    public BanList banList() {
        return bans;
    }

    /** The accept-time checks of one listener (one instance per listener, shared by its connections). */
    public ConnectionGate gate(ListenerConfig listener) {
        Rate own = config.listener(listener.id()).maxConnRate();
        return new ConnectionGate(listener, this, own != null ? own : Rate.NONE);
    }

    boolean belowGlobalMaxConnections() {
        return config.maxConnections() == 0 || open.get() < config.maxConnections();
    }

    boolean takeGlobalConnToken() {
        return ConnectionGate.take(globalConnRate);
    }

    void connectionOpened() {
        open.incrementAndGet();
    }

    void connectionClosed() {
        open.decrementAndGet();
    }

    /** Connections open on all listeners now. */
    public int openConnections() {
        return open.get();
    }

    /**
     * The CONNECT-time check, right after the packet's own validation: a banned client id, username or client
     * address (which a proxy header may have set after accept) gets 0x8A Banned (v3.1.1: return code 5 Not
     * authorized); a client id that is flapping is banned now and refused the same way. Null = go on.
     */
    public ReasonCode checkConnect(Channel ch, Connect connect) {
        BanRule ban = bans.isEmpty() ? null : bans.matchClient(connect.clientId(), connect.username());
        if (ban == null && !bans.isEmpty()) {
            ban = bans.matchAddress(clientAddress(ch));
        }
        if (ban != null || flapping.onConnect(connect.clientId())) {
            metrics.connectsRefusedBanned.increment();
            return ReasonCode.BANNED;
        }
        return null;
    }

    /** For authentication: a failed login of {@code clientId} from {@code address} (either may be null). */
    public void loginFailed(String clientId, InetAddress address) {
        flapping.loginFailed(clientId, address);
    }

    /**
     * The publish limits of a connection on {@code ch}, or null when none is configured. {@code dispatcher} handles
     * packets held while the publisher was paused; {@code batchDone} runs after each batch of them.
     */
    public InboundLimits inboundLimits(Channel ch, Consumer<Object> dispatcher, Runnable batchDone,
            Runnable resumeReading) {
        ConnectionInfo info = ConnectionInfo.of(ch);
        ListenerLimits own = info != null ? config.listener(info.listener().id()) : ListenerLimits.INHERIT;
        Rate messages = own.messagesRate() != null ? own.messagesRate() : config.messagesRate();
        Rate bytes = own.bytesRate() != null ? own.bytesRate() : config.bytesRate();
        if (!messages.isLimited() && !bytes.isLimited() && config.maxTopicLevels() == 0) {
            return null;
        }
        return new InboundLimits(ch, metrics, config.maxTopicLevels(), messages, bytes, dispatcher, batchDone,
                resumeReading);
    }

    /**
     * Why one SUBSCRIBE entry is refused by a limit, or null: a filter deeper than {@code mqtt.max_topic_levels}
     * gets 0x8F Topic Filter invalid; a new filter beyond {@code mqtt.max_subscriptions} gets 0x97 Quota exceeded
     * (v3.1.1: 0x80). Subscribing again to a filter the session has does not count twice.
     */
    public ReasonCode subscriptionRefusal(Session session, String filter) {
        if (config.maxTopicLevels() > 0 && TopicSyntax.invalidFilterReason(filter) == null) {
            SharedFilter shared = TopicFilters.parseShared(filter);
            if (TopicLevels.count(shared != null ? shared.filter() : filter) > config.maxTopicLevels()) {
                metrics.subscriptionsRefusedTopicLevels.increment();
                return ReasonCode.TOPIC_FILTER_INVALID;
            }
        }
        int max = config.maxSubscriptions();
        if (max > 0 && session.subscriptionCount() >= max && !session.hasSubscription(filter)) {
            metrics.subscriptionsRefusedQuota.increment();
            return ReasonCode.QUOTA_EXCEEDED;
        }
        return null;
    }

    /** Starts the periodic clean-up of expired bans and ended flapping windows. */
    public void start(EventExecutor executor) {
        purgeTimer = executor.scheduleWithFixedDelay(() -> {
            bans.purgeExpired();
            flapping.purge();
        }, 10, 10, TimeUnit.SECONDS);
    }

    public void stop() {
        if (purgeTimer != null) {
            purgeTimer.cancel(false);
        }
    }

    private static InetAddress clientAddress(Channel ch) {
        InetSocketAddress a = ConnectionInfo.clientAddressOf(ch);
        return a != null ? a.getAddress() : null;
    }
}
