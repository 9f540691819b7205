package io.wrenmq.broker.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5Client;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5ConnAckException;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAckReasonCode;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import io.wrenmq.broker.api.InProcessSubscriber;
import io.wrenmq.broker.api.Publication;
import io.wrenmq.broker.api.ReceivedMessage;
import io.wrenmq.broker.api.SessionBacklog;
import io.wrenmq.broker.api.SubscriberOptions;
import io.wrenmq.broker.hook.BrokerEvent;
import io.wrenmq.broker.hook.BrokerEvents;
import io.wrenmq.broker.hook.EventType;
import io.wrenmq.broker.message.Publisher;
import io.wrenmq.broker.session.OnlineQueueFull;
import io.wrenmq.broker.session.Session;
import io.wrenmq.broker.store.PersistenceConfig;
import io.wrenmq.codec.Properties;
import io.wrenmq.codec.PropertyId;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The in-process API (issue #12): {@code WrenBroker.publish(Publication)} on the path of a client's PUBLISH, and
 * in-process subscribers with a session's guarantees: QoS 1/2 until acknowledged, the in-flight window, the bounded
 * queue with its drop policy, takeover, and a persistent one resumed after a restart. Real MQTT clients on the other
 * side.
 */
@Timeout(60)
class InProcessApiTest {
    @TempDir
    Path dir;

    /** A publication reaches a real MQTT 5 client with its QoS, retain and properties, and raises message_publish. */
    @Test
    void publishReachesAnMqttSubscriberAndRaisesTheEvent() throws Exception {
        try (TestBroker b = TestBroker.start()) {
            List<String> events = new CopyOnWriteArrayList<>();
            b.broker().events().register(new BrokerEvents() {
                @Override
                public Set<EventType> interests() {
                    return EnumSet.of(EventType.MESSAGE_PUBLISH);
                }

                @Override
                public void onEvent(BrokerEvent e) {
                    BrokerEvent.MessagePublish p = (BrokerEvent.MessagePublish) e;
                    events.add(p.message().fromClientId() + " " + p.message().topic());
                }
            });
            Mqtt5BlockingClient sub = Mqtt5Client.builder().identifier("api-sub").serverHost(b.host()).serverPort(b.port())
                    .buildBlocking();
            sub.connect();
            try (Mqtt5BlockingClient.Mqtt5Publishes got = sub.publishes(MqttGlobalPublishFilter.ALL)) {
                sub.subscribeWith().topicFilter("api/#").qos(MqttQos.EXACTLY_ONCE).send();
                Properties props = Properties.builder().putString(PropertyId.CONTENT_TYPE, "text/plain")
                        .addUserProperty("k", "v").build();
                int delivered = b.broker().publish(Publication.of("api/one", "hello").qos(2).properties(props)
                        .publisher("my-app", "app-user")).get(10, TimeUnit.SECONDS);
                assertThat(delivered).isEqualTo(1);
                Mqtt5Publish m = got.receive(10, TimeUnit.SECONDS).orElseThrow();
                assertThat(m.getTopic().toString()).isEqualTo("api/one");
                assertThat(new String(m.getPayloadAsBytes(), StandardCharsets.UTF_8)).isEqualTo("hello");
                assertThat(m.getQos()).isEqualTo(MqttQos.EXACTLY_ONCE);
                assertThat(m.getContentType()).hasValueSatisfying(c -> assertThat(c.toString()).isEqualTo("text/plain"));
                // a system publication ($SYS) is routed like any other but raises no event
                b.broker().publish(Publication.of("api/sys", "x").system()).get(10, TimeUnit.SECONDS);
                assertThat(got.receive(10, TimeUnit.SECONDS).orElseThrow().getTopic().toString()).isEqualTo("api/sys");
            }
            assertThat(events).containsExactly("my-app api/one");
            sub.disconnect();
            assertThatThrownBy(() -> Publication.of("a/#", "x")).isInstanceOf(IllegalArgumentException.class);
        }
    }

    /** An in-process subscriber learns who published: client id, username and address of a client; the API's own. */
    @Test
    void aReceivedMessageNamesItsPublisher() throws Exception {
        try (TestBroker b = TestBroker.start()) {
            BlockingQueue<ReceivedMessage> got = new LinkedBlockingQueue<>();
            InProcessSubscriber s = b.broker().subscribe(SubscriberOptions.named("watcher"), got::add)
                    .get(10, TimeUnit.SECONDS);
            s.subscribe("who/#", 0).get(10, TimeUnit.SECONDS);
            Mqtt5BlockingClient pub = Mqtt5Client.builder().identifier("sensor-7").serverHost(b.host())
                    .serverPort(b.port()).simpleAuth().username("alice").applySimpleAuth().buildBlocking();
            pub.connect();
            pub.publishWith().topic("who/client").payload("x".getBytes(StandardCharsets.UTF_8)).send();
            Publisher client = take(got).publisher();
            assertThat(client).isEqualTo(new Publisher("sensor-7", "alice", "127.0.0.1"));
            pub.disconnect();

            b.broker().publish(Publication.of("who/api", "y").publisher("my-app", "app-user")).get(10, TimeUnit.SECONDS);
            assertThat(take(got).publisher()).isEqualTo(new Publisher("my-app", "app-user", null));
            s.close();
        }
    }

    /**
     * An in-process QoS 1 subscriber gets a real client's messages, at most maxInflight unacknowledged; each ack lets
     * the next one through, in order [MQTT-3.3.4-7, MQTT-4.6.0-5]. QoS 2 is released by one ack (PUBREC + PUBCOMP).
     */
    @Test
    void inFlightWindowAndAcknowledgementsAtQos1And2() throws Exception {
        try (TestBroker b = TestBroker.start()) {
            BlockingQueue<ReceivedMessage> got = new LinkedBlockingQueue<>();
            InProcessSubscriber s = b.broker().subscribe(SubscriberOptions.named("rules").maxInflight(2), got::add)
                    .get(10, TimeUnit.SECONDS);
            assertThat(s.subscribe("in/#", 2).get(10, TimeUnit.SECONDS)).isEqualTo(2);
            assertThat(s.subscriptions()).containsExactly("in/#");
            Mqtt5BlockingClient pub = Mqtt5Client.builder().identifier("in-pub").serverHost(b.host()).serverPort(b.port())
                    .buildBlocking();
            pub.connect();
            for (int i = 1; i <= 4; i++) {
                pub.publishWith().topic("in/t").qos(MqttQos.AT_LEAST_ONCE).payload(("m" + i).getBytes(StandardCharsets.UTF_8)).send();
            }
            ReceivedMessage m1 = take(got);
            ReceivedMessage m2 = take(got);
            assertThat(List.of(m1.payloadAsString(), m2.payloadAsString())).containsExactly("m1", "m2");
            assertThat(got.poll(300, TimeUnit.MILLISECONDS)).as("window of 2 full").isNull();
            m1.ack();
            m1.ack(); // a second ack does nothing
            assertThat(take(got).payloadAsString()).isEqualTo("m3");
            assertThat(got.poll(300, TimeUnit.MILLISECONDS)).isNull();
            m2.ack();
            ReceivedMessage m4 = take(got);
            assertThat(m4.payloadAsString()).isEqualTo("m4");

            pub.publishWith().topic("in/q2").qos(MqttQos.EXACTLY_ONCE).payload("two".getBytes(StandardCharsets.UTF_8)).send();
            assertThat(got.poll(300, TimeUnit.MILLISECONDS)).as("window still full (m3, m4)").isNull();
            m4.ack();
            ReceivedMessage q2 = take(got);
            assertThat(q2.qos()).isEqualTo(2);
            assertThat(q2.topic()).isEqualTo("in/q2");
            Session session = b.broker().sessions().get("rules");
            q2.ack();
            await().atMost(Duration.ofSeconds(5)).until(() -> inflight(session) == 1); // m3 only: q2 released
            pub.disconnect();
            s.close();
            await().atMost(Duration.ofSeconds(5)).until(() -> b.broker().sessions().get("rules") == null); // not persistent
        }
    }

    /**
     * The bounded queue with the drop policy: a subscriber that acknowledges nothing holds its window (1) and its queue
     * (mqtt.max_mqueue_len = 3); what does not fit is dropped and counted, as for a network client.
     */
    @Test
    void theSessionQueueIsBoundedByTheDropPolicy() throws Exception {
        try (TestBroker b = TestBroker.start(c -> c.maxMqueueLen(3).onlineQueueFull(OnlineQueueFull.DROP))) {
            BlockingQueue<ReceivedMessage> got = new LinkedBlockingQueue<>();
            InProcessSubscriber s = b.broker().subscribe(SubscriberOptions.named("slow").maxInflight(1), got::add)
                    .get(10, TimeUnit.SECONDS);
            s.subscribe("q/t", 1).get(10, TimeUnit.SECONDS);
            for (int i = 1; i <= 10; i++) {
                b.broker().publish(Publication.of("q/t", "m" + i).qos(1)).get(10, TimeUnit.SECONDS);
            }
            ReceivedMessage first = take(got);
            assertThat(first.payloadAsString()).isEqualTo("m1");
            await().atMost(Duration.ofSeconds(5)).until(() -> b.broker().metrics().messagesDroppedQueueFull.sum() == 6);
            Session session = b.broker().sessions().get("slow");
            assertThat(queued(session)).isEqualTo(3);
            first.ack();
            for (String expected : List.of("m2", "m3", "m4")) {
                ReceivedMessage m = take(got);
                assertThat(m.payloadAsString()).isEqualTo(expected);
                m.ack();
            }
            assertThat(got.poll(300, TimeUnit.MILLISECONDS)).isNull();
            s.close();
        }
    }

    /**
     * A subscriber's own queue bound (a bridge's offline cache) instead of mqtt.max_mqueue_len: larger than the broker's,
     * dropping the oldest when full, also while it is detached.
     */
    @Test
    void aSubscribersOwnQueueBoundDropsTheOldest() throws Exception {
        try (TestBroker b = TestBroker.start(c -> c.maxMqueueLen(2))) {
            SubscriberOptions opts = SubscriberOptions.named("cache").persistent(true).maxInflight(1).maxQueued(5, true);
            BlockingQueue<ReceivedMessage> got = new LinkedBlockingQueue<>();
            InProcessSubscriber s = b.broker().subscribe(opts, got::add).get(10, TimeUnit.SECONDS);
            s.subscribe("c/t", 1).get(10, TimeUnit.SECONDS);
            s.close(); // offline: messages queue
            await().atMost(Duration.ofSeconds(5)).until(() -> !b.broker().sessions().get("cache").isOnline());
            for (int i = 1; i <= 8; i++) {
                b.broker().publish(Publication.of("c/t", "m" + i).qos(1)).get(10, TimeUnit.SECONDS);
            }
            // deliveries reach the session on its loop after publish() completes: wait for them
            await().atMost(Duration.ofSeconds(5)).until(() -> b.broker().metrics().messagesDroppedQueueFull.sum() >= 3);
            assertThat(b.broker().metrics().messagesDroppedQueueFull.sum()).as("8 into 5: the 3 oldest").isEqualTo(3);
            assertThat(queued(b.broker().sessions().get("cache"))).isEqualTo(5);
            b.broker().subscribe(opts, got::add).get(10, TimeUnit.SECONDS);
            for (String expected : List.of("m4", "m5", "m6", "m7", "m8")) {
                ReceivedMessage m = take(got);
                assertThat(m.payloadAsString()).isEqualTo(expected);
                m.ack();
            }
        }
    }

    /**
     * sessionBacklog reads a session's queue, in-flight window and its own queue-full drops from another thread (the
     * REST API's view of a bridge's cache): 8 QoS 1 messages to an attached subscriber that acknowledges nothing, with
     * a window of 1 and its own bound of 5, leave 1 in flight, 5 queued and the 2 oldest of the queue dropped (the
     * broker drops for an attached subscriber too: online_queue_full = drop).
     */
    @Test
    void theSessionBacklogCountsQueuedInflightAndItsOwnDrops() throws Exception {
        try (TestBroker b = TestBroker.start(c -> c.onlineQueueFull(OnlineQueueFull.DROP))) {
            assertThat(b.broker().sessionBacklog("nobody").get(10, TimeUnit.SECONDS)).as("no such session").isNull();
            SubscriberOptions opts = SubscriberOptions.named("backlog").maxInflight(1).maxQueued(5, true);
            BlockingQueue<ReceivedMessage> got = new LinkedBlockingQueue<>();
            InProcessSubscriber s = b.broker().subscribe(opts, got::add).get(10, TimeUnit.SECONDS);
            s.subscribe("b/t", 1).get(10, TimeUnit.SECONDS);
            for (int i = 1; i <= 8; i++) {
                b.broker().publish(Publication.of("b/t", "m" + i).qos(1)).get(10, TimeUnit.SECONDS);
            }
            take(got); // in flight, never acknowledged
            SessionBacklog backlog = b.broker().sessionBacklog("backlog").get(10, TimeUnit.SECONDS);
            assertThat(backlog).isEqualTo(new SessionBacklog(5, 1, 2));
            assertThat(backlog.depth()).isEqualTo(6);
            s.close();
        }
    }

    /** No Local: what is published under the subscriber's own name does not come back to it [MQTT-3.8.3-3]. */
    @Test
    void noLocalSkipsWhatTheSubscriberPublishedItself() throws Exception {
        try (TestBroker b = TestBroker.start()) {
            BlockingQueue<ReceivedMessage> got = new LinkedBlockingQueue<>();
            InProcessSubscriber s = b.broker().subscribe(SubscriberOptions.named("bridge-x").noLocal(true), got::add)
                    .get(10, TimeUnit.SECONDS);
            s.subscribe("n/#", 1).get(10, TimeUnit.SECONDS);
            b.broker().publish(Publication.of("n/own", "mine").qos(1).publisher("bridge-x", null)).get(10, TimeUnit.SECONDS);
            b.broker().publish(Publication.of("n/other", "theirs").qos(1).publisher("someone", null)).get(10, TimeUnit.SECONDS);
            ReceivedMessage m = take(got);
            assertThat(m.topic()).isEqualTo("n/other");
            m.ack();
            assertThat(got.poll(300, TimeUnit.MILLISECONDS)).isNull();
        }
    }

    /**
     * A persistent subscriber survives close() and a broker restart: what it did not acknowledge comes again with DUP,
     * what was published while it was away is waiting, and once acknowledged nothing comes back after the next restart.
     */
    @Test
    void aPersistentSubscriberResumesAfterARestart() throws Exception {
        SubscriberOptions opts = SubscriberOptions.named("archiver").persistent(true);
        BlockingQueue<ReceivedMessage> got = new LinkedBlockingQueue<>();
        try (TestBroker b = startPersistent()) {
            InProcessSubscriber s = b.broker().subscribe(opts, got::add).get(10, TimeUnit.SECONDS);
            s.subscribe("arch/#", 1).get(10, TimeUnit.SECONDS);
            b.broker().publish(Publication.of("arch/1", "one").qos(1)).get(10, TimeUnit.SECONDS);
            assertThat(take(got).payloadAsString()).isEqualTo("one"); // not acknowledged
            s.close();
            await().atMost(Duration.ofSeconds(5)).until(() -> !b.broker().sessions().get("archiver").isOnline());
            // published while it is away: the future completes once the store has it
            assertThat(b.broker().publish(Publication.of("arch/2", "two").qos(1)).get(10, TimeUnit.SECONDS)).isEqualTo(1);
        }
        got.clear();
        try (TestBroker b = startPersistent()) {
            InProcessSubscriber s = b.broker().subscribe(opts, got::add).get(10, TimeUnit.SECONDS);
            assertThat(s.subscriptions()).containsExactly("arch/#"); // restored, not subscribed again
            ReceivedMessage one = take(got);
            ReceivedMessage two = take(got);
            assertThat(one.payloadAsString()).isEqualTo("one");
            assertThat(one.isDup()).isTrue();
            assertThat(two.payloadAsString()).isEqualTo("two");
            assertThat(two.isDup()).isFalse();
            one.ack();
            two.ack();
            Session session = b.broker().sessions().get("archiver");
            await().atMost(Duration.ofSeconds(5)).until(() -> inflight(session) == 0);
            s.close();
        }
        got.clear();
        try (TestBroker b = startPersistent()) {
            InProcessSubscriber s = b.broker().subscribe(opts, got::add).get(10, TimeUnit.SECONDS);
            assertThat(got.poll(500, TimeUnit.MILLISECONDS)).as("everything was acknowledged").isNull();
            s.close();
        }
    }

    /**
     * A bridge-like subscriber (persistent, online, acknowledging once "the remote" has a message) costs the store no
     * write: the insert of each forwarded message is held back and cancelled by the acknowledgement, even when that
     * comes a few store batches later; the publisher's future completes on the acknowledgement. While the subscriber
     * is away the message is written at once, and both come back after a restart in publish order.
     */
    @Test
    void aForwardAcknowledgedElsewhereWithinTheHoldIsNeverWritten() throws Exception {
        SubscriberOptions opts = SubscriberOptions.named("bridge-like").persistent(true);
        try (TestBroker b = startPersistent()) {
            BlockingQueue<ReceivedMessage> got = new LinkedBlockingQueue<>();
            InProcessSubscriber s = b.broker().subscribe(opts, got::add).get(10, TimeUnit.SECONDS);
            s.subscribe("fwd/#", 1).get(10, TimeUnit.SECONDS);
            long writes = b.broker().metrics().storeWrites.sum();
            for (int i = 0; i < 20; i++) {
                CompletableFuture<Integer> published = b.broker().publish(Publication.of("fwd/" + i, "m" + i).qos(1));
                ReceivedMessage m = take(got);
                Thread.sleep(30); // the remote's round trip: longer than a store batch, shorter than the hold
                assertThat(published).as("not acknowledged before the remote has it").isNotDone();
                m.ackSafeElsewhere();
                assertThat(published.get(10, TimeUnit.SECONDS)).isEqualTo(1);
            }
            assertThat(b.broker().metrics().storeWrites.sum()).as("no insert or delete ran").isEqualTo(writes);

            b.broker().publish(Publication.of("fwd/held", "first").qos(1));
            ReceivedMessage held = take(got); // not acknowledged: its insert is held back, then written
            s.close();
            await().atMost(Duration.ofSeconds(5)).until(() -> !b.broker().sessions().get("bridge-like").isOnline());
            assertThat(b.broker().publish(Publication.of("fwd/away", "second").qos(1)).get(10, TimeUnit.SECONDS))
                    .isEqualTo(1);
            assertThat(held.payloadAsString()).isEqualTo("first");
        }
        try (TestBroker b = startPersistent()) {
            BlockingQueue<ReceivedMessage> got = new LinkedBlockingQueue<>();
            InProcessSubscriber s = b.broker().subscribe(opts, got::add).get(10, TimeUnit.SECONDS);
            assertThat(take(got).payloadAsString()).isEqualTo("first");
            assertThat(take(got).payloadAsString()).isEqualTo("second");
            s.close();
        }
    }

    /** A second subscriber under the same name takes the session over, as a second client with the same id does. */
    @Test
    void aSecondSubscriberWithTheSameNameTakesOver() throws Exception {
        try (TestBroker b = TestBroker.start()) {
            InProcessSubscriber first = b.broker().subscribe(SubscriberOptions.named("twin").persistent(true), m -> { })
                    .get(10, TimeUnit.SECONDS);
            first.subscribe("tw/t", 0).get(10, TimeUnit.SECONDS);
            BlockingQueue<ReceivedMessage> got = new LinkedBlockingQueue<>();
            InProcessSubscriber second = b.broker().subscribe(SubscriberOptions.named("twin").persistent(true), got::add)
                    .get(10, TimeUnit.SECONDS);
            assertThat(first.isOpen()).isFalse();
            assertThat(second.isOpen()).isTrue();
            b.broker().publish(Publication.of("tw/t", "x")).get(10, TimeUnit.SECONDS);
            assertThat(take(got).payloadAsString()).isEqualTo("x"); // the session's subscription went with it
            assertThatThrownBy(() -> first.subscribe("tw/u", 0).join()).isInstanceOf(CompletionException.class)
                    .hasCauseInstanceOf(IllegalStateException.class);
            second.close();
        }
    }

    /**
     * A network client cannot take an in-process subscriber's session (a bridge's offline cache), attached or not: its
     * CONNECT is refused with 0x85 Client Identifier not valid.
     */
    @Test
    void aNetworkClientCannotTakeAnInProcessSession() throws Exception {
        try (TestBroker b = TestBroker.start()) {
            InProcessSubscriber s = b.broker().subscribe(SubscriberOptions.named("$bridge/cloud").persistent(true),
                    m -> { }).get(10, TimeUnit.SECONDS);
            for (boolean attached : new boolean[] {true, false}) {
                if (!attached) {
                    s.close();
                }
                Mqtt5BlockingClient thief = Mqtt5Client.builder().identifier("$bridge/cloud").serverHost(b.host())
                        .serverPort(b.port()).buildBlocking();
                assertThatThrownBy(thief::connect).isInstanceOf(Mqtt5ConnAckException.class)
                        .satisfies(e -> assertThat(((Mqtt5ConnAckException) e).getMqttMessage().getReasonCode())
                                .isEqualTo(Mqtt5ConnAckReasonCode.CLIENT_IDENTIFIER_NOT_VALID));
            }
            assertThat(b.broker().sessions().get("$bridge/cloud")).as("the session is still there").isNotNull();
        }
    }

    /** subscribe(filter, qos, listener): a bad filter fails and leaves no session behind. */
    @Test
    void aBadFilterFailsAndLeavesNoSession() throws Exception {
        try (TestBroker b = TestBroker.start()) {
            CompletableFuture<InProcessSubscriber> bad = b.broker().subscribe("a/#/b", 1, m -> { });
            assertThatThrownBy(bad::join).hasCauseInstanceOf(IllegalArgumentException.class);
            await().atMost(Duration.ofSeconds(5)).until(() -> b.broker().sessions().size() == 0);
            InProcessSubscriber ok = b.broker().subscribe("ok/+", 0, m -> { }).get(10, TimeUnit.SECONDS);
            assertThat(ok.subscriptions()).containsExactly("ok/+");
            ok.close();
        }
    }

    private TestBroker startPersistent() {
        return TestBroker.start(c -> c.persistence(new PersistenceConfig().type(PersistenceConfig.Type.SQLITE)
                .path(dir.resolve("wrenmq.db")).sync(PersistenceConfig.Sync.NORMAL)));
    }

    private static ReceivedMessage take(BlockingQueue<ReceivedMessage> q) throws InterruptedException {
        ReceivedMessage m = q.poll(10, TimeUnit.SECONDS);
        assertThat(m).as("a message within 10 s").isNotNull();
        return m;
    }

    private static int inflight(Session s) throws Exception {
        CompletableFuture<Integer> n = new CompletableFuture<>();
        s.execute(() -> n.complete(s.inflightCount()));
        return n.get(5, TimeUnit.SECONDS);
    }

    private static int queued(Session s) throws Exception {
        CompletableFuture<Integer> n = new CompletableFuture<>();
        s.execute(() -> n.complete(s.queuedCount()));
        return n.get(5, TimeUnit.SECONDS);
    }
}
