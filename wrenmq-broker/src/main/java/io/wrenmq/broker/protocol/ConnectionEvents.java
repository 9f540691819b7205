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
import io.wrenmq.codec.MqttVersion;
import io.wrenmq.codec.ReasonCode;
import io.wrenmq.codec.Subscribe;
import io.wrenmq.codec.Unsubscribe;
import java.util.Locale;

/**
 * The connection's emission points of broker events, one line each at the call site. Every method checks
 * {@link EventHub#wants} first: without a listener for the type nothing is built.
 */
final class ConnectionEvents {
    private ConnectionEvents() {
    }

    /** CONNECT received, before validation and authentication. */
    static void connect(MqttConnection c, Connect connect) {
        EventHub hub = c.broker().events();
        if (hub.wants(EventType.CLIENT_CONNECT)) {
            hub.emit(new BrokerEvent.ClientConnect(info(c, connect.clientId(), connect.username(), connect.version(),
                    connect.keepAlive(), connect.cleanStart()), now()));
        }
    }

    /** CONNACK written: success or the refusal's reason. */
    static void connack(MqttConnection c, ReasonCode reason, String why) {
        EventHub hub = c.broker().events();
        if (hub.wants(EventType.CLIENT_CONNACK)) {
            hub.emit(new BrokerEvent.ClientConnack(c.eventClient(), reason, why, now()));
        }
    }

    /** A refusing CONNACK written before anything was negotiated: the client as its CONNECT named it. */
    static void connack(MqttConnection c, ClientInfo client, ReasonCode reason, String why) {
        EventHub hub = c.broker().events();
        if (hub.wants(EventType.CLIENT_CONNACK)) {
            hub.emit(new BrokerEvent.ClientConnack(client, reason, why, now()));
        }
    }

    static void connected(MqttConnection c, boolean sessionPresent) {
        EventHub hub = c.broker().events();
        if (hub.wants(EventType.CLIENT_CONNECTED)) {
            hub.emit(new BrokerEvent.ClientConnected(c.eventClient(), sessionPresent, c.connectedAtMillis()));
        }
    }

    static void disconnected(MqttConnection c) {
        EventHub hub = c.broker().events();
        if (hub.wants(EventType.CLIENT_DISCONNECTED)) {
            ReasonCode code = c.closeReasonCode();
            String reason = code == null ? "closed" : code == ReasonCode.SUCCESS ? "normal"
                    : code.name().toLowerCase(Locale.ROOT);
            hub.emit(new BrokerEvent.ClientDisconnected(c.eventClient(), reason, code, c.connectedAtMillis(), now()));
        }
    }

    static void subscribe(MqttConnection c, Subscribe s) {
        EventHub hub = c.broker().events();
        if (hub.wants(EventType.CLIENT_SUBSCRIBE)) {
            hub.emit(new BrokerEvent.ClientSubscribe(c.eventClient(), s.subscriptions(), now()));
        }
    }

    static void unsubscribe(MqttConnection c, Unsubscribe u) {
        EventHub hub = c.broker().events();
        if (hub.wants(EventType.CLIENT_UNSUBSCRIBE)) {
            hub.emit(new BrokerEvent.ClientUnsubscribe(c.eventClient(), u.topicFilters(), now()));
        }
    }

    static void sessionSubscribed(MqttConnection c, String filter, int grantedQos) {
        EventHub hub = c.broker().events();
        if (hub.wants(EventType.SESSION_SUBSCRIBED)) {
            hub.emit(new BrokerEvent.SessionSubscribed(c.clientId(), c.identity().username(), filter, grantedQos,
                    now()));
        }
    }

    static void sessionUnsubscribed(MqttConnection c, String filter) {
        EventHub hub = c.broker().events();
        if (hub.wants(EventType.SESSION_UNSUBSCRIBED)) {
            hub.emit(new BrokerEvent.SessionUnsubscribed(c.clientId(), c.identity().username(), filter, now()));
        }
    }

    /** A PUBLISH written to this subscriber. */
    static void delivered(MqttConnection c, Message m, int qos, boolean retain) {
        EventHub hub = c.broker().events();
        if (hub.wants(EventType.MESSAGE_DELIVERED)) {
            hub.emit(new BrokerEvent.MessageDelivered(c.clientId(), c.identity().username(), new MessageInfo(
                    m.publisherClientId(), publisherUsername(c, m), m.topic(), qos, retain, m.payload(), now())));
        }
    }

    private static String publisherUsername(MqttConnection c, Message m) {
        if (m.publisherClientId() == null) {
            return null;
        }
        Session s = c.broker().sessions().get(m.publisherClientId());
        return s != null ? s.identity().username() : null;
    }

    /** The client of an accepted CONNECT, as events describe it (MqttConnection#eventClient caches it). */
    static ClientInfo describe(MqttConnection c) {
        Negotiated n = c.negotiated();
        return info(c, n.clientId(), c.identity().username(), n.version(), n.keepAliveSeconds(), n.cleanStart());
    }

    /** The client of a CONNECT refused before anything was negotiated: as the CONNECT named it, no username yet. */
    static ClientInfo describe(MqttConnection c, Connect connect) {
        return info(c, connect.clientId(), null, connect.version(), connect.keepAlive(), connect.cleanStart());
    }

    private static ClientInfo info(MqttConnection c, String clientId, String username, MqttVersion version,
            int keepAlive, boolean cleanStart) {
        ConnectionInfo ci = ConnectionInfo.of(c.channel());
        return new ClientInfo(clientId, username, PeerAddress.client(c.channel()), ci != null ? ci.listener().id() : "",
                version.level(), version.protocolName(), keepAlive, cleanStart);
    }

    private static long now() {
        return System.currentTimeMillis();
    }
}
