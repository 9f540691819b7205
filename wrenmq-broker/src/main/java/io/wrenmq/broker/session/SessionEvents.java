package io.wrenmq.broker.session;

import io.wrenmq.broker.hook.BrokerEvent;
import io.wrenmq.broker.hook.EventHub;
import io.wrenmq.broker.hook.EventType;
import io.wrenmq.broker.hook.MessageInfo;
import io.wrenmq.broker.message.Message;

/** The session's emission points of broker events; nothing is built without a listener for the type. */
final class SessionEvents {
    private SessionEvents() {
    }

    static void terminated(Session s, EventHub hub, String reason) {
        if (hub.wants(EventType.SESSION_TERMINATED)) {
            hub.emit(new BrokerEvent.SessionTerminated(s.clientId(), s.identity().username(), reason,
                    System.currentTimeMillis()));
        }
    }

    /** A subscriber acknowledged {@code m} (PUBACK for QoS 1, PUBCOMP for QoS 2). */
    static void acked(Session s, SessionRegistry registry, Message m, int qos) {
        EventHub hub = registry.events();
        if (hub.wants(EventType.MESSAGE_ACKED)) {
            Session publisher = m.publisherClientId() != null ? registry.get(m.publisherClientId()) : null;
            hub.emit(new BrokerEvent.MessageAcked(s.clientId(), s.identity().username(), new MessageInfo(
                    m.publisherClientId(), publisher != null ? publisher.identity().username() : null, m.topic(), qos,
                    m.retained(), m.payload(), System.currentTimeMillis())));
        }
    }
}
