package io.wrenmq.broker.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5Client;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5ConnAckException;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAck;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAckReasonCode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Repeated failed logins are answered late (input held, no thread blocked); good logins are not slowed. */
@Timeout(30)
class LoginThrottleTest {
    private TestBroker broker;
    private final List<String> heard = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() {
        broker = TestBroker.start(c -> c.auth().allowAnonymous(false).plaintextPasswords(Map.of("alice", "right"), "test")
                .throttleMaxFailures(2).throttleMaxDelay(Duration.ofMillis(1500)));
        brokerAuth().loginFailures().addListener((who, byId, byAddress) -> heard.add(who.clientId() + ":" + byId));
    }

    private io.wrenmq.broker.auth.AuthService brokerAuth() {
        return broker.broker().auth();
    }

    @AfterEach
    void stop() {
        broker.close();
    }

    private CompletableFuture<Mqtt5ConnAck> connect(String id, String password) {
        Mqtt5AsyncClient c = Mqtt5Client.builder().identifier(id).serverHost("127.0.0.1").serverPort(broker.port())
                .simpleAuth().username("alice").password(password.getBytes(StandardCharsets.UTF_8)).applySimpleAuth()
                .buildAsync();
        return c.connect().whenComplete((ack, e) -> {
            if (e == null) {
                c.disconnect();
            }
        });
    }

    private static Mqtt5ConnAckReasonCode code(CompletableFuture<Mqtt5ConnAck> f) throws Exception {
        try {
            return f.get(10, TimeUnit.SECONDS).getReasonCode();
        } catch (ExecutionException e) {
            return ((Mqtt5ConnAckException) e.getCause()).getMqttMessage().getReasonCode();
        }
    }

    private static long millis(long t0) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
    }

    @Test
    void refusalsAfterMaxFailuresAreDelayedWhileAGoodLoginIsNot() throws Exception {
        for (int i = 0; i < 2; i++) { // within max_failures: answered at once (LoginFailuresTest has the exact rule)
            assertThat(code(connect("guesser", "wrong" + i))).isEqualTo(Mqtt5ConnAckReasonCode.BAD_USER_NAME_OR_PASSWORD);
        }
        long t0 = System.nanoTime();
        CompletableFuture<Mqtt5ConnAck> third = connect("guesser", "wrong2");
        // meanwhile a client with the right password, from the same address, gets in before that refusal is sent
        assertThat(code(connect("owner", "right"))).isEqualTo(Mqtt5ConnAckReasonCode.SUCCESS);
        assertThat(third).isNotDone();
        assertThat(code(third)).isEqualTo(Mqtt5ConnAckReasonCode.BAD_USER_NAME_OR_PASSWORD);
        assertThat(millis(t0)).isGreaterThanOrEqualTo(500);
        long t2 = System.nanoTime();
        assertThat(code(connect("guesser", "wrong3"))).isEqualTo(Mqtt5ConnAckReasonCode.BAD_USER_NAME_OR_PASSWORD);
        assertThat(millis(t2)).isGreaterThanOrEqualTo(1000); // doubled
        assertThat(heard).containsExactly("guesser:1", "guesser:2", "guesser:3", "guesser:4");
        assertThat(broker.broker().metrics().authFailures.sum()).isEqualTo(4);
    }
}
