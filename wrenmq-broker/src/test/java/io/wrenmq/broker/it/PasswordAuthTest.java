package io.wrenmq.broker.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import at.favre.lib.crypto.bcrypt.BCrypt;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5Client;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5ConnAckException;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAckReasonCode;
import io.wrenmq.broker.BrokerStartException;
import io.wrenmq.broker.auth.PasswordHash;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Password-file authentication with real clients (HiveMQ v5, Paho v3): both file formats, anonymous policy. */
@Timeout(30)
class PasswordAuthTest {
    /** Made by Python's hashlib.pbkdf2_hmac("sha512", b"secret-pass", bytes(range(12)), 101): mosquitto_passwd's layout. */
    static final String MOSQUITTO_LINE = "alice:$7$101$AAECAwQFBgcICQoL$FW8OJ28XCWY/zRAdq6ZPOJg5fYsX61LI/ch4bLrkbvgX3a1/"
            + "Ut2e9PYAvFVQCA+38APS0ri9InjC3fk80eYi+g==";
    /** mosquitto 1.x $6$: sha512(password + salt), made by Python's hashlib for password "pw6". */
    static final String SHA512_LINE = "old:$6$MDEyMzQ1Njc4OWFiY2RlZg==$Jc9lD3RLLod1Oggsn52YzPM3fSdQfd2uwxvJ8ZjbQdu1kJYTEUIL"
            + "V3FeNyRvCpv4q/TQiIMpmrWf0+1UhoG7bw==";

    @TempDir
    Path dir;
    private TestBroker broker;

    @AfterEach
    void stop() {
        if (broker != null) {
            broker.close();
        }
    }

    private Path passwordFile() throws Exception {
        String bcrypt = BCrypt.withDefaults().hashToString(4, "bc-pass".toCharArray());
        String ours = PasswordHash.encodePbkdf2Sha512("our-pass".getBytes(StandardCharsets.UTF_8), 1000);
        Path f = dir.resolve("wrenmq.passwd");
        Files.writeString(f, "# users\n" + MOSQUITTO_LINE + "\n" + SHA512_LINE + "\nbob:" + bcrypt + "\n\ncarol:" + ours + "\n");
        return f;
    }

    private static Mqtt5ConnAckReasonCode connectV5(TestBroker b, String user, String password) {
        var builder = Mqtt5Client.builder().identifier("c-" + user).serverHost("127.0.0.1").serverPort(b.port());
        if (user != null) {
            builder.simpleAuth().username(user).password(password.getBytes(StandardCharsets.UTF_8)).applySimpleAuth();
        }
        Mqtt5BlockingClient c = builder.buildBlocking();
        try {
            Mqtt5ConnAckReasonCode code = c.connect().getReasonCode();
            c.disconnect();
            return code;
        } catch (Mqtt5ConnAckException e) {
            return e.getMqttMessage().getReasonCode();
        }
    }

    private static int connectV3(TestBroker b, String user, String password) throws Exception {
        MqttClient c = new MqttClient(b.uri(), "p-" + user, new MemoryPersistence());
        MqttConnectOptions o = new MqttConnectOptions();
        o.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        if (user != null) {
            o.setUserName(user);
            o.setPassword(password.toCharArray());
        }
        try {
            c.connect(o);
            c.disconnect();
            return 0;
        } catch (MqttException e) {
            return e.getReasonCode();
        } finally {
            c.close();
        }
    }

    @Test
    void hashedFileAcceptsEveryFormatAndRefusesWrongPasswordsAndUnknownUsersWith0x86() throws Exception {
        Path f = passwordFile();
        broker = TestBroker.start(c -> c.auth().passwordFile(f).allowAnonymous(false));
        assertThat(connectV5(broker, "alice", "secret-pass")).isEqualTo(Mqtt5ConnAckReasonCode.SUCCESS); // mosquitto $7$
        assertThat(connectV5(broker, "old", "pw6")).isEqualTo(Mqtt5ConnAckReasonCode.SUCCESS);            // $6$
        assertThat(connectV5(broker, "bob", "bc-pass")).isEqualTo(Mqtt5ConnAckReasonCode.SUCCESS);        // bcrypt
        assertThat(connectV5(broker, "carol", "our-pass")).isEqualTo(Mqtt5ConnAckReasonCode.SUCCESS);     // ours
        assertThat(connectV5(broker, "alice", "wrong")).isEqualTo(Mqtt5ConnAckReasonCode.BAD_USER_NAME_OR_PASSWORD);
        assertThat(connectV5(broker, "bob", "secret-pass")).isEqualTo(Mqtt5ConnAckReasonCode.BAD_USER_NAME_OR_PASSWORD);
        assertThat(connectV5(broker, "mallory", "x")).isEqualTo(Mqtt5ConnAckReasonCode.BAD_USER_NAME_OR_PASSWORD);
        assertThat(connectV5(broker, null, null)).isEqualTo(Mqtt5ConnAckReasonCode.BAD_USER_NAME_OR_PASSWORD);
        assertThat(broker.broker().metrics().authFailures.sum()).isEqualTo(4);
    }

    /** v3.1.1: a wrong password is CONNACK return code 4 (bad user name or password) [MQTT-3.2.2-?]. */
    @Test
    void pahoV3GetsReturnCode4ForAWrongPassword() throws Exception {
        Path f = passwordFile();
        broker = TestBroker.start(c -> c.auth().passwordFile(f).allowAnonymous(false));
        assertThat(connectV3(broker, "alice", "secret-pass")).isZero();
        assertThat(connectV3(broker, "alice", "nope")).isEqualTo(MqttException.REASON_CODE_FAILED_AUTHENTICATION);
        assertThat(connectV3(broker, null, null)).isEqualTo(MqttException.REASON_CODE_FAILED_AUTHENTICATION);
    }

    /** MQTT 3.1 (MQIsdp) has the same return codes: 4 for a bad user name or password, byte-exact. */
    @Test
    void mqtt31WrongPasswordGetsReturnCode4() throws Exception {
        Path f = passwordFile();
        broker = TestBroker.start(c -> c.auth().passwordFile(f).allowAnonymous(false));
        try (RawMqttClient raw = RawMqttClient.open(broker.port())) {
            raw.send(RawMqttClient.connect(RawMqttClient.V31).clientId("v31").user("alice", "bad").build());
            java.util.List<RawMqttClient.Frame> frames = raw.expectClosed();
            assertThat(frames.get(0).body()).containsExactly(0x00, 0x04);
        }
        try (RawMqttClient raw = RawMqttClient.open(broker.port())) {
            raw.send(RawMqttClient.connect(RawMqttClient.V31).clientId("v31").user("alice", "secret-pass").build());
            assertThat(raw.expect(RawMqttClient.CONNACK).body()).containsExactly(0x00, 0x00);
        }
    }

    @Test
    void nanomqPlaintextPairsWorkAndAreWarnedAbout() throws Exception {
        ch.qos.logback.classic.Logger log = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(
                io.wrenmq.broker.auth.PasswordAuthenticator.class);
        ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> seen = new ch.qos.logback.core.read.ListAppender<>();
        seen.start();
        log.addAppender(seen);
        try {
            broker = TestBroker.start(c -> c.auth().plaintextPasswords(Map.of("admin", "public"), "etc/pwd.conf"));
        } finally {
            log.detachAppender(seen);
        }
        assertThat(seen.list).anySatisfy(e -> {
            assertThat(e.getLevel()).isEqualTo(ch.qos.logback.classic.Level.WARN);
            assertThat(e.getFormattedMessage()).contains("etc/pwd.conf").contains("plaintext").contains("wrenmq passwd");
        });
        assertThat(connectV5(broker, "admin", "public")).isEqualTo(Mqtt5ConnAckReasonCode.SUCCESS);
        assertThat(connectV5(broker, "admin", "Public")).isEqualTo(Mqtt5ConnAckReasonCode.BAD_USER_NAME_OR_PASSWORD);
        assertThat(connectV3(broker, "admin", "public")).isZero();
    }

    @Test
    void anonymousClientsFollowAllowAnonymous() throws Exception {
        Path f = passwordFile();
        broker = TestBroker.start(c -> c.auth().passwordFile(f).allowAnonymous(true));
        assertThat(connectV5(broker, null, null)).isEqualTo(Mqtt5ConnAckReasonCode.SUCCESS);
        // a client with a username is never let in anonymously when no authenticator knows it
        assertThat(connectV5(broker, "mallory", "x")).isEqualTo(Mqtt5ConnAckReasonCode.BAD_USER_NAME_OR_PASSWORD);
        broker.close();
        broker = TestBroker.start(c -> c.auth().allowAnonymous(false));
        assertThat(connectV5(broker, null, null)).isEqualTo(Mqtt5ConnAckReasonCode.BAD_USER_NAME_OR_PASSWORD);
    }

    @Test
    void unsetAllowAnonymousAllowsOnlyWhenEveryListenerIsLoopback() {
        broker = TestBroker.start(c -> { });
        assertThat(broker.broker().config().auth().allowAnonymous()).isNull();
        assertThat(connectV5(broker, null, null)).isEqualTo(Mqtt5ConnAckReasonCode.SUCCESS);
        var auth = new io.wrenmq.broker.auth.AuthConfig();
        assertThat(auth.effectiveAllowAnonymous(java.util.List.of(io.wrenmq.broker.listener.ListenerConfig.tcp("::1", 1)))).isTrue();
        assertThat(auth.effectiveAllowAnonymous(java.util.List.of(io.wrenmq.broker.listener.ListenerConfig.tcp("127.0.0.1", 1),
                io.wrenmq.broker.listener.ListenerConfig.tcp("0.0.0.0", 2)))).isFalse();
        assertThat(auth.effectiveAllowAnonymous(java.util.List.of(io.wrenmq.broker.listener.ListenerConfig.tcp("192.168.1.5", 1)))).isFalse();
        assertThat(auth.effectiveAllowAnonymous(java.util.List.of(io.wrenmq.broker.listener.ListenerConfig.tcp("broker.example", 1)))).isFalse();
        assertThat(auth.allowAnonymous(true).effectiveAllowAnonymous(java.util.List.of(
                io.wrenmq.broker.listener.ListenerConfig.tcp("0.0.0.0", 2)))).isTrue();
    }

    @Test
    void aBadPasswordFileStopsStartUpNamingFileAndLine() throws Exception {
        Path missing = dir.resolve("missing.passwd");
        assertThatThrownBy(() -> TestBroker.start(c -> c.auth().passwordFile(missing)))
                .isInstanceOf(BrokerStartException.class).hasMessageContaining(missing.toString()).hasMessageContaining("not found");
        Path empty = Files.writeString(dir.resolve("empty.passwd"), "# nobody\n\n");
        assertThatThrownBy(() -> TestBroker.start(c -> c.auth().passwordFile(empty)))
                .isInstanceOf(BrokerStartException.class).hasMessageContaining(empty.toString()).hasMessageContaining("no users");
        Path bad = Files.writeString(dir.resolve("bad.passwd"), MOSQUITTO_LINE + "\nbob:$7$abc$x$y\n");
        assertThatThrownBy(() -> TestBroker.start(c -> c.auth().passwordFile(bad)))
                .isInstanceOf(BrokerStartException.class).hasMessageContaining(bad + ":2:").hasMessageContaining("iterations");
        Path noColon = Files.writeString(dir.resolve("nocolon.passwd"), "\n\njustaname\n");
        assertThatThrownBy(() -> TestBroker.start(c -> c.auth().passwordFile(noColon)))
                .isInstanceOf(BrokerStartException.class).hasMessageContaining(noColon + ":3:");
    }
}
