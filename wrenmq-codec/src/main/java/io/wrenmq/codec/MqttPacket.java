package io.wrenmq.codec;

/**
 * An MQTT control packet. Packets are immutable values; only {@link Publish} holds a reference-counted
 * payload (see its ownership note).
 */
public sealed interface MqttPacket
        permits Connect, Connack, Publish, PubAck, PubRec, PubRel, PubComp, Subscribe, SubAck, Unsubscribe,
        UnsubAck, PingReq, PingResp, Disconnect, Auth {

    PacketType type();
}
