package io.wrenmq.broker.hook;

import io.wrenmq.broker.message.Publisher;
import io.wrenmq.codec.Properties;
import io.wrenmq.codec.ReasonCode;
import io.wrenmq.codec.Subscription;
import java.util.List;
import java.util.Locale;

/** The immutable event records passed to {@link BrokerEvents}; timestamps are milliseconds since the epoch. */
public sealed interface BrokerEvent {
    EventType type();

    long timestamp();

    /** A CONNECT arrived, before validation and authentication (the client is what it claims to be). */
    record ClientConnect(ClientInfo client, long timestamp) implements BrokerEvent {
        public EventType type() { return EventType.CLIENT_CONNECT; }
    }

    /** The CONNACK sent: {@link ReasonCode#SUCCESS} or the refusal's reason (bad password, banned, ...). */
    record ClientConnack(ClientInfo client, ReasonCode reason, String why, long timestamp) implements BrokerEvent {
        public EventType type() { return EventType.CLIENT_CONNACK; }

        /** "success" or the refusal as a name, e.g. "bad_user_name_or_password" (NanoMQ's conn_ack). */
        public String connAck() {
            return reason == ReasonCode.SUCCESS ? "success" : Names.snake(reason.name());
        }
    }

    /** The client is connected: authenticated, session attached, CONNACK written. */
    record ClientConnected(ClientInfo client, boolean sessionPresent, long timestamp) implements BrokerEvent {
        public EventType type() { return EventType.CLIENT_CONNECTED; }
    }

    /**
     * A connected client's connection closed. {@code reason}: normal (DISCONNECT 0x00), or the v5 reason code's
     * name (keep_alive_timeout, session_taken_over, protocol_error, not_authorized, ...), or closed (the socket
     * closed without DISCONNECT).
     */
    record ClientDisconnected(ClientInfo client, String reason, ReasonCode reasonCode, long connectedAt,
            long timestamp) implements BrokerEvent {
        public EventType type() { return EventType.CLIENT_DISCONNECTED; }
    }

    /** A SUBSCRIBE as the client sent it (before ACL and limits). */
    record ClientSubscribe(ClientInfo client, List<Subscription> subscriptions, long timestamp) implements BrokerEvent {
        public EventType type() { return EventType.CLIENT_SUBSCRIBE; }
    }

    /** An UNSUBSCRIBE as the client sent it. */
    record ClientUnsubscribe(ClientInfo client, List<String> topicFilters, long timestamp) implements BrokerEvent {
        public EventType type() { return EventType.CLIENT_UNSUBSCRIBE; }
    }

    /** A subscription granted to a session, with the QoS granted. */
    record SessionSubscribed(String clientId, String username, String topicFilter, int qos, long timestamp)
            implements BrokerEvent {
        public EventType type() { return EventType.SESSION_SUBSCRIBED; }
    }

    /** A subscription removed from a session by UNSUBSCRIBE. */
    record SessionUnsubscribed(String clientId, String username, String topicFilter, long timestamp)
            implements BrokerEvent {
        public EventType type() { return EventType.SESSION_UNSUBSCRIBED; }
    }

    /**
     * A session ended. {@code reason}: normal (its connection closed with session expiry 0), expired, discarded
     * (a Clean Start connection replaced it) or taken_over (taken over with session expiry 0).
     */
    record SessionTerminated(String clientId, String username, String reason, long timestamp) implements BrokerEvent {
        public EventType type() { return EventType.SESSION_TERMINATED; }
    }

    /**
     * A PUBLISH from a client passed every check and is about to be routed. {@code publisher} (null for the broker's
     * own messages) and {@code properties} are the message's own, for listeners that need more than the WebHooks'
     * fields (the rule engine reads the publisher's address and the user properties).
     */
    record MessagePublish(MessageInfo message, Publisher publisher, Properties properties) implements BrokerEvent {
        public EventType type() { return EventType.MESSAGE_PUBLISH; }
        public long timestamp() { return message.timestamp(); }
    }

    /** A PUBLISH was written to a subscriber ({@code qos}: the delivery's QoS). */
    record MessageDelivered(String clientId, String username, MessageInfo message) implements BrokerEvent {
        public EventType type() { return EventType.MESSAGE_DELIVERED; }
        public long timestamp() { return message.timestamp(); }
    }

    /** A subscriber acknowledged a delivery: PUBACK (QoS 1) or PUBCOMP (QoS 2). */
    record MessageAcked(String clientId, String username, MessageInfo message) implements BrokerEvent {
        public EventType type() { return EventType.MESSAGE_ACKED; }
        public long timestamp() { return message.timestamp(); }
    }

    /** Enum constant names as event fields use them. */
    final class Names {
        private Names() {
        }

        static String snake(String enumName) {
            return enumName.toLowerCase(Locale.ROOT);
        }
    }
}
