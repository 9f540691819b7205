package io.wrenmq.broker.it;

import static io.wrenmq.broker.it.WireClient.PUBLISH;
import static io.wrenmq.broker.it.WireClient.RECEIVE_MAXIMUM;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5Client;
import io.wrenmq.broker.it.WireClient.Props;
import io.wrenmq.broker.metrics.BrokerMetrics;
import io.wrenmq.broker.session.OnlineQueueFull;
import io.wrenmq.broker.session.Session;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A connected QoS 1/2 subscriber slower than its publishers (issue #11): with mqtt.online_queue_full = backpressure
 * (the default) the broker slows the publishers down instead of dropping messages it has acknowledged; a subscriber
 * that takes nothing is given up on after mqtt.backpressure_timeout; publishers that feed each other never hold
 * each other.
 */
@Timeout(90)
class SlowSubscriberTest {
    private static final int PUBLISHERS = 10;
    private static final int PER_PUBLISHER = 2000;
    private static final int QUEUE = 50;

    /**
     * Fan-in at full speed: ten QoS 1 publishers, each with 100 publishes in flight (closed loop on PUBACK), into one
     * QoS 1 subscriber that takes one message at a time (Receive Maximum 1) and so is several times slower. Every
     * acknowledged message arrives, none is dropped, and the publishers were slowed down.
     */
    @Test
    void fanInToASlowSubscriberLosesNoAcknowledgedMessage() throws Exception {
        try (TestBroker b = TestBroker.start(c -> c.maxMqueueLen(QUEUE))) {
            Run run = fanIn(b, "bp");
            await().atMost(Duration.ofSeconds(60)).until(() -> run.received.size() == PUBLISHERS * PER_PUBLISHER);
            BrokerMetrics m = b.broker().metrics();
            assertThat(m.messagesDroppedQueueFull.sum()).isZero();
            assertThat(m.limits.publishersSlowedDown.sum()).isPositive();
            assertThat(m.limits.slowSubscribersGivenUp.sum()).isZero();
            await().atMost(Duration.ofSeconds(10)).until(() -> m.limits.queuedAboveLimitBytes.get() == 0);
            run.close();
        }
    }

    /**
     * The same run with online_queue_full = drop: the publishers are never held, and the subscriber's full queue
     * drops acknowledged messages (what issue #11 measured: 976 lost in a 10 -> 1 run). Proves the test above fails
     * without back-pressure.
     */
    @Test
    void withTheDropPolicyTheSameRunDropsAcknowledgedMessages() throws Exception {
        try (TestBroker b = TestBroker.start(c -> c.maxMqueueLen(QUEUE).onlineQueueFull(OnlineQueueFull.DROP))) {
            Run run = fanIn(b, "dr");
            BrokerMetrics m = b.broker().metrics();
            Session sub = b.broker().sessions().get("dr-sub");
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                int[] left = new int[1];
                CompletableFuture<Void> read = new CompletableFuture<>();
                sub.execute(() -> {
                    left[0] = sub.queuedCount() + sub.inflightCount();
                    read.complete(null);
                });
                read.get(5, TimeUnit.SECONDS);
                return left[0] == 0;
            });
            long dropped = m.messagesDroppedQueueFull.sum();
            assertThat(dropped).isPositive();
            assertThat(m.limits.publishersSlowedDown.sum()).isZero();
            await().atMost(Duration.ofSeconds(5)).until(() -> run.received.size() + dropped == PUBLISHERS * PER_PUBLISHER);
            run.close();
        }
    }

    /**
     * A subscriber that takes nothing (it never acknowledges) holds its publisher back for backpressure_timeout
     * only: then the publisher goes on, every one of its messages is acknowledged, and the subscriber's queue
     * drops what does not fit.
     */
    @Test
    void aSubscriberThatTakesNothingStopsHoldingItsPublisherAfterTheTimeout() throws Exception {
        try (TestBroker b = TestBroker.start(c -> c.maxMqueueLen(20).backpressureTimeout(Duration.ofMillis(300)));
                WireClient stuck = WireClient.connect(b, "stuck-sub", new Props().put(RECEIVE_MAXIMUM, 5))) {
            assertThat(stuck.subscribeAndWait(1, "stuck/t", 1, new Props())).containsExactly(1);
            Mqtt5AsyncClient pub = client(b, "stuck-pub");
            List<CompletableFuture<?>> acks = new ArrayList<>();
            for (int i = 0; i < 500; i++) {
                acks.add(pub.publishWith().topic("stuck/t").qos(MqttQos.AT_LEAST_ONCE)
                        .payload(("m" + i).getBytes(StandardCharsets.UTF_8)).send());
            }
            CompletableFuture.allOf(acks.toArray(new CompletableFuture<?>[0])).get(30, TimeUnit.SECONDS);
            BrokerMetrics m = b.broker().metrics();
            assertThat(m.limits.publishersSlowedDown.sum()).isPositive();
            assertThat(m.limits.slowSubscribersGivenUp.sum()).isEqualTo(1);
            assertThat(m.messagesDroppedQueueFull.sum()).isPositive();
            assertThat(stuck.expect(PUBLISH).payloadString()).isEqualTo("m0"); // it did get its window's worth
            pub.disconnect().get(5, TimeUnit.SECONDS);
        }
    }

    /**
     * A publisher paused for a slow subscriber is not read meanwhile, so its PINGREQs wait too: the broker must not
     * take that for a dead client [MQTT-3.1.2-22 counts from the last packet RECEIVED], and the client must get its
     * PINGRESP (the HiveMQ client closes the connection without one). Keep alive 1 s, held about 3 s by a subscriber
     * that takes nothing: the pause is lifted every half keep alive for one read batch, so the client stays
     * connected and everything is acknowledged.
     */
    @Test
    void aPausedPublisherIsNotDroppedForKeepAlive() throws Exception {
        try (TestBroker b = TestBroker.start(c -> c.maxMqueueLen(20).backpressureTimeout(Duration.ofSeconds(3)));
                WireClient stuck = WireClient.connect(b, "ka-sub", new Props().put(RECEIVE_MAXIMUM, 5))) {
            assertThat(stuck.subscribeAndWait(1, "ka/t", 1, new Props())).containsExactly(1);
            Mqtt5AsyncClient pub = Mqtt5Client.builder().identifier("ka-pub").serverHost(b.host()).serverPort(b.port())
                    .buildAsync();
            pub.connectWith().keepAlive(1).send().get(10, TimeUnit.SECONDS);
            List<CompletableFuture<?>> acks = new ArrayList<>();
            for (int i = 0; i < 2000; i++) {
                acks.add(pub.publishWith().topic("ka/t").qos(MqttQos.AT_LEAST_ONCE)
                        .payload(("k" + i).getBytes(StandardCharsets.UTF_8)).send());
            }
            CompletableFuture.allOf(acks.toArray(new CompletableFuture<?>[0])).get(30, TimeUnit.SECONDS);
            assertThat(b.broker().metrics().limits.slowSubscribersGivenUp.sum()).isEqualTo(1); // it was held ~3 s
            assertThat(b.broker().metrics().limits.publishersSlowedDown.sum()).isGreaterThan(2); // paused, peeked, paused
            assertThat(pub.getState().isConnected()).isTrue();
            pub.disconnect().get(5, TimeUnit.SECONDS);
        }
    }

    /**
     * Two clients that publish to each other as fast as they can, each taking one message at a time: both queues
     * fill, and neither may stop reading the other's acknowledgements. Everything arrives long before the (here one
     * minute) back-pressure timeout, and nobody is given up on.
     */
    @Test
    void clientsPublishingToEachOtherNeverHoldEachOther() throws Exception {
        try (TestBroker b = TestBroker.start(c -> c.maxMqueueLen(20).backpressureTimeout(Duration.ofMinutes(1)))) {
            Set<String> gotA = ConcurrentHashMap.newKeySet();
            Set<String> gotB = ConcurrentHashMap.newKeySet();
            Mqtt5AsyncClient a = subscriber(b, "mutual-a", "to/a", gotA);
            Mqtt5AsyncClient c = subscriber(b, "mutual-b", "to/b", gotB);
            CompletableFuture<Void> fromA = publishAll(a, "to/b", "a", 3000);
            CompletableFuture<Void> fromB = publishAll(c, "to/a", "b", 3000);
            CompletableFuture.allOf(fromA, fromB).get(45, TimeUnit.SECONDS);
            await().atMost(Duration.ofSeconds(30)).until(() -> gotA.size() == 3000 && gotB.size() == 3000);
            assertThat(b.broker().metrics().limits.slowSubscribersGivenUp.sum()).isZero();
            assertThat(b.broker().metrics().messagesDroppedQueueFull.sum()).isZero();
            a.disconnect().get(5, TimeUnit.SECONDS);
            c.disconnect().get(5, TimeUnit.SECONDS);
        }
    }

    // ---- helpers ----

    /** Ten publishers -> one subscriber with Receive Maximum 1; returns once every publish is acknowledged. */
    private static Run fanIn(TestBroker b, String prefix) throws Exception {
        Run run = new Run();
        run.subscriber = subscriber(b, prefix + "-sub", prefix + "/#", run.received);
        List<CompletableFuture<Void>> done = new ArrayList<>();
        for (int p = 0; p < PUBLISHERS; p++) {
            Mqtt5AsyncClient pub = client(b, prefix + "-pub" + p);
            run.publishers.add(pub);
            done.add(publishAll(pub, prefix + "/" + p, "p" + p, PER_PUBLISHER));
        }
        CompletableFuture.allOf(done.toArray(new CompletableFuture<?>[0])).get(60, TimeUnit.SECONDS);
        return run;
    }

    /** Publishes {@code count} QoS 1 messages, at most 100 unacknowledged at a time; completes when all are acknowledged. */
    private static CompletableFuture<Void> publishAll(Mqtt5AsyncClient pub, String topic, String tag, int count) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        Semaphore window = new Semaphore(100);
        AtomicInteger acked = new AtomicInteger();
        Thread t = new Thread(() -> {
            try {
                for (int i = 0; i < count; i++) {
                    if (!window.tryAcquire(30, TimeUnit.SECONDS)) {
                        done.completeExceptionally(new AssertionError(tag + ": no PUBACK for 30 s after " + acked.get()));
                        return;
                    }
                    pub.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE)
                            .payload((tag + "-" + i).getBytes(StandardCharsets.UTF_8)).send()
                            .whenComplete((r, e) -> {
                                window.release();
                                if (e != null) {
                                    done.completeExceptionally(e);
                                } else if (acked.incrementAndGet() == count) {
                                    done.complete(null);
                                }
                            });
                }
            } catch (InterruptedException e) {
                done.completeExceptionally(e);
            }
        }, "publish-" + tag);
        t.setDaemon(true);
        t.start();
        return done;
    }

    /** A QoS 1 subscriber that takes one message at a time (Receive Maximum 1) and records each payload. */
    private static Mqtt5AsyncClient subscriber(TestBroker b, String id, String filter, Set<String> into) throws Exception {
        Mqtt5AsyncClient c = Mqtt5Client.builder().identifier(id).serverHost(b.host()).serverPort(b.port()).buildAsync();
        c.publishes(MqttGlobalPublishFilter.ALL, p -> into.add(new String(p.getPayloadAsBytes(), StandardCharsets.UTF_8)));
        c.connectWith().restrictions().receiveMaximum(1).applyRestrictions().send().get(10, TimeUnit.SECONDS);
        c.subscribeWith().topicFilter(filter).qos(MqttQos.AT_LEAST_ONCE).send().get(10, TimeUnit.SECONDS);
        return c;
    }

    private static Mqtt5AsyncClient client(TestBroker b, String id) throws Exception {
        Mqtt5AsyncClient c = Mqtt5Client.builder().identifier(id).serverHost(b.host()).serverPort(b.port()).buildAsync();
        c.connect().get(10, TimeUnit.SECONDS);
        return c;
    }

    private static final class Run {
        final Set<String> received = ConcurrentHashMap.newKeySet();
        Mqtt5AsyncClient subscriber;
        final List<Mqtt5AsyncClient> publishers = new ArrayList<>();

        void close() throws Exception {
            for (Mqtt5AsyncClient p : publishers) {
                p.disconnect().get(5, TimeUnit.SECONDS);
            }
            subscriber.disconnect().get(5, TimeUnit.SECONDS);
        }
    }
}
