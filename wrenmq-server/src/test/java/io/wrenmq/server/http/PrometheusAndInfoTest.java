package io.wrenmq.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5Client;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** /prometheus (and /metrics) parse by the text format's rules; /brokers, /nodes, /metrics; the OpenAPI document. */
@Timeout(60)
class PrometheusAndInfoTest {
    private static final Pattern NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Pattern SAMPLE = Pattern.compile(
            "([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{((?:[a-zA-Z_][a-zA-Z0-9_]*=\"(?:[^\"\\\\\\n]|\\\\[\\\\\"n])*\",?)*)})? (\\S+)( -?\\d+)?");

    @TempDir
    Path dir;

    @Test
    void prometheusOutputParsesLineByLineAndCarriesTheBrokersFigures() throws Exception {
        try (ApiFixture api = ApiFixture.start(dir, "")) {
            Mqtt5BlockingClient c = Mqtt5Client.builder().identifier("p1").serverHost("127.0.0.1").serverPort(api.mqttPort()).buildBlocking();
            c.connect();
            c.subscribeWith().topicFilter("p/#").send();
            c.publishWith().topic("p/x").payload(new byte[10]).retain(true).qos(com.hivemq.client.mqtt.datatypes.MqttQos.AT_LEAST_ONCE).send();
            HttpResponse<String> r = api.get("/api/v4/prometheus");
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.headers().firstValue("Content-Type")).hasValue(PrometheusExporter.CONTENT_TYPE);
            Map<String, Double> samples = parse(r.body());
            assertThat(samples.get("wrenmq_clients_connected")).isEqualTo(1.0);
            assertThat(samples.get("wrenmq_subscriptions")).isEqualTo(1.0);
            assertThat(samples.get("wrenmq_sessions")).isEqualTo(1.0);
            assertThat(samples.get("wrenmq_messages_received_total")).isGreaterThanOrEqualTo(1.0);
            assertThat(samples.get("wrenmq_bytes_received_total")).isGreaterThan(10.0);
            assertThat(samples.get("wrenmq_messages_received_by_qos_total{qos=\"1\"}")).isEqualTo(1.0);
            assertThat(samples.get("wrenmq_messages_received_by_qos_total{qos=\"2\"}")).isZero();
            assertThat(samples).containsKeys("wrenmq_messages_dropped_total{reason=\"queue_full\"}",
                    "wrenmq_auth_failures_total", "wrenmq_tls_handshake_failures_total",
                    "wrenmq_connections_refused_total{reason=\"banned_client\"}", "wrenmq_session_queued_messages",
                    "jvm_memory_used_bytes{area=\"heap\"}", "jvm_threads_live", "process_cpu_seconds_total",
                    "process_open_fds", "process_resident_memory_bytes", "wrenmq_retained_messages");
            assertThat(samples.get("jvm_memory_used_bytes{area=\"heap\"}")).isPositive();
            c.disconnect();

            HttpResponse<String> alias = api.get("/metrics");
            assertThat(alias.statusCode()).isEqualTo(200);
            parse(alias.body());
        }
    }

    @Test
    void webhookCountersAppearPerTargetOnceThereAreTargets() throws Exception {
        try (ApiFixture api = ApiFixture.start(dir, "")) {
            assertThat(parse(api.get("/api/v4/prometheus").body()).keySet())
                    .noneMatch(k -> k.startsWith("wrenmq_webhook")); // no targets: no empty families
            io.wrenmq.server.webhook.WebhookMetrics audit = new io.wrenmq.server.webhook.WebhookMetrics();
            audit.sent.add(3);
            audit.failed.add(1);
            audit.retried.add(2);
            audit.dropped.add(5);
            audit.queued.set(4);
            io.wrenmq.server.webhook.WebhookMetrics ops = new io.wrenmq.server.webhook.WebhookMetrics();
            ops.sent.add(7);
            java.util.Map<String, io.wrenmq.server.webhook.WebhookMetrics> targets = new java.util.LinkedHashMap<>();
            targets.put("audit", audit);
            targets.put("ops", ops);
            api.runtime.webhookMetrics(() -> targets);
            Map<String, Double> s = parse(api.get("/api/v4/prometheus").body());
            assertThat(s.get("wrenmq_webhook_requests_total{target=\"audit\",result=\"sent\"}")).isEqualTo(3.0);
            assertThat(s.get("wrenmq_webhook_requests_total{target=\"audit\",result=\"failed\"}")).isEqualTo(1.0);
            assertThat(s.get("wrenmq_webhook_requests_total{target=\"ops\",result=\"sent\"}")).isEqualTo(7.0);
            assertThat(s.get("wrenmq_webhook_retries_total{target=\"audit\"}")).isEqualTo(2.0);
            assertThat(s.get("wrenmq_webhook_events_dropped_total{target=\"audit\"}")).isEqualTo(5.0);
            assertThat(s.get("wrenmq_webhook_queued_events{target=\"audit\"}")).isEqualTo(4.0);
            assertThat(s.get("wrenmq_webhook_queued_events{target=\"ops\"}")).isZero();
        }
    }

    /** The text format 0.0.4: HELP/TYPE before a family's samples, each family once and contiguous, valid names. */
    static Map<String, Double> parse(String text) {
        assertThat(text).endsWith("\n");
        Map<String, Double> samples = new HashMap<>();
        Map<String, String> types = new HashMap<>();
        Set<String> finished = new HashSet<>();
        String current = null;
        for (String line : text.split("\n")) {
            if (line.startsWith("# HELP ") || line.startsWith("# TYPE ")) {
                String[] parts = line.split(" ", 4);
                assertThat(parts).as(line).hasSize(4);
                assertThat(NAME.matcher(parts[2]).matches()).as(line).isTrue();
                if (!parts[2].equals(current)) {
                    assertThat(finished).as("family %s appears twice", parts[2]).doesNotContain(parts[2]);
                    if (current != null) {
                        finished.add(current);
                    }
                    current = parts[2];
                }
                if (line.startsWith("# TYPE ")) {
                    assertThat(parts[3]).isIn("counter", "gauge", "histogram", "summary", "untyped");
                    assertThat(types.put(parts[2], parts[3])).as("second TYPE for %s", parts[2]).isNull();
                }
                continue;
            }
            assertThat(line).as("no blank or stray comment lines").isNotEmpty().doesNotStartWith("#");
            Matcher m = SAMPLE.matcher(line);
            assertThat(m.matches()).as("sample line: %s", line).isTrue();
            assertThat(m.group(1)).as("sample of the family declared above").isEqualTo(current);
            assertThat(types).as("TYPE before samples").containsKey(current);
            if (types.get(current).equals("counter")) {
                assertThat(current).endsWith("_total");
            }
            double v = m.group(4).equals("+Inf") ? Double.POSITIVE_INFINITY : m.group(4).equals("-Inf")
                    ? Double.NEGATIVE_INFINITY : Double.parseDouble(m.group(4));
            String key = m.group(1) + (m.group(2) == null ? "" : m.group(2));
            assertThat(samples.put(key, v)).as("duplicate sample %s", key).isNull();
        }
        return samples;
    }

    @Test
    void brokersNodesAndJsonMetricsInNanoMqShapes() throws Exception {
        try (ApiFixture api = ApiFixture.start(dir, "system.node_name = \"edge-1\"\n")) {
            JsonNode brokers = api.getJson("/api/v4/brokers");
            assertThat(brokers.get("code").asInt()).isZero();
            JsonNode b = brokers.get("data").get(0);
            assertThat(b.get("node_status").asText()).isEqualTo("Running");
            assertThat(b.get("node_name").asText()).isEqualTo("edge-1");
            assertThat(b.get("uptime").asText()).contains("seconds");
            assertThat(b.has("version") && b.has("datetime") && b.has("sysdescr")).isTrue();
            assertThat(api.getJson("/api/v4/nodes").get("data").get(0).get("connections").asInt()).isZero();
            JsonNode metrics = api.getJson("/api/v4/metrics").get("data").get(0).get("metrics");
            assertThat(metrics.has("messages.received") && metrics.has("messages.dropped.queue_full")).isTrue();
            assertThat(api.getJson("/api/v4").get("data").findValuesAsText("path")).contains("/api/v4/clients");
        }
    }

    @Test
    void openApiDocumentListsExactlyTheRoutesTheRouterKnows() throws Exception {
        try (ApiFixture api = ApiFixture.start(dir, "")) {
            JsonNode doc = api.getJson("/api/v4/openapi.json");
            assertThat(doc.get("openapi").asText()).startsWith("3.");
            Set<String> documented = new TreeSet<>();
            for (Iterator<Map.Entry<String, JsonNode>> p = doc.get("paths").fields(); p.hasNext();) {
                Map.Entry<String, JsonNode> e = p.next();
                e.getValue().fieldNames().forEachRemaining(method -> documented.add(method.toUpperCase() + " " + e.getKey()));
            }
            Set<String> routed = new TreeSet<>();
            api.http.router().routes().forEach(r -> routed.add(r.method() + " " + r.pattern()));
            Set<String> dashboard = new TreeSet<>();
            DashboardEndpoints.ENDPOINTS.forEach(e -> dashboard.add(e.method() + " " + e.pattern()));
            Set<String> all = new TreeSet<>(routed);
            all.addAll(dashboard);
            assertThat(documented).as("the router's routes and the dashboard's endpoints (it is on)").isEqualTo(all);
            assertThat(dashboard).contains("POST /dashboard/login", "POST /dashboard/logout", "GET /dashboard/history");
            assertThat(doc.at("/paths/~1dashboard~1login/post/security").size()).as("login needs no credentials").isZero();
            assertThat(doc.at("/paths/~1dashboard~1logout/post/security/0").has("dashboardSession")).isTrue();
            assertThat(routed).contains("GET /clients", "DELETE /clients/{clientid}", "POST /mqtt/publish", "GET /prometheus",
                    "POST /reload", "POST /ctrl/restart", "GET /openapi.json", "DELETE /banned/{as}/{who}");
            // Every route answers something other than 404/405 (it exists in the router, not only in the document).
            for (String route : routed) {
                String method = route.substring(0, route.indexOf(' '));
                if (!method.equals("GET")) {
                    continue;
                }
                String path = route.substring(4).replaceAll("\\{[a-z_]+}", "x");
                int status = api.get("/api/v4" + path).statusCode();
                assertThat(status).as(route).isNotEqualTo(405);
                if (!path.contains("x")) {
                    assertThat(status).as(route).isEqualTo(200);
                }
            }
            for (String route : dashboard) { // served beside the router: each one exists (the session one wants a cookie)
                int status = route.startsWith("GET ") ? api.get("/api/v4" + route.substring(4)).statusCode()
                        : api.post("/api/v4" + route.substring(5), "{}").statusCode();
                assertThat(status).as(route).isNotIn(404, 405);
            }
        }
    }

    @Test
    void withTheDashboardOffItsEndpointsAreNotInTheDocument() throws Exception {
        try (ApiFixture api = ApiFixture.start(dir, "http_server.dashboard.enable = false\n")) {
            JsonNode doc = api.getJson("/api/v4/openapi.json");
            assertThat(doc.get("paths").has("/dashboard/login")).isFalse();
            assertThat(doc.at("/components/securitySchemes").has("dashboardSession")).isFalse();
        }
    }
}
