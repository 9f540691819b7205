package io.wrenmq.server.webhook;

import static io.wrenmq.server.webhook.WebhookEventsTest.hive;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Topic filters, payload encodings, headers, several targets, retries, and a dead receiver. */
@Timeout(60)
class WebhookDeliveryTest {
    /** Its base64 is "++++////iiii": every character base62 must escape. */
    private static final byte[] AWKWARD = {(byte) 0xFB, (byte) 0xEF, (byte) 0xBE, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF,
            (byte) 0x8A, 0x28, (byte) 0xA2};

    @TempDir
    Path dir;

    @Test
    void topicFilterPerEvent() throws Exception {
        try (HookReceiver hook = new HookReceiver();
                WebhookBroker b = new WebhookBroker(dir, "webhook { url = \"" + hook.url() + "\", pool_size = 1\n"
                        + "events = [ { event = \"on_message_publish\", topic = \"a/#\" }, { event = \"on_client_connected\" } ] }\n")) {
            Mqtt5BlockingClient pub = hive(b.port(), "pub-f", "u");
            pub.publishWith().topic("b/1").payload("no".getBytes()).send();
            pub.publishWith().topic("a/1").payload("yes".getBytes()).send();
            pub.publishWith().topic("a/deep/2").payload("yes too".getBytes()).send();
            await().atMost(Duration.ofSeconds(10)).until(() -> hook.bodies("message_publish").size() == 2);
            assertThat(hook.bodies("message_publish")).extracting(n -> n.path("topic").asText())
                    .containsExactly("a/1", "a/deep/2"); // one sender and pool_size 1: in order, b/1 would be first
            assertThat(hook.bodies("client_connected")).hasSize(1);
            assertThat(hook.bodies("message_delivered")).isEmpty(); // not configured
            pub.disconnect();
        }
    }

    /** Two targets with base64 and base62, a third plain one with headers: each gets every event it names. */
    @Test
    void encodingsHeadersAndSeveralTargets() throws Exception {
        try (HookReceiver b64 = new HookReceiver(); HookReceiver b62 = new HookReceiver(); HookReceiver plain = new HookReceiver();
                WebhookBroker b = new WebhookBroker(dir,
                        "webhook { url = \"" + b64.url() + "\", body.encoding = base64, events = [ { event = \"on_message_publish\" } ] }\n"
                        + "webhook.second { url = \"" + b62.url() + "\", body { encoding = base62 }, events = [ { event = \"on_message_publish\" } ] }\n"
                        + "webhook.third { url = \"" + plain.url() + "\", headers { Authorization = \"Bearer s3cret\", X-Tag = t1 }\n"
                        + "  events = [ { event = \"on_message_publish\" } ] }\n")) {
            Mqtt5BlockingClient pub = hive(b.port(), "pub-e", "u");
            pub.publishWith().topic("bin").payload(AWKWARD).send();
            pub.publishWith().topic("txt").payload("grüße".getBytes(StandardCharsets.UTF_8)).send();
            await().atMost(Duration.ofSeconds(10)).until(() -> b64.count() == 2 && b62.count() == 2 && plain.count() == 2);

            JsonNode base64 = byTopic(b64, "bin");
            assertThat(base64.path("payload").asText()).isEqualTo("++++////iiii");
            assertThat(Base64.getDecoder().decode(base64.path("payload").asText())).isEqualTo(AWKWARD);
            JsonNode base62 = byTopic(b62, "bin");
            assertThat(base62.path("payload").asText()).isEqualTo("ibibibib" + "icicicic" + "iaiaiaia")
                    .matches("[A-Za-z0-9]+");
            assertThat(PayloadEncoding.decodeBase62(base62.path("payload").asText())).isEqualTo(AWKWARD);
            assertThat(byTopic(plain, "txt").path("payload").asText()).isEqualTo("grüße");
            assertThat(PayloadEncoding.decodeBase62(byTopic(b62, "txt").path("payload").asText()))
                    .isEqualTo("grüße".getBytes(StandardCharsets.UTF_8));

            HookReceiver.Request r = plain.requests().get(0);
            assertThat(r.headers().getFirst("Authorization")).isEqualTo("Bearer s3cret");
            assertThat(r.headers().getFirst("X-tag")).isEqualTo("t1");
            assertThat(b64.requests().get(0).headers().getFirst("Authorization")).isNull();
            assertThat(b.webhooks.metrics()).containsOnlyKeys("default", "second", "third");
            await().atMost(Duration.ofSeconds(5)).until(() -> b.metrics("second").sent.sum() == 2);
            pub.disconnect();
        }
    }

    private static JsonNode byTopic(HookReceiver hook, String topic) {
        return hook.bodies("message_publish").stream().filter(n -> n.path("topic").asText().equals(topic)).findFirst()
                .orElseThrow();
    }

    /** 500, 500, then 200: the same body is sent three times and counts as sent once; a closed port counts failed. */
    @Test
    void retriesWithBackoffThenSuccessOrFailure() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        try (HookReceiver hook = new HookReceiver().answering(n -> n <= 2 ? 500 : 200);
                WebhookBroker b = new WebhookBroker(dir,
                        "webhook { url = \"" + hook.url() + "\", max_retries = 3, retry_interval = 50ms\n"
                        + "  events = [ { event = \"on_client_connected\" } ] }\n"
                        + "webhook.gone { url = \"http://127.0.0.1:" + closedPort + "/x\", max_retries = 2, retry_interval = 20ms\n"
                        + "  events = [ { event = \"on_client_connected\" } ] }\n")) {
            long start = System.nanoTime();
            Mqtt5BlockingClient c = hive(b.port(), "retry-1", "u");
            await().atMost(Duration.ofSeconds(10)).until(() -> b.metrics("default").sent.sum() == 1);
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isGreaterThanOrEqualTo(150); // 50 + 100 ms backoff
            List<HookReceiver.Request> rs = hook.requests();
            assertThat(rs).hasSize(3);
            assertThat(rs).extracting(HookReceiver.Request::raw).containsOnly(rs.get(0).raw());
            assertThat(b.metrics("default").retried.sum()).isEqualTo(2);
            assertThat(b.metrics("default").failed.sum()).isZero();
            await().atMost(Duration.ofSeconds(10)).until(() -> b.metrics("gone").failed.sum() == 1);
            assertThat(b.metrics("gone").retried.sum()).isEqualTo(2);
            assertThat(b.metrics("gone").sent.sum()).isZero();
            c.disconnect();
        }
    }

    /**
     * A receiver that accepts but never answers: pool_size requests hang, queue_size events wait, the rest are dropped
     * and counted, while publishers and subscribers carry on at full speed.
     */
    @Test
    void deadReceiverDropsAndCountsWithoutSlowingPublishers() throws Exception {
        int messages = 300;
        try (HookReceiver hook = new HookReceiver().hanging();
                WebhookBroker b = new WebhookBroker(dir, "webhook { url = \"" + hook.url() + "\", pool_size = 2, queue_size = 10\n"
                        + "  cancel_timeout = 30s, events = [ { event = \"on_message_publish\" } ] }\n")) {
            Mqtt5BlockingClient sub = hive(b.port(), "dead-sub", "u");
            sub.subscribeWith().topicFilter("load/#").qos(MqttQos.AT_LEAST_ONCE).send();
            Mqtt5BlockingClient.Mqtt5Publishes inbox = sub.publishes(MqttGlobalPublishFilter.ALL);
            Mqtt5BlockingClient pub = hive(b.port(), "dead-pub", "u");
            long start = System.nanoTime();
            for (int i = 0; i < messages; i++) {
                pub.publishWith().topic("load/" + i).qos(MqttQos.AT_LEAST_ONCE).payload(new byte[64]).send(); // waits for PUBACK
            }
            for (int i = 0; i < messages; i++) {
                assertThat(inbox.receive(10, TimeUnit.SECONDS)).as("message " + i).isPresent();
            }
            long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertThat(ms).as("300 QoS 1 round trips with a dead WebHook receiver").isLessThan(15_000);
            WebhookMetrics m = b.metrics("default");
            await().atMost(Duration.ofSeconds(5)).until(() -> m.dropped.sum() + m.queued.get() + hook.count() == messages);
            assertThat(hook.count()).isLessThanOrEqualTo(2); // pool_size requests hang
            assertThat(m.queued.get()).isLessThanOrEqualTo(10);
            assertThat(m.dropped.sum()).isGreaterThanOrEqualTo(messages - 12);
            assertThat(m.sent.sum()).isZero();
            pub.disconnect();
            sub.disconnect();
        }
    }
}
