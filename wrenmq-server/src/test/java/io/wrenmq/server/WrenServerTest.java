package io.wrenmq.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5Client;
import io.wrenmq.server.cli.ApiProbe;
import io.wrenmq.server.files.PidFile;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link WrenServer} as an embedder uses it: started from a configuration file, it serves MQTT, the REST API and
 * WebHooks; one close() stops them all and frees their ports; a failure half-way through start closes what had
 * started (and leaves no PID file behind).
 */
@Timeout(60)
class WrenServerTest {
    private static final String PASSWORD = "s3cret-test";

    @TempDir
    Path dir;

    /** The test defaults: memory persistence, no $SYS, a WebHook target (its threads must end with the server). */
    private Path conf(String mqttBind, int httpPort) throws IOException {
        return Files.writeString(dir.resolve("wrenmq.conf"), "listeners.tcp { bind = \"" + mqttBind + "\" }\n"
                + "persistence.type = memory\nsystem.sys_interval = 0s\n"
                + "http_server { enable = true, port = " + httpPort + ", password = \"" + PASSWORD + "\" }\n"
                + "webhook { url = \"http://127.0.0.1:9/hook\", events = [ { event = \"on_client_connected\" } ] }\n");
    }

    @Test
    void startsFromAFileServesMqttAndRestAndOneCloseStopsEverythingAndFreesThePorts() throws Exception {
        Set<Thread> before = webhookThreads();
        Path pid = dir.resolve("server.pid");
        WrenServer server = WrenServer.builder().configFile(conf("127.0.0.1:0", 0)).env(Map.of()).baseDir(dir)
                .pidFile(new PidFile(pid)).build();
        server.start();
        int mqttPort = server.broker().port();
        int httpPort = server.httpPort().orElseThrow();
        try {
            assertThat(Files.readString(pid).trim()).isEqualTo(Long.toString(ProcessHandle.current().pid()));
            Mqtt5BlockingClient client = Mqtt5Client.builder().identifier("embedded-1").serverHost("127.0.0.1")
                    .serverPort(mqttPort).buildBlocking();
            client.connect();
            HttpResponse<String> clients = ApiProbe.get(httpPort, "/api/v4/clients", "admin", PASSWORD);
            assertThat(clients.statusCode()).isEqualTo(200);
            assertThat(clients.body()).contains("\"clientid\":\"embedded-1\"");
            assertThat(webhookThreadsSince(before)).as("the WebHook target runs").isNotEmpty();
            client.disconnect();
        } finally {
            server.close();
        }
        assertThat(server.awaitClosed(0, TimeUnit.SECONDS)).isTrue();
        assertFree(mqttPort);
        assertFree(httpPort);
        assertThat(pid).doesNotExist();
        await().atMost(Duration.ofSeconds(10)).until(() -> webhookThreadsSince(before).isEmpty());
        server.close(); // idempotent
    }

    @Test
    void aTakenRestPortFailsTheStartAndClosesTheEngineAndTheWebhooksAlreadyStarted() throws Exception {
        Set<Thread> before = webhookThreads();
        Path pid = dir.resolve("server.pid");
        int mqttPort = ApiProbe.freePort();
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            WrenServer server = WrenServer.builder().configFile(conf("127.0.0.1:" + mqttPort, taken.getLocalPort()))
                    .env(Map.of()).baseDir(dir).pidFile(new PidFile(pid)).build();
            assertThatThrownBy(server::start).isInstanceOf(ServerStartException.class)
                    .hasMessageContaining("REST API cannot listen on 127.0.0.1:" + taken.getLocalPort());
            // The engine had started (and the PID file was written) before the REST API failed: both are undone.
            assertThat(server.awaitClosed(0, TimeUnit.SECONDS)).isTrue();
            assertFree(mqttPort);
            assertThat(pid).doesNotExist();
            await().atMost(Duration.ofSeconds(10)).until(() -> webhookThreadsSince(before).isEmpty());
            server.close(); // what try-with-resources does after a failed start: nothing left to do
        }
    }

    @Test
    void fromFileReadsTheFileAndAStartedServerIsStoppedByCtrlStop() throws Exception {
        WrenServer server = WrenServer.fromFile(conf("127.0.0.1:0", 0));
        server.start();
        int port = server.broker().port();
        HttpResponse<String> stop = ApiProbe.post(server.httpPort().orElseThrow(), "/api/v4/ctrl/stop", "admin", PASSWORD);
        assertThat(stop.statusCode()).isEqualTo(200);
        assertThat(server.awaitClosed(20, TimeUnit.SECONDS)).as("ctrl/stop closes the whole server").isTrue();
        assertFree(port);
    }

    /** Nothing listens on the port any more: a connection is refused and the port can be bound again. */
    private static void assertFree(int port) throws IOException {
        assertThatThrownBy(() -> new Socket().connect(new InetSocketAddress("127.0.0.1", port), 2000))
                .isInstanceOf(IOException.class);
        try (ServerSocket again = new ServerSocket()) {
            again.bind(new InetSocketAddress("127.0.0.1", port));
        }
    }

    private static Set<Thread> webhookThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith("wrenmq-webhook"))
                .collect(Collectors.toSet());
    }

    private static Set<Thread> webhookThreadsSince(Set<Thread> before) {
        Set<Thread> now = webhookThreads();
        now.removeAll(before);
        now.removeIf(t -> !t.isAlive());
        return now;
    }
}
