package io.wrenmq.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.wrenmq.server.gateway.GatewayOperations;
import io.wrenmq.server.gateway.GatewayStats;
import io.wrenmq.server.gateway.GatewayStats.Direction;
import io.wrenmq.server.gateway.GatewayView;
import io.wrenmq.server.reload.BrokerRuntime;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code /gateways/...}: each gateway's settings, state and counters (GET), and switching one on or off at run time
 * (PUT {@code /gateways/{name}/switch}; not written to the file, as for bridges).
 */
final class GatewayEndpoints {
    private final BrokerRuntime runtime;

    GatewayEndpoints(BrokerRuntime runtime) {
        this.runtime = runtime;
    }

    void register(Router r) {
        r.get("/gateways", "Every gateway: type, settings, state, MQTT end, counters per direction and queue depths", this::list);
        r.get("/gateways/{name}", "One gateway, as in /gateways", this::one);
        r.put("/gateways/{name}/switch", "Start or stop a gateway: {\"enable\": true | false} (not written to the file)",
                this::switchGateway);
    }

    private GatewayOperations gateways() {
        return runtime.gateways();
    }

    private ApiResponse list(ApiRequest req) {
        ArrayNode nodes = Json.object().putArray("gateways");
        gateways().list().forEach(v -> nodes.add(node(v)));
        return ApiResponse.json(Json.ok(nodes));
    }

    private ApiResponse one(ApiRequest req) {
        return ApiResponse.json(Json.ok(node(find(req.pathParam("name")))));
    }

    private ApiResponse switchGateway(ApiRequest req) {
        GatewayView v = find(req.pathParam("name"));
        JsonNode body = Json.parseObject(req.body());
        BodyFields f = new BodyFields("", body);
        f.onlyFields(Set.of("enable"), "write {\"enable\": true | false}");
        if (!f.has("enable")) {
            throw ApiException.missing(f.name("enable"));
        }
        boolean on = f.bool("enable", false);
        try {
            GatewayView now = gateways().switchTo(v.name(), on);
            if (now == null) {
                throw notFound(v.name()); // removed by a reload meanwhile
            }
            return ApiResponse.json(Json.ok(node(now)));
        } catch (IllegalStateException e) {
            throw new ApiException(503, ApiException.INTERNAL_ERROR, e.getMessage());
        }
    }

    private GatewayView find(String name) {
        GatewayView v = gateways().get(name);
        if (v == null) {
            throw notFound(name);
        }
        return v;
    }

    private ApiException notFound(String name) {
        List<String> names = gateways().list().stream().map(GatewayView::name).toList();
        return ApiException.notFound("no gateway named " + name + (names.isEmpty() ? " (none is configured)"
                : "; gateways: " + String.join(", ", names)));
    }

    /**
     * {@code {name, type, enable, state: running|stopped, mqtt, mqtt_up, settings{...}, to_mqtt{received, forwarded,
     * dropped{reason: n}, queued}, from_mqtt{...}}}; a stopped gateway has no counters.
     */
    static ObjectNode node(GatewayView v) {
        ObjectNode n = Json.object().put("name", v.name()).put("type", v.config().type())
                .put("enable", v.config().enable()).put("state", v.running() ? "running" : "stopped");
        n.put("mqtt", v.mqtt()).put("mqtt_up", v.mqttUp());
        ObjectNode settings = n.putObject("settings");
        v.config().settings().forEach((k, value) -> settings.set(k, Json.MAPPER.valueToTree(value)));
        if (v.stats() != null) {
            for (Direction d : Direction.values()) {
                direction(n.putObject(d.label()), v.stats(), d, v.queueDepth());
            }
        }
        return n;
    }

    private static void direction(ObjectNode o, GatewayStats s, Direction d, Map<Direction, Integer> depth) {
        o.put("received", s.received(d)).put("forwarded", s.forwarded(d));
        ObjectNode dropped = o.putObject("dropped");
        s.dropped(d).forEach((reason, n) -> dropped.put(reason.label(), n));
        o.put("queued", depth.getOrDefault(d, 0));
    }
}
