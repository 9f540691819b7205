package io.wrenmq.server.gateway;

import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5Client;
import io.wrenmq.server.RestCalls;
import io.wrenmq.server.WrenServer;
import java.net.http.HttpResponse;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A real {@link WrenServer} from a configuration file as `wrenmq start` reads it (MQTT and the REST API on ephemeral
 * loopback ports, memory persistence) plus the file's {@code extra} lines (the gateway blocks), with HiveMQ clients
 * and REST calls; {@link #rewrite} changes the file for a reload.
 */
public final class GatewayServer implements AutoCloseable {
    static final String PASSWORD = "gw-s3cret";

    public final WrenServer server;
    public final Path conf;
    private final RestCalls rest = new RestCalls(this::restPort, PASSWORD);
    private final List<Mqtt5BlockingClient> clients = new ArrayList<>();

    public GatewayServer(Path dir, String extra) throws Exception {
        conf = dir.resolve("wrenmq.conf");
        rewrite(extra);
        server = WrenServer.builder().configFile(conf).env(Map.of()).baseDir(dir).build();
        server.start();
    }

    /** The file with other gateway lines, for {@code server.reload()}. */
    public void rewrite(String extra) throws Exception {
        Files.writeString(conf, "listeners.tcp { bind = \"127.0.0.1:0\" }\npersistence.type = memory\n"
                + "system.sys_interval = 0s\nhttp_server { enable = true, port = 0, password = \"" + PASSWORD + "\" }\n"
                + extra);
    }

    private int restPort() {
        return server.httpPort().orElseThrow();
    }

    public int mqttPort() {
        return server.broker().port();
    }

    /** A connected HiveMQ client of this broker, disconnected by {@link #close}. */
    public Mqtt5BlockingClient client(String id) {
        Mqtt5BlockingClient c = Mqtt5Client.builder().identifier(id).serverHost("127.0.0.1").serverPort(mqttPort())
                .buildBlocking();
        c.connect();
        clients.add(c);
        return c;
    }

    public HttpResponse<String> send(String method, String path, String body) throws Exception {
        return rest.send(method, "/api/v4" + path, body);
    }

    public JsonNode ok(String method, String path, String body) throws Exception {
        return rest.ok(method, "/api/v4" + path, body);
    }

    @Override
    public void close() {
        for (Mqtt5BlockingClient c : clients) {
            if (c.getState().isConnected()) {
                c.disconnect();
            }
        }
        server.close();
    }
}
