package io.wrenmq.codec;

import io.netty.buffer.ByteBuf;
import java.util.List;

/**
 * Sizes and writes an MQTT 5 property list (section 2.2.2). Properties are written in identifier order,
 * then Subscription Identifiers, then User Properties in their order [MQTT-3.3.2-18]. The encoder trusts
 * its caller to put only properties allowed in the packet.
 */
final class PropertiesEncoder {
    private static final PropertyId[] ALL = PropertyId.values();

    private PropertiesEncoder() {
    }

    /** The property list's length (without its own Variable Byte Integer length prefix). */
    static int size(Properties p) {
        if (p.isEmpty()) {
            return 0;
        }
        int size = 0;
        for (PropertyId id : ALL) {
            if (p.has(id)) {
                size += 1 + valueSize(id, p);
            }
        }
        for (int i = 0, n = p.subscriptionIdentifierCount(); i < n; i++) {
            size += 1 + WireFormat.varIntSize(p.subscriptionIdentifier(i));
        }
        List<UserProperty> user = p.userProperties();
        for (int i = 0, n = user.size(); i < n; i++) {
            UserProperty u = user.get(i);
            size += 5 + WireFormat.utf8Length(u.name()) + WireFormat.utf8Length(u.value());
        }
        return size;
    }

    /** Length prefix plus list. */
    static int sizeWithLength(Properties p) {
        int size = size(p);
        return WireFormat.varIntSize(size) + size;
    }

    private static int valueSize(PropertyId id, Properties p) {
        switch (id.type()) {
            case BYTE: return 1;
            case TWO_BYTE_INTEGER: return 2;
            case FOUR_BYTE_INTEGER: return 4;
            case UTF8_STRING: return 2 + WireFormat.utf8Length(p.getString(id));
            case BINARY_DATA: return WireFormat.binarySize(p.getBinary(id));
            default: throw new IllegalStateException(id + " is not single-valued");
        }
    }

    /** Writes the length prefix (the value {@link #size} returned) and the list. */
    static void write(ByteBuf buf, Properties p, int size) {
        WireFormat.writeVarInt(buf, size);
        if (size == 0) {
            return;
        }
        for (PropertyId id : ALL) {
            if (!p.has(id)) {
                continue;
            }
            buf.writeByte(id.id());
            switch (id.type()) {
                case BYTE:
                    buf.writeByte((int) p.getLong(id, 0));
                    break;
                case TWO_BYTE_INTEGER:
                    buf.writeShort((int) p.getLong(id, 0));
                    break;
                case FOUR_BYTE_INTEGER:
                    buf.writeInt((int) p.getLong(id, 0));
                    break;
                case UTF8_STRING: {
                    String s = p.getString(id);
                    WireFormat.writeString(buf, s, WireFormat.utf8Length(s));
                    break;
                }
                case BINARY_DATA:
                    WireFormat.writeBinary(buf, p.getBinary(id));
                    break;
                default:
                    throw new IllegalStateException(id + " is not single-valued");
            }
        }
        for (int i = 0, n = p.subscriptionIdentifierCount(); i < n; i++) {
            buf.writeByte(PropertyId.SUBSCRIPTION_IDENTIFIER.id());
            WireFormat.writeVarInt(buf, p.subscriptionIdentifier(i));
        }
        List<UserProperty> user = p.userProperties();
        for (int i = 0, n = user.size(); i < n; i++) {
            UserProperty u = user.get(i);
            buf.writeByte(PropertyId.USER_PROPERTY.id());
            WireFormat.writeString(buf, u.name(), WireFormat.utf8Length(u.name()));
            WireFormat.writeString(buf, u.value(), WireFormat.utf8Length(u.value()));
        }
    }
}
