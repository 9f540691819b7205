package io.wrenmq.broker.sys;

import io.wrenmq.broker.api.Publication;
import io.wrenmq.codec.TopicSyntax;
import io.wrenmq.broker.hook.BrokerEvent;
import io.wrenmq.broker.hook.BrokerEvents;
import io.wrenmq.broker.hook.ClientInfo;
import io.wrenmq.broker.hook.EventType;
import io.wrenmq.broker.hook.JsonText;
import java.util.EnumSet;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Publishes client connects and disconnects as messages (QoS 0, not retained): EMQX's
 * {@code $SYS/brokers/<node>/clients/<clientid>/connected|disconnected} and NanoMQ's
 * {@code $SYS/brokers/connected|disconnected}, each with its own JSON shape. Runs on the connection's event loop
 * (routing is non-blocking); clients cannot publish into {@code $SYS}, so the messages are the broker's own.
 */
public final class EventTopicPublisher implements BrokerEvents {
    private final String nodePrefix;
    private final Consumer<Publication> publisher;

    /** @param publisher the broker's publish path ({@code WrenBroker.publish}) */
    public EventTopicPublisher(String nodeName, Consumer<Publication> publisher) {
        this.nodePrefix = "$SYS/brokers/" + nodeName + "/clients/";
        this.publisher = publisher;
    }

    @Override
    public Set<EventType> interests() {
        return EnumSet.of(EventType.CLIENT_CONNECTED, EventType.CLIENT_DISCONNECTED);
    }

    @Override
    public void onEvent(BrokerEvent event) {
        if (event instanceof BrokerEvent.ClientConnected e) {
            ClientInfo c = e.client();
            publish(nodePrefix + c.clientId() + "/connected", emqx(c, "connected_at", e.timestamp(), null));
            publish("$SYS/brokers/connected", nanomq(c, e.timestamp(), "0", null));
        } else if (event instanceof BrokerEvent.ClientDisconnected e) {
            ClientInfo c = e.client();
            publish(nodePrefix + c.clientId() + "/disconnected", emqx(c, "disconnected_at", e.timestamp(), e.reason()));
            String code = e.reasonCode() == null ? "0" : Integer.toHexString(e.reasonCode().value());
            publish("$SYS/brokers/disconnected", nanomq(c, e.timestamp(), code, e.reason()));
        }
    }

    /** EMQX 4's shape; times in seconds as EMQX writes them. */
    private static String emqx(ClientInfo c, String atName, long at, String reason) {
        JsonText j = new JsonText()
                .field("clientid", c.clientId())
                .field("username", c.username())
                .field("ipaddress", c.ipAddress())
                .field("proto_ver", c.protoVer())
                .field("keepalive", c.keepAlive())
                .field("clean_start", c.cleanStart())
                .field(atName, at / 1000);
        if (reason != null) {
            j.field("reason", reason);
        }
        return j.end();
    }

    /** NanoMQ's shape (nanomq.md a1); ts in milliseconds, return_code as hex text. */
    private static String nanomq(ClientInfo c, long ts, String returnCode, String reason) {
        JsonText j = new JsonText()
                .field("username", c.username())
                .field("ts", ts)
                .field("proto_name", c.protoName())
                .field("keepalive", c.keepAlive())
                .field("return_code", returnCode)
                .field("proto_ver", c.protoVer())
                .field("client_id", c.clientId())
                .field("clean_start", c.cleanStart() ? 1 : 0)
                .field("IPv4", c.ipAddress());
        if (reason != null) {
            j.field("reason", reason);
        }
        return j.end();
    }

    private void publish(String topic, String json) {
        if (TopicSyntax.invalidNameReason(topic) != null) {
            return; // a client id with '+' or '#' makes no valid topic name [MQTT-3.3.2-2]: no event topic for it
        }
        publisher.accept(Publication.of(topic, json).system());
    }
}
