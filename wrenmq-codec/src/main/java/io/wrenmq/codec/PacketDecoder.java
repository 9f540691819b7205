package io.wrenmq.codec;

/**
 * Decodes the body of one frame of one packet type for one protocol family. The fixed header (type,
 * reserved flags except PUBLISH's, remaining length) has been checked by {@link MqttDecoder}; {@code flags}
 * is the low nibble of the first byte. Rule violations are thrown as {@link DecodeException}.
 */
@FunctionalInterface
interface PacketDecoder {
    MqttPacket decode(FrameReader r, int flags, MqttDecoder decoder);
}
