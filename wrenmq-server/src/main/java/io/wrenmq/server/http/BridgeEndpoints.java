package io.wrenmq.server.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.wrenmq.broker.api.SessionBacklog;
import io.wrenmq.codec.ReasonCode;
import io.wrenmq.server.bridge.BridgeCaches;
import io.wrenmq.server.bridge.BridgeConfig;
import io.wrenmq.server.bridge.BridgeOperations;
import io.wrenmq.server.bridge.BridgeSubscription;
import io.wrenmq.server.bridge.BridgeView;
import io.wrenmq.server.bridge.MqttBridge;
import io.wrenmq.server.reload.BrokerRuntime;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * {@code /bridges/...}: NanoMQ's bridge endpoints. GET lists each bridge's settings and status; PUT changes a bridge's
 * settings, {@code switch} starts or stops it, {@code sub} and {@code unsub} change its remote subscriptions, all at
 * run time and not written to the configuration file (see {@link BridgeOperations} for how long they last).
 */
final class BridgeEndpoints {
    /** How long an answer waits for the sessions' loops (cache depth) and the remote's SUBACK / UNSUBACK. */
    private static final long WAIT_MILLIS = 5000;

    private final BrokerRuntime runtime;

    BridgeEndpoints(BrokerRuntime runtime) {
        this.runtime = runtime;
    }

    void register(Router r) {
        r.get("/bridges", "Every bridge: its settings (secrets masked) and status: state, next attempt, offline cache, counters", this::list);
        r.get("/bridges/{name}", "One bridge, as in /bridges", this::one);
        r.put("/bridges/{name}", "Change a bridge's settings at run time (not written to the file): {\"<name>\": {server, forwards, ...}}", this::replace);
        r.post("/bridges/switch/{name}", "Start or stop a bridge: {\"data\": {\"bridge_switch\": true | false}}", this::switchBridge);
        r.put("/bridges/sub/{name}", "Add remote subscriptions: {\"data\": {\"subscription\": [{remote_topic, local_topic, qos}]}}", this::subscribe);
        r.post("/bridges/sub/{name}", "Add remote subscriptions (as PUT)", this::subscribe);
        r.put("/bridges/unsub/{name}", "Remove remote subscriptions: {\"data\": {\"unsubscription\": [{\"topic\": ...}]}}", this::unsubscribe);
        r.post("/bridges/unsub/{name}", "Remove remote subscriptions (as PUT)", this::unsubscribe);
    }

    private BridgeOperations bridges() {
        return runtime.bridges();
    }

    private ApiResponse list(ApiRequest req) {
        return ApiResponse.json(Json.ok(nodes(bridges().list())));
    }

    private ApiResponse one(ApiRequest req) {
        return ApiResponse.json(Json.ok(nodes(List.of(find(req)))));
    }

    /** NanoMQ's shape: {@code {"bridge": {"nodes": [...]}}}. */
    private ObjectNode nodes(List<BridgeView> views) {
        Map<String, SessionBacklog> caches = await(BridgeCaches.of(runtime.broker(), views));
        ObjectNode data = Json.object();
        ArrayNode nodes = data.putObject("bridge").putArray("nodes");
        views.forEach(v -> nodes.add(BridgeJson.node(v, caches.get(v.name()))));
        return data;
    }

    private ApiResponse node(BridgeView v) {
        Map<String, SessionBacklog> caches = await(BridgeCaches.of(runtime.broker(), List.of(v)));
        return ApiResponse.json(Json.ok(BridgeJson.node(v, caches.get(v.name()))));
    }

    private ApiResponse replace(ApiRequest req) {
        BridgeView current = find(req);
        BridgeConfig next = BridgeBodies.update(current.config(), Json.parseObject(req.body()));
        return node(act(() -> bridges().replace(next)));
    }

    private ApiResponse switchBridge(ApiRequest req) {
        BridgeView current = find(req);
        boolean on = BridgeBodies.switchOn(Json.parseObject(req.body()));
        return node(act(() -> bridges().switchTo(current.name(), on)));
    }

    private ApiResponse subscribe(ApiRequest req) {
        BridgeView current = find(req);
        BridgeBodies.Subscribe s = BridgeBodies.subscribe(Json.parseObject(req.body()), current.config());
        CompletableFuture<List<ReasonCode>> codes = act(() -> bridges().subscribe(current.name(), s.entries(),
                s.subscriptionId(), s.userProperties()));
        return results(current, s.entries().stream().map(BridgeSubscription::remoteTopic).toList(), codes);
    }

    private ApiResponse unsubscribe(ApiRequest req) {
        BridgeView current = find(req);
        BridgeBodies.Unsubscribe u = BridgeBodies.unsubscribe(Json.parseObject(req.body()), current.config());
        CompletableFuture<List<ReasonCode>> codes = act(() -> bridges().unsubscribe(current.name(), u.remoteTopics(),
                u.userProperties()));
        return results(current, u.remoteTopics(), codes);
    }

    /**
     * {@code {"link": "up" | "down" | "stopped", "results": [{"remote_topic", "reason_code", "reason"}]}}: the remote's
     * answer per topic while the link is up; "pending" otherwise (applied on the next link, or when started).
     */
    private ApiResponse results(BridgeView before, List<String> topics, CompletableFuture<List<ReasonCode>> codes) {
        List<ReasonCode> answered = codes.completeOnTimeout(List.of(), WAIT_MILLIS, TimeUnit.MILLISECONDS).join();
        BridgeView now = bridges().get(before.name());
        ObjectNode data = Json.object().put("link", now == null || now.state() == MqttBridge.State.STOPPED ? "stopped"
                : answered.isEmpty() ? "down" : "up");
        ArrayNode results = data.putArray("results");
        for (int i = 0; i < topics.size(); i++) {
            ObjectNode r = results.addObject().put("remote_topic", topics.get(i));
            if (i < answered.size()) {
                r.put("reason_code", answered.get(i).value()).put("reason", answered.get(i).description());
            } else {
                r.putNull("reason_code").put("reason", "pending: applied when the bridge's link is up");
            }
        }
        return ApiResponse.json(Json.ok(data));
    }

    private BridgeView find(ApiRequest req) {
        String name = req.pathParam("name");
        BridgeView v = bridges().get(name);
        if (v == null) {
            throw notFound(name);
        }
        return v;
    }

    private ApiException notFound(String name) {
        List<String> names = bridges().list().stream().map(BridgeView::name).toList();
        return ApiException.notFound("no bridge named " + name + (names.isEmpty() ? " (none is configured)"
                : "; bridges: " + String.join(", ", names)));
    }

    /** Runs an operation; a bridge removed meanwhile (a reload) is a 404. */
    private <T> T act(Supplier<T> operation) {
        try {
            return operation.get();
        } catch (NoSuchElementException e) {
            throw ApiException.notFound(e.getMessage());
        }
    }

    private static <T> T await(CompletableFuture<T> f) {
        try {
            return f.get(WAIT_MILLIS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException(503, ApiException.INTERNAL_ERROR, "interrupted");
        } catch (ExecutionException | TimeoutException e) {
            throw new ApiException(503, ApiException.INTERNAL_ERROR, "the broker did not answer in time: " + e);
        }
    }
}
