package io.wrenmq.codec;

/**
 * Decodes an MQTT 5 property list (section 2.2.2) with the rules of section 2.2.2.2: an unknown identifier
 * or one not valid for the packet is a Malformed Packet; a non-repeatable property that occurs twice, or a
 * value the property does not allow, is a Protocol Error. The list is bounded by its own length: a property
 * that runs past it is Malformed.
 */
final class PropertiesDecoder {
    private static final PropertyId[] ALL = PropertyId.values();
    /** allowed[context][id]: precomputed so the hot path is one array load, not an EnumSet lookup. */
    private static final boolean[][] ALLOWED = new boolean[PropertyContext.values().length][PropertyId.MAX_ID + 1];

    static {
        for (PropertyContext c : PropertyContext.values()) {
            for (PropertyId p : ALL) {
                ALLOWED[c.ordinal()][p.id()] = p.allowedIn(c);
            }
        }
    }

    private PropertiesDecoder() {
    }

    static Properties decode(FrameReader r, PropertyContext context) {
        int len = r.readVarInt();
        if (len == 0) {
            return Properties.EMPTY;
        }
        if (len > r.remaining()) {
            throw DecodeException.malformed("property length " + len + " runs past the packet");
        }
        int outerEnd = r.limit(r.position() + len);
        boolean[] allowed = ALLOWED[context.ordinal()];
        Properties.Builder b = Properties.builder();
        long seen = 0;
        while (r.hasRemaining()) {
            int id = r.readVarInt();
            PropertyId p = PropertyId.of(id);
            if (p == null) {
                throw DecodeException.malformed(String.format("unknown property identifier 0x%02X", id));
            }
            if (!allowed[id]) {
                throw DecodeException.malformed(p + " is not allowed in " + context + " [MQTT-2.2.2-2]");
            }
            // User Property may repeat anywhere; Subscription Identifier only in PUBLISH [MQTT-3.3.4-4].
            boolean repeatable = p == PropertyId.USER_PROPERTY
                    || (p == PropertyId.SUBSCRIPTION_IDENTIFIER && context == PropertyContext.PUBLISH);
            if (!repeatable) {
                long bit = 1L << id;
                if ((seen & bit) != 0) {
                    throw DecodeException.protocolError(p + " included more than once in " + context);
                }
                seen |= bit;
            }
            readValue(r, p, b);
        }
        r.limit(outerEnd);
        if (b.has(PropertyId.AUTHENTICATION_DATA) && !b.has(PropertyId.AUTHENTICATION_METHOD)) {
            // Section 3.1.2.11.10: "It is a Protocol Error to include Authentication Data if there is no
            // Authentication Method".
            throw DecodeException.protocolError("Authentication Data without Authentication Method");
        }
        return b.build();
    }

    private static void readValue(FrameReader r, PropertyId p, Properties.Builder b) {
        switch (p.type()) {
            case BYTE: {
                int v = r.readUnsignedByte();
                // Every byte property is a 0/1 flag, except Maximum QoS which is 0 or 1 too (section 3.2.2.3.4).
                if (v > 1) {
                    throw DecodeException.protocolError(p + " value " + v + " is not 0 or 1");
                }
                b.put(p, v);
                break;
            }
            case TWO_BYTE_INTEGER: {
                int v = r.readUnsignedShort();
                if (v == 0) {
                    if (p == PropertyId.RECEIVE_MAXIMUM) {
                        throw DecodeException.protocolError("Receive Maximum 0 (section 3.1.2.11.3)");
                    }
                    if (p == PropertyId.TOPIC_ALIAS) {
                        // [MQTT-3.3.2-8]; the broker answers a bad alias with DISCONNECT 0x94.
                        throw new DecodeException(ReasonCode.TOPIC_ALIAS_INVALID, "Topic Alias 0 [MQTT-3.3.2-8]");
                    }
                }
                b.put(p, v);
                break;
            }
            case FOUR_BYTE_INTEGER: {
                long v = r.readUnsignedInt();
                if (v == 0 && p == PropertyId.MAXIMUM_PACKET_SIZE) {
                    throw DecodeException.protocolError("Maximum Packet Size 0 (section 3.1.2.11.4)");
                }
                b.put(p, v);
                break;
            }
            case VARIABLE_BYTE_INTEGER: {
                int v = r.readVarInt();
                if (v == 0) {
                    throw DecodeException.protocolError("Subscription Identifier 0 (section 3.8.2.1.2)");
                }
                b.addSubscriptionIdentifier(v);
                break;
            }
            case UTF8_STRING:
                b.putString(p, r.readString(p.name()));
                break;
            case BINARY_DATA:
                b.putBinary(p, r.readBinary(p.name()));
                break;
            case UTF8_STRING_PAIR:
                b.addUserProperty(new UserProperty(r.readString("user property name"),
                        r.readString("user property value")));
                break;
            default:
                throw new AssertionError(p);
        }
    }
}
