package io.wrenmq.broker.session;

/**
 * What an operator sees of a live connection (REST {@code /api/v4/clients}): a snapshot taken on the
 * connection's loop, so it is consistent and safe to hand to another thread.
 *
 * @param protoName          "MQTT" or "MQIsdp"
 * @param protoVer           the protocol level: 3, 4 or 5
 * @param keepAlive          the keep alive in force, in seconds (the Server Keep Alive when the broker set one)
 * @param cleanStart         the CONNECT's Clean Start (v3: Clean Session) flag
 * @param connectedAtMillis  when the CONNACK went out
 * @param ipAddress          the client's address
 * @param port               the client's port
 * @param listener           the listener id ("tcp:default")
 */
public record ConnectionDetails(String protoName, int protoVer, int keepAlive, boolean cleanStart,
        long connectedAtMillis, String ipAddress, int port, String listener) {
}
