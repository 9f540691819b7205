package io.wrenmq.server.rule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5Client;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import io.wrenmq.server.WrenServer;
import io.wrenmq.server.config.ConfigLayer;
import io.wrenmq.server.config.ServerConfig;
import io.wrenmq.server.reload.BrokerRuntime;
import io.wrenmq.server.rule.action.MariaDbProcess;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * NanoMQ's own rule blocks (etc/nanomq_example.conf: rules.sqlite and rules.repub, verbatim in
 * test/resources/rules/nanomq_example_rules.conf) act unchanged in a running WrenServer: its SQLite rules fill the
 * tables broker and broker1 of /tmp/sqlite_rule.db, and its repub rules, whose server is NanoMQ's
 * "mqtt-tcp://localhost:1883", republish the selected fields as JSON into this broker, which therefore listens on
 * 127.0.0.1:1883 (the test is skipped when that port is taken). Its MySQL block (host localhost, user "username",
 * password "password", database db_name) acts too when Debian's MariaDB is installed and port 3306 is free: the test
 * starts one under exactly those credentials, and the rules fill db_name.broker and db_name.broker1.
 */
@Timeout(60)
class NanoMqRulesActTest {
    private static final Path SQLITE = Path.of("/tmp/sqlite_rule.db");

    @TempDir
    Path dir;

    @Test
    void nanomqsExampleRulesWriteSqliteAndRepublish() throws Exception {
        Assumptions.assumeTrue(portFree(1883), "127.0.0.1:1883 is taken: NanoMQ's repub example needs it");
        String example = Files.readString(Path.of("src/test/resources/rules/nanomq_example_rules.conf"));
        MariaDbProcess mysql = MariaDbProcess.installed() && portFree(3306)
                ? MariaDbProcess.start(3306, "username", "password") : null;
        // Without a MySQL server under NanoMQ's example credentials, the sqlite and repub blocks only.
        String blocks = mysql != null ? example : example.substring(0, example.indexOf("# # MQTT Rule Engine for Mysql"));
        Files.deleteIfExists(SQLITE);
        Path conf = Files.writeString(dir.resolve("nanomq.conf"), "listeners.tcp { bind = \"127.0.0.1:1883\" }\n"
                + "persistence.type = memory\n" + blocks);
        ServerConfig config = BrokerRuntime.load(conf, Map.of(), ConfigLayer.empty(), dir);
        List<AutoCloseable> open = new ArrayList<>();
        try (WrenServer server = WrenServer.builder().configFile(conf).env(Map.of()).baseDir(dir).loaded(config).build()) {
            server.start();
            Mqtt5BlockingClient sub = client("watcher");
            open.add(sub::disconnect);
            try (Mqtt5BlockingClient.Mqtt5Publishes got = sub.publishes(MqttGlobalPublishFilter.ALL)) {
                sub.subscribeWith().topicFilter("topic/#").qos(MqttQos.AT_LEAST_ONCE).send();
                Mqtt5BlockingClient pub = client("sensor");
                open.add(pub::disconnect);
                publish(pub, "abc", "aaa");                                      // broker1, topic/repub2
                publish(pub, "plant/1", "{\"x\": {\"y\": 12}, \"z\": \"ok\"}");  // broker, topic/repub1
                publish(pub, "plant/2", "{\"x\": {\"y\": 5}, \"z\": \"ok\"}");   // WHERE false: nothing
                publish(pub, "plant/3", "{\"x\": {\"y\": 50}, \"z\": \"str\"}"); // WHERE false: nothing

                List<String> republished = new ArrayList<>();
                for (int i = 0; i < 2; i++) {
                    Mqtt5Publish m = got.receive(10, TimeUnit.SECONDS).orElseThrow();
                    republished.add(m.getTopic() + " " + new String(m.getPayloadAsBytes(), StandardCharsets.UTF_8));
                }
                assertThat(republished).containsExactlyInAnyOrder("topic/repub2 {\"topic\":\"abc\",\"payload\":\"aaa\"}",
                        "topic/repub1 {\"y\":12,\"z\":\"ok\"}");
                assertThat(got.receive(500, TimeUnit.MILLISECONDS)).as("nothing else, no loop").isEmpty();
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> rows("broker1") == 1 && rows("broker") == 1);
            try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + SQLITE); Statement s = c.createStatement()) {
                try (ResultSet rs = s.executeQuery("SELECT topic, payload FROM broker1")) {
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getString(1)).isEqualTo("abc");
                    assertThat(rs.getString(2)).isEqualTo("aaa");
                }
                try (ResultSet rs = s.executeQuery("SELECT y, z FROM broker")) {
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getLong(1)).isEqualTo(12);
                    assertThat(rs.getString(2)).isEqualTo("ok");
                }
            }
            if (mysql != null) {
                await().atMost(Duration.ofSeconds(15)).until(() -> mysqlRows(mysql, "broker") == 1
                        && mysqlRows(mysql, "broker1") == 1);
                try (Connection c = mysql.connect("db_name"); Statement s = c.createStatement();
                        ResultSet rs = s.executeQuery("SELECT y, z FROM broker")) {
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getLong(1)).isEqualTo(12);
                    assertThat(rs.getString(2)).isEqualTo("ok");
                }
            }
            for (int i = open.size() - 1; i >= 0; i--) {
                open.get(i).close();
            }
        } finally {
            if (mysql != null) {
                mysql.close();
            }
            Files.deleteIfExists(SQLITE);
        }
    }

    private static Mqtt5BlockingClient client(String id) {
        Mqtt5BlockingClient c = Mqtt5Client.builder().identifier(id).serverHost("127.0.0.1").serverPort(1883)
                .buildBlocking();
        c.connect();
        return c;
    }

    private static void publish(Mqtt5BlockingClient c, String topic, String payload) {
        c.publishWith().topic(topic).payload(payload.getBytes(StandardCharsets.UTF_8)).qos(MqttQos.AT_LEAST_ONCE).send();
    }

    private static long rows(String table) {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + SQLITE); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT count(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        } catch (Exception e) {
            return -1; // not created yet
        }
    }

    private static long mysqlRows(MariaDbProcess mysql, String table) {
        try (Connection c = mysql.connect("db_name"); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT count(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        } catch (Exception e) {
            return -1; // not created yet
        }
    }

    private static boolean portFree(int port) {
        try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            s.setReuseAddress(true);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
