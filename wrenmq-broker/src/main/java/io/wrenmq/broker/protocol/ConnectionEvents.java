package io.wrenmq.broker.protocol;

import io.wrenmq.broker.message.Message;
import io.wrenmq.broker.hook.BrokerEvent;
import io.wrenmq.broker.hook.ClientInfo;
import io.wrenmq.broker.hook.EventHub;
import io.wrenmq.broker.hook.EventType;
import io.wrenmq.broker.hook.MessageInfo;
import io.wrenmq.broker.session.Session;
import io.wrenmq.broker.listener.ConnectionInfo;
import io.wrenmq.codec.Connect;
import io.wrenmq.codec.ReasonCode;
import io.wrenmq.codec.Subscribe;
import io.wrenmq.codec.Unsubscribe;
import java.net.InetSocketAddress;

/**
 * The connection's emission points of broker events, one line each at the call site. Every method checks
 * {@link EventHub#wants} first: without a listener for the type nothing is built.
 */
final class ConnectionEvents {
    private ConnectionEvents() {
    }

    /** CONNECT received, before validation and authentication. */
    static void connect(MqttConnection c, Connect connect) {
        EventHub hub = c.broker.events();
        if (hub.wants(EventType.CLIENT_CONNECT)) {
            hub.emit(new BrokerEvent.ClientConnect(info(c, connect.clientId(), connect.username()), now()));
        }
    }

    /** CONNACK written: success or the refusal's reason. */
    static void connack(MqttConnection c, ReasonCode reason, String why) {
        EventHub hub = c.broker.events();
        if (hub.wants(EventType.CLIENT_CONNACK)) {
            hub.emit(new BrokerEvent.ClientConnack(client(c), reason, why, now()));
        }
    }

    static void connected(MqttConnection c, boolean sessionPresent) {
        EventHub hub = c.broker.events();
        if (hub.wants(EventType.CLIENT_CONNECTED)) {
            hub.emit(new BrokerEvent.ClientConnected(client(c), sessionPresent, c.connectedAtMillis));
        }
    }

    static void disconnected(MqttConnection c) {
        EventHub hub = c.broker.events();
        if (hub.wants(EventType.CLIENT_DISCONNECTED)) {
            ReasonCode code = c.closeReasonCode;
            String reason = code == null ? "closed" : code == ReasonCode.SUCCESS ? "normal"
                    : code.name().toLowerCase(java.util.Locale.ROOT);
            hub.emit(new BrokerEvent.ClientDisconnected(client(c), reason, code, c.connectedAtMillis, now()));
        }
    }

    static void subscribe(MqttConnection c, Subscribe s) {
        EventHub hub = c.broker.events();
        if (hub.wants(EventType.CLIENT_SUBSCRIBE)) {
            hub.emit(new BrokerEvent.ClientSubscribe(client(c), s.subscriptions(), now()));
        }
    }

    static void unsubscribe(MqttConnection c, Unsubscribe u) {
        EventHub hub = c.broker.events();
        if (hub.wants(EventType.CLIENT_UNSUBSCRIBE)) {
            hub.emit(new BrokerEvent.ClientUnsubscribe(client(c), u.topicFilters(), now()));
        }
    }

    static void sessionSubscribed(MqttConnection c, String filter, int grantedQos) {
        EventHub hub = c.broker.events();
        if (hub.wants(EventType.SESSION_SUBSCRIBED)) {
            hub.emit(new BrokerEvent.SessionSubscribed(c.clientId, username(c), filter, grantedQos, now()));
        }
    }

    static void sessionUnsubscribed(MqttConnection c, String filter) {
        EventHub hub = c.broker.events();
        if (hub.wants(EventType.SESSION_UNSUBSCRIBED)) {
            hub.emit(new BrokerEvent.SessionUnsubscribed(c.clientId, username(c), filter, now()));
        }
    }

    /** A PUBLISH written to this subscriber. */
    static void delivered(MqttConnection c, Message m, int qos, boolean retain) {
        EventHub hub = c.broker.events();
        if (hub.wants(EventType.MESSAGE_DELIVERED)) {
            hub.emit(new BrokerEvent.MessageDelivered(c.clientId, username(c), new MessageInfo(m.publisherClientId(),
                    publisherUsername(c, m), m.topic(), qos, retain, m.payload(), now())));
        }
    }

    private static String publisherUsername(MqttConnection c, Message m) {
        if (m.publisherClientId() == null) {
            return null;
        }
        Session s = c.broker.sessions().get(m.publisherClientId());
        return s != null ? s.identity().username() : null;
    }

    private static String username(MqttConnection c) {
        return c.identity != null ? c.identity.username() : null;
    }

    /** The connected client's info, built once per connection (after authentication) and reused. */
    private static ClientInfo client(MqttConnection c) {
        ClientInfo cached = c.eventClient;
        if (cached != null) {
            return cached;
        }
        ClientInfo info = info(c, c.clientId != null ? c.clientId : c.requestedClientId,
                c.identity != null ? c.identity.username() : null);
        if (c.session != null) {
            c.eventClient = info; // the identity is final from here on
        }
        return info;
    }

    private static ClientInfo info(MqttConnection c, String clientId, String username) {
        ConnectionInfo ci = ConnectionInfo.of(c.channel);
        InetSocketAddress address = ci != null && ci.clientAddress() != null ? ci.clientAddress()
                : c.channel.remoteAddress() instanceof InetSocketAddress a ? a : null;
        return new ClientInfo(clientId, username, address, ci != null ? ci.listener().id() : "", c.version.level(),
                c.version.protocolName(), c.keepAliveSeconds, c.cleanStart);
    }

    private static long now() {
        return System.currentTimeMillis();
    }
}
