package io.wrenmq.broker.session;

import io.wrenmq.broker.auth.ClientIdentity;
import io.wrenmq.broker.message.Message;
import io.wrenmq.codec.MqttVersion;
import io.wrenmq.codec.ReasonCode;

/**
 * What a {@link Session} needs from the network connection it is attached to. Every method is called on
 * the connection's event loop, which is also the session's loop while it is attached.
 */
public interface SessionConnection {
    MqttVersion version();

    /**
     * Encodes and writes one PUBLISH (flushed at the end of the loop turn). Returns false, without writing,
     * when the packet would exceed the client's Maximum Packet Size [MQTT-3.1.2-24, MQTT-3.1.2-25].
     */
    boolean sendPublish(Message message, int qos, boolean retain, int packetId, boolean dup, int[] subscriptionIds);

    void sendPubRel(int packetId);

    /** The client's Receive Maximum: how many QoS 1/2 PUBLISH it accepts unacknowledged [MQTT-3.3.4-7]. */
    int receiveMaximum();

    /** Whether the socket can take more without growing Netty's outbound buffer past its high-water mark. */
    boolean isWritable();

    /**
     * This connection's own session has a full queue and holds its publishers back: the connection must keep reading
     * (the acknowledgements that drain the queue come that way), even if it was paused as a publisher itself.
     */
    void queueCongested();

    /** Closes this connection because another connection took its session over [MQTT-3.1.4-3]. */
    void closeForTakeover();

    String remoteAddress();

    /** Who the client is, as authentication settled it at CONNECT. */
    ClientIdentity identity();

    /** A snapshot of this connection for operators (REST API). */
    ConnectionDetails details();

    /**
     * Closes this connection at the broker's decision (an operator's kick, a ban): {@code why} is logged with the
     * client; an MQTT 5 client gets DISCONNECT with {@code reason} (and {@code why} as its Reason String) first.
     */
    void close(ReasonCode reason, String why);
}
