package io.wrenmq.server.rule.action;

import static io.wrenmq.server.rule.action.Rows.row;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The http action against a real JDK HttpServer receiver on 127.0.0.1. */
class HttpActionTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final BatchSettings FAST = new BatchSettings(100, 10, Duration.ofMillis(10), Duration.ofMillis(50),
            Duration.ofSeconds(5));

    /** What the receiver got. */
    record Received(String method, String path, String contentType, String token, String body) {
    }

    private HttpServer receiver;
    private final List<Received> received = Collections.synchronizedList(new ArrayList<>());
    /** Status codes to answer, in order; 200 when empty. */
    private final ConcurrentLinkedQueue<Integer> answers = new ConcurrentLinkedQueue<>();
    private RuleAction action;

    @BeforeEach
    void startReceiver() throws IOException {
        receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        receiver.createContext("/", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            received.add(new Received(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                    exchange.getRequestHeaders().getFirst("Content-Type"),
                    exchange.getRequestHeaders().getFirst("X-Token"), body));
            Integer status = answers.poll();
            exchange.sendResponseHeaders(status == null ? 200 : status, -1);
            exchange.close();
        });
        receiver.start();
    }

    @AfterEach
    void stop() {
        if (action != null) {
            action.close();
        }
        receiver.stop(0);
    }

    private URI url(String path) {
        return URI.create("http://127.0.0.1:" + receiver.getAddress().getPort() + path);
    }

    @Test
    void eachRowIsPostedAsAJsonObjectInOrder() throws Exception {
        action = HttpAction.create(HttpActionConfig.post("rows", url("/rows")), FAST);
        action.start();
        Map<String, Object> first = row("topic", "a/b", "qos", 1L, "payload", row("t", 21.5), "tags", List.of("x"));
        action.offer(first);
        action.offer(row("topic", "c", "n", null));
        await().atMost(5, TimeUnit.SECONDS).until(() -> action.stats().success() == 2);
        assertThat(received).hasSize(2).allSatisfy(r -> {
            assertThat(r.method()).isEqualTo("POST");
            assertThat(r.path()).isEqualTo("/rows");
            assertThat(r.contentType()).isEqualTo("application/json");
        });
        assertThat(received.get(0).body()).as("select order kept")
                .isEqualTo("{\"topic\":\"a/b\",\"qos\":1,\"payload\":{\"t\":21.5},\"tags\":[\"x\"]}");
        assertThat(JSON.readValue(received.get(1).body(), Map.class)).containsEntry("topic", "c").containsKey("n");
        assertThat(action.stats().batches()).isEqualTo(2);
    }

    @Test
    void theBodyTemplateMethodAndHeadersAreUsed() {
        action = HttpAction.create(new HttpActionConfig("tpl", url("/put"), "put", Map.of("X-Token", "s3cret",
                "Content-Type", "text/plain"), "${topic} temp=${payload.t} raw=${payload} missing=${nope}", false,
                Duration.ofSeconds(2)), FAST);
        action.start();
        action.offer(row("topic", "a/b", "payload", row("t", 21.5)));
        await().atMost(5, TimeUnit.SECONDS).until(() -> action.stats().success() == 1);
        Received r = received.get(0);
        assertThat(r.method()).isEqualTo("PUT");
        assertThat(r.token()).isEqualTo("s3cret");
        assertThat(r.contentType()).isEqualTo("text/plain");
        assertThat(r.body()).isEqualTo("a/b temp=21.5 raw={\"t\":21.5} missing=null");
    }

    @Test
    void inBatchModeEachBatchIsOneRequestWithAJsonArray() throws Exception {
        action = HttpAction.create(new HttpActionConfig("batch", url("/batch"), "POST", Map.of(), null, true,
                Duration.ofSeconds(2)), FAST);
        for (long i = 0; i < 25; i++) {
            action.offer(row("seq", i));
        }
        action.start();
        await().atMost(5, TimeUnit.SECONDS).until(() -> action.stats().success() == 25);
        assertThat(received).hasSize(3);
        List<Object> seqs = new ArrayList<>();
        List<Integer> sizes = new ArrayList<>();
        for (Received r : received) {
            List<?> array = JSON.readValue(r.body(), List.class);
            sizes.add(array.size());
            array.forEach(o -> seqs.add(((Map<?, ?>) o).get("seq")));
        }
        assertThat(sizes).containsExactly(10, 10, 5);
        assertThat(seqs).containsExactlyElementsOf(JdbcActionContract.range(0, 25).stream()
                .map(Long::intValue).map(Object.class::cast).toList());
    }

    /** 503 and 429 are retried (same row, in order); 400 refuses the row, which is not retried. */
    @Test
    void receiverErrorsAreRetriedAndARefusalFailsOnlyThatRow() {
        answers.addAll(List.of(503, 429, 200, 400, 200));
        action = HttpAction.create(HttpActionConfig.post("errors", url("/e")), FAST);
        action.offer(row("seq", 1L));
        action.offer(row("seq", 2L));
        action.offer(row("seq", 3L));
        action.start();
        await().atMost(5, TimeUnit.SECONDS).until(() -> action.stats().success() + action.stats().failure() == 3);
        assertThat(received).extracting(Received::body).containsExactly("{\"seq\":1}", "{\"seq\":1}",
                "{\"seq\":1}", "{\"seq\":2}", "{\"seq\":3}");
        assertThat(action.stats().success()).isEqualTo(2);
        assertThat(action.stats().failure()).isEqualTo(1);
        assertThat(action.stats().retriedBatches()).isEqualTo(2);
        assertThat(action.stats().lastError()).isEqualTo("HTTP 400");
    }

    /** A receiver that is down: the row waits in the queue and goes out once it listens again. */
    @Test
    void aReceiverThatIsDownGetsTheRowWhenItIsBack() throws Exception {
        int port = receiver.getAddress().getPort();
        receiver.stop(0);
        action = HttpAction.create(HttpActionConfig.post("down", url("/d")), FAST);
        action.start();
        action.offer(row("seq", 7L));
        await().atMost(5, TimeUnit.SECONDS).until(() -> action.stats().retriedBatches() >= 2);
        assertThat(action.stats().lastError()).contains("ConnectException");
        startReceiverOn(port);
        await().atMost(5, TimeUnit.SECONDS).until(() -> action.stats().success() == 1);
        assertThat(received).extracting(Received::body).containsExactly("{\"seq\":7}");
    }

    private void startReceiverOn(int port) throws IOException {
        HttpServer again = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        again.createContext("/", exchange -> {
            received.add(new Received(exchange.getRequestMethod(), exchange.getRequestURI().getPath(), null, null,
                    new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        again.start();
        receiver = again;
    }
}
