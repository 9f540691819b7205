package io.wrenmq.server.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5Client;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5ConnAckException;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5SubAckException;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAckReasonCode;
import com.hivemq.client.mqtt.mqtt5.message.subscribe.suback.Mqtt5SubAckReasonCode;
import java.net.ConnectException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * NanoMQ's block habits through `wrenmq start`: a written http_server block starts the REST API (loopback, with a
 * generated password when the block has none) and enable = false keeps it off; the password list and the ACL
 * rules written inline in auth { } work like their included files.
 */
@Timeout(60)
class NanoMqBlocksStartTest {
    @TempDir
    Path dir;

    @Test
    void aWrittenHttpServerBlockStartsTheApiOnLoopbackWithAGeneratedPassword() throws Exception {
        int port = ApiProbe.freePort();
        StartedBroker started = start("http_server { port = %d }".formatted(port));
        try {
            assertThat(started.httpServer().ipAddr()).isEqualTo("127.0.0.1");
            String generated = Files.readString(dir.resolve("data/http_password")).strip();
            assertThat(generated).isNotEmpty().isNotEqualTo("public");
            assertThat(ApiProbe.get(port, "/api/v4/brokers", "admin", generated).statusCode()).isEqualTo(200);
            assertThat(ApiProbe.get(port, "/api/v4/brokers", "admin", "public").statusCode())
                    .as("never NanoMQ's default password").isEqualTo(401);
        } finally {
            assertThat(started.stop().code()).isZero();
        }
    }

    @Test
    void enableFalseInTheBlockKeepsTheApiOff() throws Exception {
        int port = ApiProbe.freePort();
        StartedBroker started = start("http_server { enable = false, port = %d, password = \"s3cret-enough\" }".formatted(port));
        try {
            assertThatThrownBy(() -> ApiProbe.get(port, "/api/v4/brokers", "admin", "s3cret-enough"))
                    .isInstanceOf(ConnectException.class);
        } finally {
            assertThat(started.stop().code()).isZero();
        }
    }

    /** `wrenmq start` with a loopback listener on a free port, memory persistence and {@code extra}. */
    private StartedBroker start(String extra) throws Exception {
        Files.writeString(dir.resolve("wrenmq.conf"), "listeners.tcp.bind = \"127.0.0.1:0\"\npersistence.type = memory\n" + extra + "\n");
        return StartedBroker.start(dir, Map.of(), "start", "--conf", "wrenmq.conf");
    }

    @Test
    void inlinePasswordsAndAclRulesWorkLikeTheirFiles() throws Exception {
        StartedBroker started = start("""
                auth {
                  allow_anonymous = false
                  password = { "admin": "public", "client": "public" }
                  acl = {
                    rules = [
                      {"permit": "allow", "username": "admin", "action": "subscribe", "topics": ["$SYS/#"]}
                      {"permit": "deny", "username": "#", "action": "subscribe", "topics": ["$SYS/#", "#"]}
                      {"permit": "allow"}
                    ]
                  }
                }
                """);
        try {
            int port = started.broker().port();
            assertThatThrownBy(() -> client("bad", port, "client", "nope").connect())
                    .isInstanceOfSatisfying(Mqtt5ConnAckException.class, e -> assertThat(e.getMqttMessage().getReasonCode())
                            .isEqualTo(Mqtt5ConnAckReasonCode.BAD_USER_NAME_OR_PASSWORD));
            Mqtt5BlockingClient client = client("c1", port, "client", "public");
            Mqtt5BlockingClient admin = client("a1", port, "admin", "public");
            client.connect();
            admin.connect();
            try {
                assertThatThrownBy(() -> client.subscribeWith().topicFilter("t/#").qos(MqttQos.AT_LEAST_ONCE).send())
                        .isInstanceOfSatisfying(Mqtt5SubAckException.class, e -> assertThat(e.getMqttMessage().getReasonCodes())
                                .containsExactly(Mqtt5SubAckReasonCode.NOT_AUTHORIZED));
                assertThat(admin.subscribeWith().topicFilter("$SYS/#").qos(MqttQos.AT_MOST_ONCE).send().getReasonCodes())
                        .containsExactly(Mqtt5SubAckReasonCode.GRANTED_QOS_0);
            } finally {
                client.disconnect();
                admin.disconnect();
            }
        } finally {
            assertThat(started.stop().code()).isZero();
        }
    }

    private static Mqtt5BlockingClient client(String id, int port, String user, String password) {
        return Mqtt5Client.builder().identifier(id).serverHost("127.0.0.1").serverPort(port).simpleAuth().username(user)
                .password(password.getBytes(StandardCharsets.UTF_8)).applySimpleAuth().buildBlocking();
    }


}
