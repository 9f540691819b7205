package io.wrenmq.codec;

/** PINGREQ (section 3.12). */
public record PingReq() implements MqttPacket {
    public static final PingReq INSTANCE = new PingReq();

    @Override
    public PacketType type() {
        return PacketType.PINGREQ;
    }
}
