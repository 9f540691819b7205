package io.wrenmq.broker.session;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.wrenmq.broker.BrokerConfig;
import io.wrenmq.broker.message.Message;
import io.wrenmq.broker.hook.EventHub;
import io.wrenmq.broker.metrics.BrokerMetrics;
import io.wrenmq.broker.routing.SubscriptionTrie;
import io.wrenmq.broker.store.MemoryStore;
import io.wrenmq.broker.store.Store;
import io.wrenmq.codec.Properties;
import io.wrenmq.codec.PropertyId;
import io.wrenmq.codec.Will;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A session registry without a network, for unit tests of the session's parts: its loop is an {@link EmbeddedChannel}'s
 * (every task runs on the test thread, time moves only when the test says), and it records the wills it publishes.
 */
final class SessionHarness implements AutoCloseable {
    final BrokerConfig config;
    final BrokerMetrics metrics = new BrokerMetrics();
    final EmbeddedChannel clock = new EmbeddedChannel();
    final List<String> wills = new ArrayList<>();
    final SessionRegistry registry;

    SessionHarness(BrokerConfig config) {
        this(config, new MemoryStore());
    }

    SessionHarness(BrokerConfig config, Store store) {
        this.config = config;
        clock.freezeTime();
        this.registry = new SessionRegistry(config, metrics, new SubscriptionTrie<>(),
                (session, will) -> wills.add(session.clientId() + ":" + will.topic()), store, new EventHub());
    }

    /** Attaches {@code conn} to the session of {@code clientId} as a CONNECT would, and returns the session. */
    Session connect(String clientId, boolean cleanStart, long expirySeconds, Will will, SessionConnection conn) {
        Session[] attached = new Session[1];
        registry.connect(clientId, cleanStart, expirySeconds, will, conn, clock.eventLoop(), (s, present) -> {
            attached[0] = s;
            s.resume();
        });
        clock.runPendingTasks();
        if (attached[0] == null) {
            throw new AssertionError("session of " + clientId + " not attached");
        }
        return attached[0];
    }

    /** The connection of {@code session} closed ({@code normal}: with DISCONNECT 0x00). */
    void disconnect(Session session, SessionConnection conn, boolean normal) {
        registry.disconnected(session, conn, normal);
        clock.runPendingTasks();
    }

    void advance(long amount, TimeUnit unit) {
        clock.advanceTimeBy(amount, unit);
        clock.runScheduledPendingTasks();
        clock.runPendingTasks();
    }

    static Message message(String topic, int qos, String payload) {
        return message(topic, qos, payload, 0);
    }

    static Message message(String topic, int qos, String payload, long expiryAtMillis) {
        return new Message(topic, qos, false, Properties.EMPTY,
                Unpooled.copiedBuffer(payload, StandardCharsets.UTF_8), "publisher", expiryAtMillis);
    }

    static Will will(String topic, long delaySeconds) {
        Properties p = delaySeconds == 0 ? Properties.EMPTY
                : Properties.builder().put(PropertyId.WILL_DELAY_INTERVAL, delaySeconds).build();
        return new Will(topic, 1, false, new byte[] {1}, p);
    }

    /** Ends every session (releasing what they hold, as at broker shutdown) and the loop. */
    @Override
    public void close() {
        for (Session s : registry.sessions()) {
            s.shutdown(); // what releaseAll() does on each session's loop (which here is the test thread)
        }
        clock.finishAndReleaseAll();
    }
}
