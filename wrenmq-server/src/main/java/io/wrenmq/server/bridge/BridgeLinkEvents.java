package io.wrenmq.server.bridge;

import io.netty.util.NetUtil;
import io.wrenmq.broker.hook.BrokerEvent;
import io.wrenmq.broker.hook.ClientInfo;
import io.wrenmq.broker.hook.EventHub;
import io.wrenmq.broker.hook.EventType;
import io.wrenmq.codec.ReasonCode;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Locale;

/**
 * A bridge's link going up and down, as the broker events {@code client_connected} and {@code client_disconnected} of
 * the client {@code $bridge/<name>}, so that WebHooks and the event topics see it (NanoMQ publishes its bridge's
 * connects and disconnects as client events on {@code $SYS/brokers/connected|disconnected} too).
 *
 * <p>The bridge's forward session is attached and detached through the in-process API, which raises no client events
 * (an in-process subscriber is not a network client; the session is also attached once before the first connection
 * only to be created). So the events come from here, once per change of the link: {@link #up} when the remote's
 * CONNACK is in, {@link #down} when that link ends; a down without an up before it is ignored. The peer address is the
 * remote server (unresolved when it is a host name: no DNS lookup on the bridge's loop). Confined to the bridge's loop.
 */
final class BridgeLinkEvents {
    private final BridgeConfig config;
    private final EventHub events;
    private BridgeServer linkedTo; // null while the link is down
    private long connectedAtMillis;

    BridgeLinkEvents(BridgeConfig config, EventHub events) {
        this.config = config;
        this.events = events;
    }

    /** The link is up: CONNACK from {@code server}. */
    void up(BridgeServer server, boolean sessionPresent) {
        linkedTo = server;
        connectedAtMillis = System.currentTimeMillis();
        if (events.wants(EventType.CLIENT_CONNECTED)) {
            events.emit(new BrokerEvent.ClientConnected(client(server), sessionPresent, connectedAtMillis));
        }
    }

    /**
     * The link went down: {@code reasonCode} is the remote's DISCONNECT reason, SUCCESS when the bridge stopped, null
     * when the connection just ended (the event's reason is then "closed", as for a client's socket).
     */
    void down(ReasonCode reasonCode) {
        BridgeServer server = linkedTo;
        if (server == null) {
            return;
        }
        linkedTo = null;
        if (events.wants(EventType.CLIENT_DISCONNECTED)) {
            String reason = reasonCode == null ? "closed" : reasonCode == ReasonCode.SUCCESS ? "normal"
                    : reasonCode.name().toLowerCase(Locale.ROOT);
            events.emit(new BrokerEvent.ClientDisconnected(client(server), reason, reasonCode, connectedAtMillis,
                    System.currentTimeMillis()));
        }
    }

    private ClientInfo client(BridgeServer server) {
        return new ClientInfo(config.sessionName(), config.username(), address(server), "bridge:" + config.name(),
                config.version().level(), config.version().protocolName(),
                (int) Math.min(65535, config.keepAlive().toSeconds()), config.cleanStart());
    }

    private static InetSocketAddress address(BridgeServer server) {
        InetAddress literal = NetUtil.createInetAddressFromIpAddressString(server.host());
        return literal != null ? new InetSocketAddress(literal, server.port())
                : InetSocketAddress.createUnresolved(server.host(), server.port());
    }
}
