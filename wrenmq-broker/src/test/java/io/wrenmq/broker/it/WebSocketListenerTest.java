package io.wrenmq.broker.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5Client;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.wrenmq.broker.listener.ListenerConfig;
import io.wrenmq.broker.listener.TlsConfig;
import io.wrenmq.broker.transport.TestPki;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * MQTT over WebSocket (section 6 of the MQTT specs) with real clients (HiveMQ, Paho) and a raw client that
 * cuts frames exactly: packets split across frames (down to one byte), several packets in one frame,
 * fragmented messages; sub-protocol and text-frame rules; X-Forwarded-For only when configured; and WSS
 * on a broker without any plain WebSocket listener.
 */
@Timeout(60)
class WebSocketListenerTest {
    @TempDir
    static Path dir;
    static TestPki pki;
    static TestBroker ws;
    static TestBroker wssOnly;
    static int wsPort;
    static int proxiedPort;

    @BeforeAll
    static void start() {
        pki = TestPki.create(dir);
        ws = TestBroker.start(c -> c.listeners(List.of(
                ListenerConfig.ws("127.0.0.1", 0, "/mqtt"),
                ListenerConfig.ws("127.0.0.1", 0, "/behind-proxy").withName("proxied")
                        .withProxyAddressHeader("X-Forwarded-For"))));
        wsPort = ws.broker().boundAddresses().get(0).getPort();
        proxiedPort = ws.broker().boundAddresses().get(1).getPort();
        TlsConfig tls = TlsConfig.of(pki.file("server-pkcs1.key"), pki.file("server.crt"));
        wssOnly = TestBroker.start(c -> c.listeners(List.of(ListenerConfig.wss("127.0.0.1", 0, "/mqtt", tls))));
    }

    @AfterAll
    static void stop() {
        ws.close();
        wssOnly.close();
    }

    @Test
    void hivemqAndPahoOverWebSocket() throws Exception {
        Mqtt5BlockingClient sub = Mqtt5Client.builder().identifier("ws-sub").serverHost("127.0.0.1").serverPort(wsPort)
                .webSocketConfig().serverPath("mqtt").applyWebSocketConfig().buildBlocking();
        sub.connect();
        try (Mqtt5BlockingClient.Mqtt5Publishes inbox = sub.publishes(MqttGlobalPublishFilter.ALL)) {
            sub.subscribeWith().topicFilter("ws/#").qos(MqttQos.EXACTLY_ONCE).send();
            var paho = new org.eclipse.paho.client.mqttv3.MqttClient("ws://127.0.0.1:" + wsPort + "/mqtt", "ws-paho",
                    new MemoryPersistence());
            paho.connect(new MqttConnectOptions());
            byte[] big = new byte[100_000]; // several WebSocket frames' worth for most clients
            Arrays.fill(big, (byte) 'x');
            paho.publish("ws/big", big, 2, false);
            paho.publish("ws/small", "hi".getBytes(StandardCharsets.UTF_8), 1, false);
            paho.disconnect();
            paho.close();
            Mqtt5Publish first = inbox.receive(5, TimeUnit.SECONDS).orElseThrow();
            assertThat(first.getTopic().toString()).isEqualTo("ws/big");
            assertThat(first.getPayloadAsBytes()).isEqualTo(big);
            assertThat(new String(inbox.receive(5, TimeUnit.SECONDS).orElseThrow().getPayloadAsBytes())).isEqualTo("hi");
        } finally {
            sub.disconnect();
        }
    }

    @Test
    void hivemqOverWssWithoutAnyPlainWebSocketListener() throws Exception {
        Mqtt5BlockingClient c = Mqtt5Client.builder().identifier("wss-1").serverHost("127.0.0.1")
                .serverPort(wssOnly.port()).sslConfig().trustManagerFactory(TestPki.trustManagers(pki.ca)).applySslConfig()
                .webSocketConfig().serverPath("mqtt").applyWebSocketConfig().buildBlocking();
        c.connect();
        try (Mqtt5BlockingClient.Mqtt5Publishes inbox = c.publishes(MqttGlobalPublishFilter.ALL)) {
            c.subscribeWith().topicFilter("wss/t").qos(MqttQos.AT_LEAST_ONCE).send();
            c.publishWith().topic("wss/t").qos(MqttQos.AT_LEAST_ONCE).payload("secure".getBytes()).send();
            assertThat(new String(inbox.receive(5, TimeUnit.SECONDS).orElseThrow().getPayloadAsBytes())).isEqualTo("secure");
        } finally {
            c.disconnect();
        }
        // and the raw client over WSS, one byte per frame
        SslContext client = SslContextBuilder.forClient().trustManager(pki.ca.cert()).build();
        try (RawWebSocketClient raw = RawWebSocketClient.connect(wssOnly.port(), "/mqtt", "mqtt", client, Map.of())) {
            raw.sendInFrames(RawMqttClient.connect(RawMqttClient.V5).clientId("wss-raw").build(), 1);
            assertThat(raw.nextPacket().type()).isEqualTo(RawMqttClient.CONNACK);
        }
    }

    @Test
    void packetsSplitAcrossFramesAndPackedIntoOneFrame() throws Exception {
        try (RawWebSocketClient c = RawWebSocketClient.connect(wsPort, "/mqtt", "mqtt")) {
            // CONNECT one byte per frame: the frame decoder reassembles the stream.
            c.sendInFrames(RawMqttClient.connect(RawMqttClient.V311).clientId("ws-raw").build(), 1);
            RawMqttClient.Frame connack = c.nextPacket();
            assertThat(connack.type()).isEqualTo(RawMqttClient.CONNACK);
            assertThat(connack.connackCode()).isZero();
            // SUBSCRIBE and two PUBLISHes packed into one frame.
            c.sendFrames(RawMqttClient.concat(RawMqttClient.subscribe(false, 1, "raw/#", 1),
                    RawMqttClient.publishV3("raw/a", 1, 2, "one"), RawMqttClient.publishV3("raw/b", 0, 0, "two")));
            assertThat(c.nextPacket().type()).isEqualTo(RawMqttClient.SUBACK);
            // the broker's PUBACK and the two deliveries, in whatever order the broker wrote them
            List<String> got = new java.util.ArrayList<>();
            for (int i = 0; i < 3; i++) {
                RawMqttClient.Frame f = c.nextPacket();
                got.add(f.type() == RawMqttClient.PUBLISH ? f.publish(false).payloadString() : "ack" + f.type());
                if (f.type() == RawMqttClient.PUBLISH && f.publish(false).qos() == 1) {
                    c.sendFrames(RawMqttClient.ack(RawMqttClient.PUBACK, f.publish(false).packetId()));
                }
            }
            assertThat(got).containsExactlyInAnyOrder("one", "two", "ack" + RawMqttClient.PUBACK);
            // An MQTT.js-sized split: a 40 kB PUBLISH in 16 kB frames, then a fragmented message of 3-byte pieces.
            byte[] payload = new byte[40_000];
            Arrays.fill(payload, (byte) 'p');
            c.sendInFrames(RawMqttClient.publish("raw/big", 0, false, false, 0, null, payload), 16 * 1024);
            RawMqttClient.Frame big = c.nextPacket();
            assertThat(big.publish(false).payload()).isEqualTo(payload);
            c.sendFragmented(RawMqttClient.publishV3("raw/frag", 0, 0, "fragmented"), 3);
            assertThat(c.nextPacket().publish(false).payloadString()).isEqualTo("fragmented");
            // A PUBLISH is written as header + payload; the broker still sends whole packets per frame.
            assertThat(c.framesEndingInsideAPacket()).as("frame ends inside a packet").isEmpty();
            assertThat(c.framesReceived()).isGreaterThanOrEqualTo(4);
        }
    }

    @Test
    void textFrameClosesTheConnection() throws Exception {
        try (RawWebSocketClient c = RawWebSocketClient.connect(wsPort, "/mqtt", "mqtt")) {
            c.sendFrames(RawMqttClient.connect(RawMqttClient.V311).clientId("ws-text").build());
            assertThat(c.nextPacket().type()).isEqualTo(RawMqttClient.CONNACK);
            c.sendText("not mqtt");
            assertThat(c.awaitClose()).as("close status 1003, unsupported data [MQTT-6.0.0-1]").isEqualTo(1003);
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> ws.broker().sessions().get("ws-text") == null);
    }

    @Test
    void upgradeNeedsTheMqttSubprotocolAndTheListenersPath() throws Exception {
        assertThat(upgrade(wsPort, "/mqtt", "mqtt", null)).startsWith("HTTP/1.1 101").contains("sec-websocket-protocol: mqtt");
        assertThat(upgrade(wsPort, "/mqtt", "mqttv3.1", null)).startsWith("HTTP/1.1 101").contains("sec-websocket-protocol: mqttv3.1");
        assertThat(upgrade(wsPort, "/mqtt", "chat, mqtt", null)).startsWith("HTTP/1.1 101");
        assertThat(upgrade(wsPort, "/mqtt?token=abc", "mqtt", null)).as("a query string").startsWith("HTTP/1.1 101");
        assertThat(upgrade(wsPort, "/mqtt/deeper", "mqtt", null)).startsWith("HTTP/1.1 404");
        assertThat(upgrade(wsPort, "/mqtt", "mqtt", "X-Plain-Get: 1")).as("not an upgrade")
                .startsWith("HTTP/1.1 400").contains("send a websocket upgrade");
        assertThat(upgrade(wsPort, "/mqtt", "chat", null)).startsWith("HTTP/1.1 400").contains("[MQTT-6.0.0-3]");
        assertThat(upgrade(wsPort, "/mqtt", null, null)).startsWith("HTTP/1.1 400").contains("offered none");
        assertThat(upgrade(wsPort, "/other", "mqtt", null)).startsWith("HTTP/1.1 404").contains("MQTT is on /mqtt");
    }

    @Test
    void forwardedForIsUsedOnlyWhereConfigured() throws Exception {
        Map<String, String> xff = Map.of("X-Forwarded-For", "198.51.100.1, 203.0.113.7");
        try (RawWebSocketClient c = RawWebSocketClient.connect(proxiedPort, "/behind-proxy", "mqtt", null, xff)) {
            c.sendFrames(RawMqttClient.connect(RawMqttClient.V311).clientId("ws-proxied").build());
            assertThat(c.nextPacket().type()).isEqualTo(RawMqttClient.CONNACK);
            // the last entry is the one the trusted proxy added
            assertThat(ws.broker().sessions().get("ws-proxied").identity().address().getHostAddress()).isEqualTo("203.0.113.7");
        }
        try (RawWebSocketClient c = RawWebSocketClient.connect(wsPort, "/mqtt", "mqtt", null, xff)) {
            c.sendFrames(RawMqttClient.connect(RawMqttClient.V311).clientId("ws-direct").build());
            assertThat(c.nextPacket().type()).isEqualTo(RawMqttClient.CONNACK);
            assertThat(ws.broker().sessions().get("ws-direct").identity().address().getHostAddress()).isEqualTo("127.0.0.1");
        }
        try (RawWebSocketClient c = RawWebSocketClient.connect(proxiedPort, "/behind-proxy", "mqtt", null,
                Map.of("X-Forwarded-For", "not-an-address.example"))) {
            c.sendFrames(RawMqttClient.connect(RawMqttClient.V311).clientId("ws-bad-xff").build());
            assertThat(c.nextPacket().type()).isEqualTo(RawMqttClient.CONNACK);
            assertThat(ws.broker().sessions().get("ws-bad-xff").identity().address().getHostAddress())
                    .as("a host name is never looked up").isEqualTo("127.0.0.1");
        }
    }

    /** A raw HTTP upgrade request; returns the response head, lower-cased header names kept as sent. */
    private static String upgrade(int port, String path, String subprotocol, String extraHeader) throws Exception {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(5000);
            boolean plain = "X-Plain-Get: 1".equals(extraHeader); // a plain GET, no upgrade
            String req = "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + (plain ? "" : "Upgrade: websocket\r\nConnection: Upgrade\r\n")
                    + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
                    + (subprotocol != null ? "Sec-WebSocket-Protocol: " + subprotocol + "\r\n" : "")
                    + (extraHeader != null ? extraHeader + "\r\n" : "") + "\r\n";
            OutputStream out = s.getOutputStream();
            out.write(req.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            StringBuilder head = new StringBuilder();
            byte[] buf = new byte[1024];
            int n;
            while ((n = in.read(buf)) > 0) {
                head.append(new String(buf, 0, n, StandardCharsets.US_ASCII));
                if (head.toString().startsWith("HTTP/1.1 101") && head.indexOf("\r\n\r\n") >= 0) {
                    break; // an upgraded socket stays open
                }
            }
            return head.toString().toLowerCase().replace("http/1.1", "HTTP/1.1").replace("mqtt-6.0.0-3", "MQTT-6.0.0-3")
                    .replace("mqtt is on", "MQTT is on");
        }
    }
}
