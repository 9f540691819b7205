package io.wrenmq.server.http.browser;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * A minimal WebDriver BiDi client (W3C WebDriver BiDi, "Transport": JSON messages over a WebSocket) on the JDK's
 * WebSocket: commands are {@code {"id", "method", "params"}}, answered by a message with the same id and
 * {@code "type": "success"} (the result) or {@code "type": "error"} (error and message); messages without an id are
 * events ({@code "type": "event"}, method and params), handed to the listeners. Every command waits at most
 * {@link #TIMEOUT}.
 */
public final class BidiSession implements AutoCloseable {
    static final Duration TIMEOUT = Duration.ofSeconds(20);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final WebSocket socket;
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    private final CopyOnWriteArrayList<Consumer<JsonNode>> listeners = new CopyOnWriteArrayList<>();

    private BidiSession(WebSocket socket) {
        this.socket = socket;
    }

    /** Connects to {@code ws://host:port/session} and starts a session (session.new) with default capabilities. */
    static BidiSession open(URI endpoint) throws Exception {
        Receiver receiver = new Receiver();
        WebSocket socket = HttpClient.newBuilder().connectTimeout(TIMEOUT).build().newWebSocketBuilder()
                .connectTimeout(TIMEOUT).buildAsync(endpoint, receiver).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        BidiSession session = new BidiSession(socket);
        receiver.session = session;
        session.send("session.new", JSON.createObjectNode().set("capabilities", JSON.createObjectNode()));
        return session;
    }

    /** A fresh params object for {@link #send}. */
    public static ObjectNode params() {
        return JSON.createObjectNode();
    }

    /**
     * Sends a command and waits for its result; a BiDi error (or no answer in time) is an AssertionError. One
     * command at a time: the JDK's WebSocket allows one send in flight, and the tests have no use for more.
     */
    public synchronized JsonNode send(String method, ObjectNode params) {
        int id = ids.incrementAndGet();
        CompletableFuture<JsonNode> answer = new CompletableFuture<>();
        pending.put(id, answer);
        ObjectNode command = JSON.createObjectNode().put("id", id).put("method", method);
        command.set("params", params);
        try {
            socket.sendText(command.toString(), true).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            JsonNode message = answer.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            if (!"success".equals(message.path("type").asText())) {
                throw new AssertionError(method + " failed: " + message.path("error").asText() + ": "
                        + message.path("message").asText());
            }
            return message.get("result");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(method + " interrupted", e);
        } catch (ExecutionException e) {
            throw new AssertionError(method + ": " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new AssertionError(method + ": no answer within " + TIMEOUT, e);
        } finally {
            pending.remove(id);
        }
    }

    /** Calls {@code listener} with the params of every event (on the WebSocket's thread: keep it short). */
    public void onEvent(String method, Consumer<JsonNode> listener) {
        listeners.add(message -> {
            if (method.equals(message.path("method").asText())) {
                listener.accept(message.get("params"));
            }
        });
    }

    private void received(String text) {
        JsonNode message;
        try {
            message = JSON.readTree(text);
        } catch (Exception e) {
            throw new IllegalStateException("not JSON from the browser: " + text, e);
        }
        if (message.has("id") && !message.get("id").isNull()) {
            CompletableFuture<JsonNode> answer = pending.get(message.get("id").asInt());
            if (answer != null) {
                answer.complete(message);
            }
        } else {
            listeners.forEach(l -> l.accept(message));
        }
    }

    /** The connection is gone (the browser quit or crashed): the waiting commands fail now, not at their timeout. */
    private void closed(Throwable cause) {
        pending.values().forEach(answer -> answer.completeExceptionally(cause));
    }

    @Override
    public void close() {
        try {
            send("session.end", params());
        } catch (AssertionError ignored) {
            // the browser may already be gone; the process is destroyed next anyway
        }
        socket.abort();
    }

    /** Joins the WebSocket's text fragments into messages. */
    private static final class Receiver implements WebSocket.Listener {
        private final StringBuilder partial = new StringBuilder();
        private volatile BidiSession session;

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String text = partial.toString();
                partial.setLength(0);
                session.received(text);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            session.closed(new IllegalStateException("the browser closed the connection: " + statusCode + " " + reason));
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            session.closed(error);
        }
    }
}
