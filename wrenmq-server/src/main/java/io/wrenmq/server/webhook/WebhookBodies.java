package io.wrenmq.server.webhook;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.wrenmq.broker.hook.BrokerEvent;
import io.wrenmq.broker.hook.ClientInfo;
import io.wrenmq.broker.hook.MessageInfo;
import io.wrenmq.codec.Subscription;

/**
 * The JSON bodies, as NanoMQ (client_connack, client_disconnected, message_publish) and EMQX 4's web hook plugin
 * (the other nine) write them. A missing username is "undefined", as both do. Times: {@code ts} in milliseconds,
 * {@code connected_at} in seconds (EMQX).
 */
final class WebhookBodies {
    private static final ObjectMapper JSON = new ObjectMapper();

    private WebhookBodies() {
    }

    static String body(Pending p, PayloadEncoding encoding) {
        ObjectNode o = JSON.createObjectNode();
        o.put("action", p.event().type().action());
        BrokerEvent ev = p.event();
        if (ev instanceof BrokerEvent.ClientConnect e) {
            client(o, e.client());
            o.put("ipaddress", e.client().ipAddress());
            o.put("keepalive", e.client().keepAlive());
            o.put("proto_ver", e.client().protoVer());
        } else if (ev instanceof BrokerEvent.ClientConnack e) {
            client(o, e.client());
            o.put("ipaddress", e.client().ipAddress());
            o.put("keepalive", e.client().keepAlive());
            o.put("proto_ver", e.client().protoVer());
            o.put("conn_ack", e.connAck());
        } else if (ev instanceof BrokerEvent.ClientConnected e) {
            client(o, e.client());
            o.put("keepalive", e.client().keepAlive());
            o.put("ipaddress", e.client().ipAddress());
            o.put("proto_ver", e.client().protoVer());
            o.put("connected_at", e.timestamp() / 1000);
            o.put("conn_ack", 0);
        } else if (ev instanceof BrokerEvent.ClientDisconnected e) {
            client(o, e.client());
            o.put("reason", e.reason());
        } else if (ev instanceof BrokerEvent.ClientSubscribe e) {
            client(o, e.client());
            Subscription s = e.subscriptions().get(p.index());
            o.put("topic", s.topicFilter());
            o.putObject("opts").put("qos", s.qos());
        } else if (ev instanceof BrokerEvent.ClientUnsubscribe e) {
            client(o, e.client());
            o.put("topic", e.topicFilters().get(p.index()));
        } else if (ev instanceof BrokerEvent.SessionSubscribed e) {
            names(o, e.clientId(), e.username());
            o.put("topic", e.topicFilter());
            o.putObject("opts").put("qos", e.qos());
        } else if (ev instanceof BrokerEvent.SessionUnsubscribed e) {
            names(o, e.clientId(), e.username());
            o.put("topic", e.topicFilter());
        } else if (ev instanceof BrokerEvent.SessionTerminated e) {
            names(o, e.clientId(), e.username());
            o.put("reason", e.reason());
        } else if (ev instanceof BrokerEvent.MessagePublish e) {
            message(o, e.message(), p.payload(), encoding);
        } else if (ev instanceof BrokerEvent.MessageDelivered e) {
            names(o, e.clientId(), e.username());
            message(o, e.message(), p.payload(), encoding);
        } else if (ev instanceof BrokerEvent.MessageAcked e) {
            names(o, e.clientId(), e.username());
            message(o, e.message(), p.payload(), encoding);
        }
        return o.toString();
    }

    private static void client(ObjectNode o, ClientInfo c) {
        names(o, c.clientId(), c.username());
    }

    private static void names(ObjectNode o, String clientId, String username) {
        o.put("clientid", clientId);
        o.put("username", orUndefined(username));
    }

    private static void message(ObjectNode o, MessageInfo m, byte[] payload, PayloadEncoding encoding) {
        o.put("from_client_id", m.fromClientId());
        o.put("from_username", orUndefined(m.fromUsername()));
        o.put("topic", m.topic());
        o.put("qos", m.qos());
        o.put("retain", m.retain());
        o.put("payload", encoding.encode(payload));
        o.put("ts", m.timestamp());
    }

    private static String orUndefined(String username) {
        return username == null ? "undefined" : username;
    }
}
