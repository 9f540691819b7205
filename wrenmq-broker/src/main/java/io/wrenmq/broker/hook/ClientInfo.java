package io.wrenmq.broker.hook;

import java.net.InetSocketAddress;

/**
 * Who a client event is about, as known when the event happened.
 *
 * @param username   null when the client sent none
 * @param address    the client's address (behind a proxy, the forwarded one); null when unknown
 * @param listener   the listener id, e.g. {@code tcp:default}
 * @param protoVer   3 (MQTT 3.1), 4 (3.1.1) or 5
 * @param protoName  {@code MQIsdp} for 3.1, {@code MQTT} otherwise
 * @param keepAlive  the keep alive in force, seconds
 */
public record ClientInfo(String clientId, String username, InetSocketAddress address, String listener,
        int protoVer, String protoName, int keepAlive, boolean cleanStart) {

    /** The client's IP address as text ("127.0.0.1", "::1"), or "" when unknown. */
    public String ipAddress() {
        return address != null && address.getAddress() != null ? address.getAddress().getHostAddress() : "";
    }
}
