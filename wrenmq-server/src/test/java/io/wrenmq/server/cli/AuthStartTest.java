package io.wrenmq.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.hivemq.client.mqtt.mqtt5.Mqtt5Client;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5ConnAckException;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAckReasonCode;
import io.wrenmq.broker.WrenBroker;
import io.wrenmq.tools.ExitCodes;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** `wrenmq start` with authentication configured: files made by `wrenmq passwd`, NanoMQ includes, fail closed. */
@Timeout(60)
class AuthStartTest {
    @TempDir
    Path home;

    @Test
    void aMalformedPasswordFileStopsStartWithFileAndLine() throws Exception {
        Files.createDirectories(home.resolve("etc"));
        Files.writeString(home.resolve("etc/wrenmq.passwd"), "alice:$7$101$AAAA$BBBB\nbob:nothash\n");
        Files.writeString(home.resolve("etc/wrenmq.conf"), """
                listeners.tcp.bind = "127.0.0.1:0"
                auth.password_file = "etc/wrenmq.passwd"
                persistence.type = memory
                """);
        CliRun r = CliRun.run(home, Map.of("WRENMQ_HOME", home.toString()), stop -> { }, "start");
        assertThat(r.code()).isEqualTo(ExitCodes.RUNTIME);
        assertThat(r.err()).contains(home.resolve("etc/wrenmq.passwd") + ":2:").contains("unknown password hash");
    }

    @Test
    void usersMadeWithWrenmqPasswdAndNanomqPairsCanLogIn() throws Exception {
        assertThat(CliRun.run(home, "passwd", "-c", "-b", "-I", "1000", "etc/wrenmq.passwd", "alice", "a-pass").code()).isZero();
        Files.writeString(home.resolve("etc/pwd.conf"), "\"admin\": \"public\"\n");
        Files.writeString(home.resolve("etc/wrenmq.conf"), """
                listeners.tcp.bind = "127.0.0.1:0"
                persistence.type = memory
                auth {
                  allow_anonymous = false
                  password = {include "pwd.conf"}
                  password_file = "etc/wrenmq.passwd"
                }
                """);
        StartedBroker started = StartedBroker.start(home,
                Map.of("WRENMQ_HOME", home.toString()), "start", "--pid-file", home.resolve("pid").toString());
        WrenBroker broker = started.broker();
        try {
            assertThat(connect(broker.port(), "alice", "a-pass")).isEqualTo(Mqtt5ConnAckReasonCode.SUCCESS);
            assertThat(connect(broker.port(), "admin", "public")).isEqualTo(Mqtt5ConnAckReasonCode.SUCCESS);
            assertThat(connect(broker.port(), "alice", "public")).isEqualTo(Mqtt5ConnAckReasonCode.BAD_USER_NAME_OR_PASSWORD);
        } finally {
            assertThat(started.stop().code()).isZero();
        }
    }

    private static Mqtt5ConnAckReasonCode connect(int port, String user, String password) {
        var c = Mqtt5Client.builder().identifier("c-" + user + password.length()).serverHost("127.0.0.1").serverPort(port)
                .simpleAuth().username(user).password(password.getBytes(StandardCharsets.UTF_8)).applySimpleAuth()
                .buildBlocking();
        try {
            Mqtt5ConnAckReasonCode code = c.connect().getReasonCode();
            c.disconnect();
            return code;
        } catch (Mqtt5ConnAckException e) {
            return e.getMqttMessage().getReasonCode();
        }
    }
}
