package io.wrenmq.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5Client;
import io.wrenmq.server.RestCalls;
import io.wrenmq.server.WrenServer;
import io.wrenmq.server.bridge.BridgeConfig;
import io.wrenmq.server.bridge.BridgeCacheConfig;
import io.wrenmq.server.bridge.BridgesConfig;
import io.wrenmq.server.config.ConfigLayer;
import io.wrenmq.server.config.ServerConfig;
import io.wrenmq.server.reload.BrokerRuntime;
import io.wrenmq.server.rule.RulesConfig;
import io.wrenmq.server.rule.action.DatabaseConfig;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A real {@link WrenServer} as `wrenmq start` runs it (MQTT and the REST API on ephemeral loopback ports, memory
 * persistence, the rule engine running), with the rule databases and bridges given as records until the file reader
 * for the rules block is merged; plus a JDK HttpClient for the REST API and HiveMQ clients for MQTT.
 */
final class RulesServer implements AutoCloseable {
    static final String PASSWORD = "s3cret-test";
    static final String NODE = "edge@127.0.0.1";

    final WrenServer server;
    private final RestCalls rest = new RestCalls(this::restPort, PASSWORD);
    private final List<Mqtt5BlockingClient> clients = new ArrayList<>();

    /**
     * @param extra     more of the configuration file ($SYS interval, ...)
     * @param databases the rules' database blocks by key ("sqlite", "postgresql.main")
     */
    RulesServer(Path dir, String extra, Map<String, DatabaseConfig> databases, BridgeConfig... bridges) throws Exception {
        this(dir, extra, new RulesConfig(databases, List.of()), bridges);
    }

    /** @param rules the configuration file's rules block */
    RulesServer(Path dir, String extra, RulesConfig rules, BridgeConfig... bridges) throws Exception {
        Path conf = Files.writeString(dir.resolve("wrenmq.conf"), "listeners.tcp { bind = \"127.0.0.1:0\" }\n"
                + "persistence.type = memory\nsystem.node_name = \"" + NODE + "\"\nsystem.sys_interval = 0s\n"
                + "http_server { enable = true, port = 0, password = \"" + PASSWORD + "\" }\n" + extra);
        ServerConfig file = BrokerRuntime.load(conf, Map.of(), ConfigLayer.empty(), dir);
        ServerConfig config = new ServerConfig(file.broker(), file.httpServer(), file.log(), file.notices(), file.source(),
                file.webhooks(), file.process(), new BridgesConfig(List.of(bridges), BridgeCacheConfig.DEFAULT),
                rules, file.gateways());
        server = WrenServer.builder().configFile(conf).env(Map.of()).baseDir(dir).loaded(config).build();
        server.start();
    }

    private int restPort() {
        return server.httpPort().orElseThrow();
    }

    int mqttPort() {
        return server.broker().port();
    }

    /** A connected HiveMQ client of this broker, disconnected by {@link #close}. */
    Mqtt5BlockingClient client(String id) {
        Mqtt5BlockingClient c = Mqtt5Client.builder().identifier(id).serverHost("127.0.0.1").serverPort(mqttPort())
                .buildBlocking();
        c.connect();
        clients.add(c);
        return c;
    }

    /** A request below /api/v4. */
    HttpResponse<String> send(String method, String path, String body) throws Exception {
        return rest.send(method, "/api/v4" + path, body);
    }

    /** A request below /api/v4 expected to answer 200; its JSON body. */
    JsonNode ok(String method, String path, String body) throws Exception {
        return rest.ok(method, "/api/v4" + path, body);
    }

    /** GET /api/v4/rules/{id}: the rule's data. */
    JsonNode rule(String id) throws Exception {
        return ok("GET", "/rules/" + id, null).path("data");
    }

    String prometheus() throws Exception {
        return send("GET", "/prometheus", null).body();
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
