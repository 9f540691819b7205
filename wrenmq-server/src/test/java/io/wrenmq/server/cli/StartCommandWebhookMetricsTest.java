package io.wrenmq.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** `wrenmq start` hands its WebHook targets' counters to the metrics endpoint (one family sample per target). */
@Timeout(60)
class StartCommandWebhookMetricsTest {
    @TempDir
    Path dir;

    @Test
    void prometheusOutputOfAStartedBrokerHasTheConfiguredWebhookTargets() throws Exception {
        int httpPort;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            httpPort = probe.getLocalPort();
        }
        // Port 9 (discard) is closed on loopback: the hook's requests fail, which is fine, only the targets matter.
        Files.writeString(dir.resolve("hooks.conf"), """
                listeners.tcp { bind = "127.0.0.1:0" }
                persistence.type = memory
                log.level = warn
                http_server { enable = true, port = %d, password = "s3cret-metrics" }
                webhook { url = "http://127.0.0.1:9/hook", events = [ { event = "on_client_connected" } ] }
                webhook.audit { url = "http://127.0.0.1:9/audit", events = [ { event = "on_client_connected" } ] }
                """.formatted(httpPort));
        StartedBroker b = StartedBroker.start(dir, Map.of(), "start", "--conf", "hooks.conf", "--pid-file", "w.pid");
        try {
            HttpRequest get = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/api/v4/prometheus"))
                    .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                            "admin:s3cret-metrics".getBytes(StandardCharsets.UTF_8)))
                    .timeout(Duration.ofSeconds(10)).build();
            HttpResponse<String> r = HttpClient.newHttpClient().send(get, HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            assertThat(r.body()).contains("# TYPE wrenmq_webhook_requests_total counter")
                    .contains("wrenmq_webhook_requests_total{target=\"audit\",result=\"sent\"} 0")
                    .contains("wrenmq_webhook_queued_events{target=\"audit\"}")
                    .containsPattern("wrenmq_webhook_queued_events\\{target=\"(?!audit\")[^\"]+\"\\} \\d+"); // the unnamed one
        } finally {
            b.stop();
        }
    }
}
