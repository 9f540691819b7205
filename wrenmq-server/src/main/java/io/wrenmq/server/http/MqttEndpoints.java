package io.wrenmq.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.wrenmq.broker.api.Publication;
import io.wrenmq.broker.delivery.SubscriptionService;
import io.wrenmq.broker.message.RetainedMessage;
import io.wrenmq.broker.routing.TopicFilters;
import io.wrenmq.broker.session.Session;
import io.wrenmq.codec.Properties;
import io.wrenmq.codec.PropertyId;
import io.wrenmq.codec.ReasonCode;
import io.wrenmq.codec.Subscription;
import io.wrenmq.codec.TopicSyntax;
import io.wrenmq.server.reload.BrokerRuntime;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/** {@code /mqtt/...}: publish as the broker, subscribe or unsubscribe a client's session, retained messages. */
final class MqttEndpoints {
    /** The publisher id of messages sent through the API when the body names no clientid. */
    static final String API_CLIENT_ID = "wrenmq-http-api";

    private final BrokerRuntime runtime;

    MqttEndpoints(BrokerRuntime runtime) {
        this.runtime = runtime;
    }

    void register(Router r) {
        r.post("/mqtt/publish", "Publish one message (topic, payload, encoding plain|base64, qos, retain, clientid, properties)", this::publish);
        r.post("/mqtt/publish_batch", "Publish several messages: a JSON array of /mqtt/publish bodies", this::publishBatch);
        r.post("/mqtt/subscribe", "Add a subscription to an existing session (clientid, topic, qos)", this::subscribe);
        r.post("/mqtt/unsubscribe", "Remove a subscription from a session (clientid, topic)", this::unsubscribe);
        r.get("/mqtt/retained", "List retained messages ($SYS included), optionally matching a topic filter, with paging",
                this::retainedList, "topic", "_page", "_limit");
        r.get("/mqtt/retained/{topic}", "One retained message (the topic URL-encoded)", this::retainedGet);
        r.delete("/mqtt/retained/{topic}", "Delete one retained message", this::retainedDelete);
    }

    private ApiResponse publish(ApiRequest req) {
        ObjectNode body = Json.parseObject(req.body());
        return ApiResponse.json(Json.ok(Json.object().put("delivered", publishOne(body))));
    }

    private ApiResponse publishBatch(ApiRequest req) {
        JsonNode body = Json.parse(req.body());
        if (!body.isArray() || body.isEmpty()) {
            throw ApiException.badRequest("the body must be a non-empty JSON array of messages");
        }
        for (JsonNode m : body) { // validate all first: a batch is published whole or not at all
            if (!m.isObject()) {
                throw ApiException.badRequest("every element must be a JSON object");
            }
            toPublication((ObjectNode) m);
        }
        ArrayNode results = Json.array();
        for (JsonNode m : body) {
            results.addObject().put("topic", m.get("topic").asText()).put("delivered", publishOne((ObjectNode) m));
        }
        return ApiResponse.json(Json.ok(results));
    }

    /**
     * The same path as a client's PUBLISH (counted, the message_publish event for WebHooks, retained, routing); answers
     * once the message is safe (committed when persistent sessions get it at QoS 1/2).
     */
    private int publishOne(ObjectNode body) {
        return runtime.broker().publish(toPublication(body)).join();
    }

    private Publication toPublication(ObjectNode body) {
        String topic = Json.text(body, "topic");
        String invalid = TopicSyntax.invalidNameReason(topic); // e.g. no wildcards [MQTT-3.3.2-2]
        if (invalid != null) {
            throw ApiException.badRequest("invalid topic " + topic + ": " + invalid);
        }
        int qos = Json.integer(body, "qos", 0, 0, 2);
        boolean retain = Json.bool(body, "retain", false);
        String encoding = body.path("encoding").asText("plain");
        String payloadText = body.hasNonNull("payload") ? body.get("payload").asText() : "";
        byte[] payload;
        if (encoding.equals("plain")) {
            payload = payloadText.getBytes(StandardCharsets.UTF_8);
        } else if (encoding.equals("base64")) {
            try {
                payload = Base64.getDecoder().decode(payloadText);
            } catch (IllegalArgumentException e) {
                throw ApiException.badRequest("payload is not valid base64");
            }
        } else {
            throw ApiException.badRequest("encoding must be plain or base64: " + encoding);
        }
        String clientId = body.hasNonNull("clientid") ? body.get("clientid").asText() : API_CLIENT_ID;
        return Publication.of(topic, payload).qos(qos).retain(retain).properties(properties(body.path("properties")))
                .publisher(clientId, null);
    }

    /** MQTT 5 PUBLISH properties in EMQX's JSON names. */
    private static Properties properties(JsonNode p) {
        if (p.isMissingNode() || p.isNull()) {
            return Properties.EMPTY;
        }
        if (!p.isObject()) {
            throw ApiException.badRequest("properties must be a JSON object");
        }
        Properties.Builder b = Properties.builder();
        if (p.has("payload_format_indicator")) {
            b.put(PropertyId.PAYLOAD_FORMAT_INDICATOR, Json.integer(p, "payload_format_indicator", 0, 0, 1));
        }
        if (p.has("message_expiry_interval")) {
            b.put(PropertyId.MESSAGE_EXPIRY_INTERVAL, Json.integer(p, "message_expiry_interval", 0, 0, Integer.MAX_VALUE));
        }
        if (p.has("content_type")) {
            b.putString(PropertyId.CONTENT_TYPE, Json.text(p, "content_type"));
        }
        if (p.has("response_topic")) {
            b.putString(PropertyId.RESPONSE_TOPIC, Json.text(p, "response_topic"));
        }
        if (p.has("correlation_data")) {
            b.putBinary(PropertyId.CORRELATION_DATA, Json.text(p, "correlation_data").getBytes(StandardCharsets.UTF_8));
        }
        JsonNode user = p.path("user_properties");
        if (user.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = user.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> e = it.next();
                b.addUserProperty(e.getKey(), e.getValue().asText());
            }
        } else if (!user.isMissingNode()) {
            throw ApiException.badRequest("properties.user_properties must be a JSON object of strings");
        }
        return b.build();
    }

    private Session existingSession(ObjectNode body) {
        String clientId = Json.text(body, "clientid");
        Session s = runtime.broker().sessions().get(clientId);
        if (s == null) {
            throw ApiException.notFound("no session for client " + clientId);
        }
        return s;
    }

    private ApiResponse subscribe(ApiRequest req) {
        ObjectNode body = Json.parseObject(req.body());
        String topic = Json.text(body, "topic");
        int qos = Json.integer(body, "qos", 0, 0, 2);
        Session s = existingSession(body);
        SubscriptionService subs = runtime.broker().subscriptions();
        Subscription sub = new Subscription(topic, qos, false, false, 0);
        ReasonCode rc = SessionSnapshots.onLoop(s, () -> {
            SubscriptionService.Result r = subs.subscribe(s, sub, 0);
            if (r.reasonCode().value() < 0x80) {
                subs.sendRetained(s, sub, 0, r.existed());
            }
            return r.reasonCode();
        });
        if (rc.value() >= 0x80) {
            throw ApiException.badRequest("subscription refused: " + rc);
        }
        return ApiResponse.json(Json.ok(Json.object().put("clientid", s.clientId()).put("topic", topic).put("qos", rc.value())));
    }

    private ApiResponse unsubscribe(ApiRequest req) {
        ObjectNode body = Json.parseObject(req.body());
        String topic = Json.text(body, "topic");
        Session s = existingSession(body);
        SubscriptionService subs = runtime.broker().subscriptions();
        ReasonCode rc = SessionSnapshots.onLoop(s, () -> subs.unsubscribe(s, topic));
        if (rc == ReasonCode.TOPIC_FILTER_INVALID) {
            throw ApiException.badRequest("invalid topic filter: " + topic);
        }
        if (rc == ReasonCode.NO_SUBSCRIPTION_EXISTED) {
            throw ApiException.notFound("client " + s.clientId() + " has no subscription " + topic);
        }
        return ApiResponse.json(Json.ok(Json.object().put("clientid", s.clientId()).put("topic", topic)));
    }

    private ApiResponse retainedList(ApiRequest req) {
        List<RetainedMessage> all = new ArrayList<>();
        long now = System.currentTimeMillis();
        String filter = req.queryParam("topic");
        if (filter != null) {
            if (TopicSyntax.invalidFilterReason(filter) != null || TopicFilters.parseShared(filter) != null) {
                throw ApiException.badRequest("topic must be a topic filter: " + filter);
            }
            runtime.broker().router().retainedStore().match(filter, now, all::add);
        } else {
            // "#" does not match $ topics [MQTT-4.7.2-1]; an operator wants to see those too.
            runtime.broker().router().retainedStore().match("#", now, all::add);
            runtime.broker().router().retainedStore().match("$SYS/#", now, all::add);
        }
        all.sort(Comparator.comparing(RetainedMessage::topic));
        Paging paging = Paging.of(req, all.size());
        ArrayNode rows = Json.array();
        paging.slice(all).forEach(r -> rows.add(retained(r)));
        return ApiResponse.json(paging.envelope(rows));
    }

    private ApiResponse retainedGet(ApiRequest req) {
        String topic = req.pathParam("topic");
        RetainedMessage r = runtime.broker().router().retainedStore().get(topic);
        if (r == null || r.isExpired(System.currentTimeMillis())) {
            throw ApiException.notFound("no retained message on " + topic);
        }
        return ApiResponse.json(Json.ok(retained(r)));
    }

    private ApiResponse retainedDelete(ApiRequest req) {
        String topic = req.pathParam("topic");
        if (!runtime.broker().router().removeRetained(topic)) {
            throw ApiException.notFound("no retained message on " + topic);
        }
        return ApiResponse.json(Json.object().put("code", 0));
    }

    private static ObjectNode retained(RetainedMessage r) {
        return Json.object().put("topic", r.topic()).put("qos", r.qos())
                .put("payload", Base64.getEncoder().encodeToString(r.payload())).put("encoding", "base64")
                .put("clientid", r.publisherClientId()).put("stored_at", Instant.ofEpochMilli(r.storedAtMillis()).toString());
    }
}
