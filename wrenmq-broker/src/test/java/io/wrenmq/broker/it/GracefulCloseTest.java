package io.wrenmq.broker.it;

import static io.wrenmq.broker.it.RawMqttClient.CONNACK;
import static io.wrenmq.broker.it.RawMqttClient.DISCONNECT;
import static io.wrenmq.broker.it.RawMqttClient.PUBLISH;
import static io.wrenmq.broker.it.RawMqttClient.PUBREC;
import static io.wrenmq.broker.it.RawMqttClient.V311;
import static io.wrenmq.broker.it.RawMqttClient.V5;
import static io.wrenmq.broker.it.RawMqttClient.connect;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.wrenmq.broker.it.RawMqttClient.Frame;
import io.wrenmq.broker.it.RawMqttClient.WillSpec;
import io.wrenmq.broker.limits.BanRule;
import io.wrenmq.broker.limits.Rate;
import io.wrenmq.broker.listener.ListenerConfig;
import io.wrenmq.broker.listener.TlsConfig;
import io.wrenmq.broker.session.Session;
import io.wrenmq.broker.transport.TestPki;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The graceful close: after a v5 DISCONNECT or a refusing CONNACK the broker flushes the packet, half-closes
 * (FIN; TLS close_notify; WebSocket Close frame) and reads and discards what the client still sends until the
 * client closes or the drain time passes. A client that is still sending therefore reads the reason code and a
 * clean end of stream, not a TCP reset (closing a socket with unread input makes the kernel send RST). Raw sockets:
 * the proof needs a client that keeps writing, which real clients do not do on purpose.
 */
@Timeout(60)
class GracefulCloseTest {
    private static final byte[] PAYLOAD = new byte[64];

    @TempDir
    Path dir;
    private TestBroker broker;

    @AfterEach
    void stop() {
        if (broker != null) {
            broker.close();
        }
    }

    /**
     * A writer thread: sends {@code batch(i)} for i = 0, 1, ... until stopped or {@code bytesLimit} bytes are out.
     * Remembers whether a write failed (a reset) before the reader had the broker's last packet.
     */
    private static final class Writer implements Runnable {
        final RawMqttClient raw;
        final IntFunction<byte[]> batch;
        final long bytesLimit;
        final AtomicBoolean readerGotLastPacket = new AtomicBoolean();
        final AtomicLong bytesSent = new AtomicLong();
        final CountDownLatch done = new CountDownLatch(1);
        volatile boolean stop;
        volatile IOException error;
        volatile boolean errorBeforeLastPacket;
        private Thread thread;

        Writer(RawMqttClient raw, long bytesLimit, IntFunction<byte[]> batch) {
            this.raw = raw;
            this.batch = batch;
            this.bytesLimit = bytesLimit;
        }

        Writer start() {
            thread = new Thread(this, "graceful-close-writer");
            thread.setDaemon(true);
            thread.start();
            return this;
        }

        @Override
        public void run() {
            try {
                for (int i = 0; !stop && bytesSent.get() < bytesLimit; i++) {
                    byte[] b = batch.apply(i);
                    raw.send(b);
                    bytesSent.addAndGet(b.length);
                }
            } catch (IOException e) {
                errorBeforeLastPacket = !readerGotLastPacket.get();
                error = e;
            } finally {
                done.countDown();
            }
        }

        void stopAndJoin() throws InterruptedException {
            stop = true;
            thread.join(10_000);
        }
    }

    /** 50 QoS 2 PUBLISHes per batch with fresh packet ids (batch 0 holds ids 1..50), never released. */
    private static byte[] qos2Batch(int i) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (int k = 0; k < 50; k++) {
            int id = (i * 50 + k) % 65535 + 1;
            b.writeBytes(RawMqttClient.publish("gc/t", 2, false, false, id, RawMqttClient.props(), PAYLOAD));
        }
        return b.toByteArray();
    }

    /** 50 QoS 0 PUBLISHes in the v3.1.1 format (also a valid v5 stream apart from the missing properties). */
    private static byte[] qos0Batch(int i) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (int k = 0; k < 50; k++) {
            b.writeBytes(RawMqttClient.publish("gc/t", 0, false, false, 0, null, PAYLOAD));
        }
        return b.toByteArray();
    }

    /**
     * THE PROOF of the issue: Receive Maximum 5, a v5 client sends QoS 2 PUBLISHes it never releases and keeps
     * publishing thousands more from a writer thread after the limit is exceeded. It still reads DISCONNECT 0x93
     * Receive Maximum exceeded [MQTT-3.3.4-9] and then a clean end of stream (read() == -1, not "Connection reset"),
     * and the writer sees no reset before the reader had the DISCONNECT. With {@code readLate} the client writes
     * 5000 PUBLISHes before it reads anything (as a client with a full send queue would).
     */
    @ParameterizedTest(name = "read late: {0}")
    @ValueSource(booleans = {false, true})
    void clientStillPublishingPastReceiveMaximumReadsDisconnect0x93ThenACleanEof(boolean readLate) throws Exception {
        broker = TestBroker.start(c -> c.receiveMaximum(5));
        try (RawMqttClient raw = RawMqttClient.connected(broker.port(), connect(V5).clientId("rm5").build())) {
            publishPastReceiveMaximumAndReadTheEnd(raw, readLate);
        }
    }

    /** The same over TLS: the DISCONNECT, then close_notify (read() == -1), no reset while the client writes. */
    @Test
    void tlsClientStillPublishingPastReceiveMaximumReadsDisconnectThenCloseNotify() throws Exception {
        TestPki pki = TestPki.create(dir);
        TlsConfig tls = TlsConfig.of(pki.file("server-pkcs8.key"), pki.file("server.crt"));
        broker = TestBroker.start(c -> c.receiveMaximum(5).listeners(List.of(ListenerConfig.ssl("127.0.0.1", 0, tls))));
        int port = broker.broker().boundAddresses().get(0).getPort();
        try (RawMqttClient raw = RawMqttClient.over(TestPki.connect(TestPki.clientContext(pki.ca, null), port))) {
            raw.send(connect(V5).clientId("tls-rm5").build());
            assertThat(raw.expect(CONNACK).connackCode()).isZero();
            publishPastReceiveMaximumAndReadTheEnd(raw, false);
        }
    }

    private static void publishPastReceiveMaximumAndReadTheEnd(RawMqttClient raw, boolean readLate) throws Exception {
        long batchBytes = qos2Batch(0).length;
        Writer w = new Writer(raw, batchBytes * 100, GracefulCloseTest::qos2Batch).start(); // 5000 PUBLISHes
        try {
            if (readLate) {
                assertThat(w.done.await(20, TimeUnit.SECONDS)).as("the writer finished").isTrue();
            }
            List<Integer> pubrecs = new ArrayList<>();
            Frame f;
            while ((f = raw.read(Duration.ofSeconds(10))).type() == PUBREC) {
                pubrecs.add(f.packetId());
            }
            w.readerGotLastPacket.set(true);
            assertThat(f.type()).as("the last packet").isEqualTo(DISCONNECT);
            assertThat(f.disconnectReason()).as("0x93 Receive Maximum exceeded").isEqualTo(0x93);
            assertThat(pubrecs).containsExactly(1, 2, 3, 4, 5);
            raw.expectCleanEof(Duration.ofSeconds(5));
            // the broker goes on draining while the client writes the rest (thousands past the limit)
            assertThat(w.done.await(20, TimeUnit.SECONDS)).isTrue();
        } finally {
            w.stopAndJoin();
        }
        assertThat(w.errorBeforeLastPacket).as("no reset before the DISCONNECT was read: " + w.error).isFalse();
        assertThat(w.error).as("no reset while the client was still writing").isNull();
        assertThat(w.bytesSent.get()).isEqualTo(batchBytes * 100);
    }

    /** WebSocket: the DISCONNECT in a binary frame, then a Close frame (1000 normal closure), then the close. */
    @Test
    void webSocketClientReadsDisconnectThenACloseFrame() throws Exception {
        broker = TestBroker.start(c -> c.listeners(List.of(ListenerConfig.ws("127.0.0.1", 0, "/mqtt"))));
        try (RawWebSocketClient ws = RawWebSocketClient.connect(broker.port(), "/mqtt", "mqtt")) {
            ws.sendFrames(connect(V5).clientId("ws5").build());
            assertThat(ws.nextPacket().connackCode()).isZero();
            ws.sendFrames(RawMqttClient.publishV5("wild/#", 0, 0, "x"));
            assertThat(ws.nextPacket().disconnectReason()).isEqualTo(0x90);
            assertThat(ws.awaitClose()).isEqualTo(1000);
        }
    }

    /**
     * A refusing CONNACK followed, in the same write, by a stream of PUBLISH bytes (and more from a writer): the
     * client reads the CONNACK and then a clean end of stream. Banned client id (v5 0x8A, v3.1.1 return code 5) and
     * an unsupported protocol level (the codec's refusal, return code 1) [MQTT-3.2.2-6, MQTT-3.1.2-2].
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"banned v5", "banned v3.1.1", "protocol level 6"})
    void refusingConnackIsReadThenACleanEofWhileTheClientKeepsSending(String kind) throws Exception {
        broker = TestBroker.start(c -> c.limits().banned(List.of(BanRule.clientId("bad", null, "test", "config"))));
        byte[] connect = switch (kind) {
            case "banned v5" -> connect(V5).clientId("bad").build();
            case "banned v3.1.1" -> connect(V311).clientId("bad").build();
            default -> new RawMqttClient.Packet(0x10).str("MQTT").u8(6).u8(2).u16(60).str("c").build();
        };
        try (RawMqttClient raw = RawMqttClient.open(broker.port())) {
            ByteArrayOutputStream first = new ByteArrayOutputStream();
            first.writeBytes(connect);
            for (int i = 0; i < 20; i++) {
                first.writeBytes(qos0Batch(i)); // 1000 PUBLISHes right behind the CONNECT
            }
            raw.send(first.toByteArray());
            Writer w = new Writer(raw, 2_000_000, GracefulCloseTest::qos0Batch).start();
            try {
                Frame ack = raw.read(Duration.ofSeconds(10));
                w.readerGotLastPacket.set(true);
                assertThat(ack.type()).isEqualTo(CONNACK);
                switch (kind) {
                    case "banned v5" -> assertThat(ack.connackCode()).isEqualTo(0x8A);
                    case "banned v3.1.1" -> assertThat(ack.body()).containsExactly(0x00, 0x05);
                    default -> assertThat(ack.body()).containsExactly(0x00, 0x01);
                }
                raw.expectCleanEof(Duration.ofSeconds(5));
            } finally {
                w.stopAndJoin();
            }
            assertThat(w.errorBeforeLastPacket).as("no reset before the CONNACK was read: " + w.error).isFalse();
        }
    }

    /**
     * The half-closed socket lingers while the client has not closed its side: its writes still succeed (no reset)
     * and the broker still holds the connection; when the client closes, the broker closes too, long before the
     * drain time.
     */
    @Test
    void brokerClosesWhenTheClientClosesItsSide() throws Exception {
        broker = TestBroker.start(c -> c.closeDrainTimeout(Duration.ofSeconds(60)));
        AtomicLong open = broker.broker().metrics().connectionsOpen;
        try (RawMqttClient raw = RawMqttClient.connected(broker.port(), connect(V5).clientId("eof").build())) {
            raw.send(RawMqttClient.publishV5("wild/#", 0, 0, "x")); // a wildcard in a topic name: 0x90
            assertThat(raw.read().disconnectReason()).isEqualTo(0x90);
            raw.expectCleanEof(Duration.ofSeconds(5));
            for (int i = 0; i < 40; i++) {
                raw.send(qos0Batch(i)); // ~140 KB more: drained, no reset
            }
            raw.send(RawMqttClient.pingreq());
            assertThat(open.get()).as("the broker still drains the socket").isEqualTo(1);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> open.get() == 0);
    }

    /** A client that never closes its side is closed after the drain time (here 1 s), not kept for ever. */
    @Test
    void brokerClosesAfterTheDrainTimeWhenTheClientNeverCloses() throws Exception {
        broker = TestBroker.start(c -> c.closeDrainTimeout(Duration.ofSeconds(1)));
        try (RawMqttClient raw = RawMqttClient.connected(broker.port(), connect(V5).clientId("linger").build())) {
            long start = System.nanoTime();
            raw.send(RawMqttClient.publishV5("wild/#", 0, 0, "x"));
            assertThat(raw.read().disconnectReason()).isEqualTo(0x90);
            raw.expectCleanEof(Duration.ofSeconds(5));
            long failedAfterMillis = -1;
            long deadline = start + TimeUnit.SECONDS.toNanos(15);
            while (System.nanoTime() < deadline) {
                try {
                    raw.send(RawMqttClient.pingreq()); // once the broker has closed, the kernel answers RST
                } catch (IOException closed) {
                    failedAfterMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
                    break;
                }
                Thread.sleep(20); // pacing the pings, not waiting for anything
            }
            assertThat(failedAfterMillis).as("closed by the broker, not before the drain time").isBetween(1000L, 15_000L);
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> broker.broker().metrics().connectionsOpen.get() == 0);
    }

    /**
     * The MQTT connection ends at the DISCONNECT, not when the socket finally closes: the will goes out at once
     * [MQTT-3.1.2-8] while the client still holds its half-closed socket open.
     */
    @Test
    void sessionEndsAtTheDisconnectNotAtTheSocketClose_MQTT_3_1_2_8() throws Exception {
        broker = TestBroker.start(c -> c.closeDrainTimeout(Duration.ofSeconds(60)));
        try (RawMqttClient sub = RawMqttClient.connected(broker.port(), connect(V5).clientId("will-sub").build());
                RawMqttClient bad = RawMqttClient.connected(broker.port(), connect(V5).clientId("will-bad")
                        .will(WillSpec.of("gc/will", "gone", 0, false)).build())) {
            sub.subscribeAndAwait(true, 1, "gc/will", 0);
            bad.send(RawMqttClient.publishV5("wild/#", 0, 0, "x"));
            assertThat(bad.read().disconnectReason()).isEqualTo(0x90);
            assertThat(sub.expect(PUBLISH).publish(true).payloadString()).isEqualTo("gone");
            assertThat(broker.broker().metrics().connectionsOpen.get()).as("the socket still drains").isEqualTo(2);
        }
    }

    /**
     * Reading is on during the drain even when something held it: here the publish rate limit has paused reading
     * this client when an administrator disconnects it (0x98). The client reads the DISCONNECT and a clean end of
     * stream, and the megabytes it still writes afterwards are read and discarded (with reading left off, its
     * writes would stall once the socket buffers are full).
     */
    @Test
    void drainReadsEvenWhenARateLimitHadPausedReading() throws Exception {
        broker = TestBroker.start(c -> c.closeDrainTimeout(Duration.ofSeconds(30)).limits().messagesRate(Rate.perSecond(1)));
        // qos0Batch's PUBLISHes read as v5 too: the first payload byte (0) is an empty property list
        try (RawMqttClient raw = RawMqttClient.connected(broker.port(), connect(V5).clientId("paused").build())) {
            Writer w = new Writer(raw, 64_000_000, GracefulCloseTest::qos0Batch).start();
            try {
                await().atMost(Duration.ofSeconds(10))
                        .until(() -> broker.broker().metrics().limits.clientsThrottled.get() == 1);
                long beforeKick = w.bytesSent.get();
                Session s = broker.broker().sessions().get("paused");
                s.execute(s::closeConnectionByAdministrator);
                Frame f = raw.read(Duration.ofSeconds(10));
                w.readerGotLastPacket.set(true);
                assertThat(f.disconnectReason()).as("0x98 Administrative action").isEqualTo(0x98);
                raw.expectCleanEof(Duration.ofSeconds(5));
                await().atMost(Duration.ofSeconds(20)).until(() -> w.bytesSent.get() - beforeKick > 16_000_000
                        || w.error != null);
            } finally {
                w.stopAndJoin();
            }
            assertThat(w.error).isNull();
        }
    }
}
