package io.wrenmq.codec;

import io.netty.buffer.ByteBuf;
import java.util.List;

/**
 * Remaining-length sizes and body writers for every packet except PUBLISH (which {@link MqttEncoder}
 * handles on its own fast path). {@link #bodySize} and {@link #writeBody} must agree byte for byte: the
 * encoder allocates exactly the size once.
 */
final class BodyEncoder {
    private BodyEncoder() {
    }

    /** The first byte of the fixed header: type and the reserved flags [MQTT-2.1.3-1]. */
    static int firstByte(MqttPacket p) {
        int type = p.type().value();
        return type << 4 | Math.max(DecoderTable.FIXED_FLAGS[type], 0);
    }

    static int bodySize(MqttPacket p, MqttVersion version) {
        boolean v5 = version.isV5();
        switch (p.type()) {
            case CONNECT: return connectSize((Connect) p);
            case CONNACK: return 2 + (v5 ? PropertiesEncoder.sizeWithLength(((Connack) p).properties()) : 0);
            case PUBACK: { PubAck a = (PubAck) p; return ackSize(a.reasonCode(), a.properties(), v5); }
            case PUBREC: { PubRec a = (PubRec) p; return ackSize(a.reasonCode(), a.properties(), v5); }
            case PUBREL: { PubRel a = (PubRel) p; return ackSize(a.reasonCode(), a.properties(), v5); }
            case PUBCOMP: { PubComp a = (PubComp) p; return ackSize(a.reasonCode(), a.properties(), v5); }
            case SUBSCRIBE: {
                Subscribe s = (Subscribe) p;
                int size = 2 + (v5 ? PropertiesEncoder.sizeWithLength(s.properties()) : 0);
                for (Subscription sub : s.subscriptions()) {
                    size += 3 + WireFormat.utf8Length(sub.topicFilter());
                }
                return size;
            }
            case SUBACK: {
                SubAck s = (SubAck) p;
                return 2 + (v5 ? PropertiesEncoder.sizeWithLength(s.properties()) : 0) + s.reasonCodes().size();
            }
            case UNSUBSCRIBE: {
                Unsubscribe u = (Unsubscribe) p;
                int size = 2 + (v5 ? PropertiesEncoder.sizeWithLength(u.properties()) : 0);
                for (String f : u.topicFilters()) {
                    size += 2 + WireFormat.utf8Length(f);
                }
                return size;
            }
            case UNSUBACK: {
                // v3 UNSUBACK is the packet identifier only (section 3.11 of 3.1.1).
                UnsubAck u = (UnsubAck) p;
                return v5 ? 2 + PropertiesEncoder.sizeWithLength(u.properties()) + u.reasonCodes().size() : 2;
            }
            case PINGREQ: case PINGRESP: return 0;
            case DISCONNECT: {
                Disconnect d = (Disconnect) p;
                return v5 ? shortFormSize(d.reasonCode(), d.properties()) : 0;
            }
            case AUTH: {
                if (!v5) {
                    throw new IllegalArgumentException("AUTH exists only in MQTT 5");
                }
                Auth a = (Auth) p;
                // Remaining Length 0 only for Success without properties; otherwise the property length is
                // always there (section 3.15.2.2).
                return a.reasonCode() == ReasonCode.SUCCESS && a.properties().isEmpty() ? 0
                        : 1 + PropertiesEncoder.sizeWithLength(a.properties());
            }
            default: throw new IllegalArgumentException("not a body-encoded packet: " + p.type());
        }
    }

    /** v5 acks use the short forms: 2 bytes for Success without properties, 3 for a bare reason code. */
    private static int ackSize(ReasonCode reason, Properties properties, boolean v5) {
        return v5 ? 2 + shortFormSize(reason, properties) : 2;
    }

    /** Reason code and property length are omitted when they say nothing (sections 3.4.2.1, 3.14.2.1). */
    private static int shortFormSize(ReasonCode reason, Properties properties) {
        if (properties.isEmpty()) {
            return reason == ReasonCode.SUCCESS ? 0 : 1;
        }
        return 1 + PropertiesEncoder.sizeWithLength(properties);
    }

    private static int connectSize(Connect c) {
        MqttVersion v = c.version();
        int size = 2 + WireFormat.utf8Length(v.protocolName()) + 1 + 1 + 2;
        if (v.isV5()) {
            size += PropertiesEncoder.sizeWithLength(c.properties());
        }
        size += 2 + WireFormat.utf8Length(c.clientId());
        Will w = c.will();
        if (w != null) {
            if (v.isV5()) {
                size += PropertiesEncoder.sizeWithLength(w.properties());
            }
            size += 2 + WireFormat.utf8Length(w.topic()) + WireFormat.binarySize(w.payload());
        }
        if (c.username() != null) {
            size += 2 + WireFormat.utf8Length(c.username());
        }
        if (c.password() != null) {
            size += WireFormat.binarySize(c.password());
        }
        return size;
    }

    static void writeBody(ByteBuf buf, MqttPacket p, MqttVersion version) {
        boolean v5 = version.isV5();
        switch (p.type()) {
            case CONNECT: writeConnect(buf, (Connect) p); break;
            case CONNACK: {
                Connack c = (Connack) p;
                // MQTT 3.1 has no Session Present flag: the byte is reserved.
                buf.writeByte(c.sessionPresent() && version != MqttVersion.V3_1 ? 1 : 0);
                if (v5) {
                    buf.writeByte(c.reasonCode().value());
                    writeProperties(buf, c.properties());
                } else {
                    buf.writeByte(V3ReturnCodes.connackReturnCode(c.reasonCode()));
                }
                break;
            }
            case PUBACK: { PubAck a = (PubAck) p; writeAck(buf, a.packetId(), a.reasonCode(), a.properties(), v5); break; }
            case PUBREC: { PubRec a = (PubRec) p; writeAck(buf, a.packetId(), a.reasonCode(), a.properties(), v5); break; }
            case PUBREL: { PubRel a = (PubRel) p; writeAck(buf, a.packetId(), a.reasonCode(), a.properties(), v5); break; }
            case PUBCOMP: { PubComp a = (PubComp) p; writeAck(buf, a.packetId(), a.reasonCode(), a.properties(), v5); break; }
            case SUBSCRIBE: {
                Subscribe s = (Subscribe) p;
                buf.writeShort(s.packetId());
                if (v5) {
                    writeProperties(buf, s.properties());
                }
                for (Subscription sub : s.subscriptions()) {
                    WireFormat.writeString(buf, sub.topicFilter(), WireFormat.utf8Length(sub.topicFilter()));
                    int options = sub.qos();
                    if (v5) {
                        options |= (sub.noLocal() ? 0x04 : 0) | (sub.retainAsPublished() ? 0x08 : 0)
                                | sub.retainHandling() << 4;
                    }
                    buf.writeByte(options);
                }
                break;
            }
            case SUBACK: {
                SubAck s = (SubAck) p;
                buf.writeShort(s.packetId());
                if (v5) {
                    writeProperties(buf, s.properties());
                }
                writeSubAckCodes(buf, s.reasonCodes(), v5);
                break;
            }
            case UNSUBSCRIBE: {
                Unsubscribe u = (Unsubscribe) p;
                buf.writeShort(u.packetId());
                if (v5) {
                    writeProperties(buf, u.properties());
                }
                for (String f : u.topicFilters()) {
                    WireFormat.writeString(buf, f, WireFormat.utf8Length(f));
                }
                break;
            }
            case UNSUBACK: {
                UnsubAck u = (UnsubAck) p;
                buf.writeShort(u.packetId());
                if (v5) {
                    writeProperties(buf, u.properties());
                    for (ReasonCode rc : u.reasonCodes()) {
                        buf.writeByte(rc.value());
                    }
                }
                break;
            }
            case PINGREQ: case PINGRESP: break;
            case DISCONNECT: {
                Disconnect d = (Disconnect) p;
                if (v5) {
                    writeShortForm(buf, d.reasonCode(), d.properties());
                }
                break;
            }
            case AUTH: {
                Auth a = (Auth) p;
                if (a.reasonCode() != ReasonCode.SUCCESS || !a.properties().isEmpty()) {
                    buf.writeByte(a.reasonCode().value());
                    writeProperties(buf, a.properties());
                }
                break;
            }
            default: throw new IllegalArgumentException("not a body-encoded packet: " + p.type());
        }
    }

    /** v3 SUBACK knows only granted QoS 0-2 and 0x80 Failure [MQTT-3.9.3-2]: every error becomes 0x80. */
    private static void writeSubAckCodes(ByteBuf buf, List<ReasonCode> codes, boolean v5) {
        for (ReasonCode rc : codes) {
            int v = rc.value();
            buf.writeByte(v5 || v <= 2 ? v : 0x80);
        }
    }

    private static void writeAck(ByteBuf buf, int packetId, ReasonCode reason, Properties properties, boolean v5) {
        buf.writeShort(packetId);
        if (v5) {
            writeShortForm(buf, reason, properties);
        }
    }

    private static void writeShortForm(ByteBuf buf, ReasonCode reason, Properties properties) {
        if (properties.isEmpty()) {
            if (reason != ReasonCode.SUCCESS) {
                buf.writeByte(reason.value());
            }
            return;
        }
        buf.writeByte(reason.value());
        writeProperties(buf, properties);
    }

    private static void writeProperties(ByteBuf buf, Properties properties) {
        PropertiesEncoder.write(buf, properties, PropertiesEncoder.size(properties));
    }

    private static void writeConnect(ByteBuf buf, Connect c) {
        MqttVersion v = c.version();
        boolean v5 = v.isV5();
        WireFormat.writeString(buf, v.protocolName(), v.protocolName().length());
        buf.writeByte(v.level());
        Will w = c.will();
        int flags = (c.username() != null ? 0x80 : 0) | (c.password() != null ? 0x40 : 0)
                | (c.cleanStart() ? 0x02 : 0);
        if (w != null) {
            flags |= 0x04 | w.qos() << 3 | (w.retain() ? 0x20 : 0);
        }
        buf.writeByte(flags);
        buf.writeShort(c.keepAlive());
        if (v5) {
            writeProperties(buf, c.properties());
        }
        WireFormat.writeString(buf, c.clientId(), WireFormat.utf8Length(c.clientId()));
        if (w != null) {
            if (v5) {
                writeProperties(buf, w.properties());
            }
            WireFormat.writeString(buf, w.topic(), WireFormat.utf8Length(w.topic()));
            WireFormat.writeBinary(buf, w.payload());
        }
        if (c.username() != null) {
            WireFormat.writeString(buf, c.username(), WireFormat.utf8Length(c.username()));
        }
        if (c.password() != null) {
            WireFormat.writeBinary(buf, c.password());
        }
    }
}
