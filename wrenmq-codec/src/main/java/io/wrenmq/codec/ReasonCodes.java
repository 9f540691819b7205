package io.wrenmq.codec;

/**
 * The reason codes each MQTT 5 packet may carry (sections 3.2.2.2, 3.4.2.1, 3.5.2.1, 3.6.2.1, 3.7.2.1,
 * 3.9.3, 3.11.3, 3.14.2.1, 3.15.2.1). A value outside the packet's set cannot be parsed as that packet:
 * a Malformed Packet.
 */
final class ReasonCodes {
    static final boolean[] CONNACK = set(0x00, 0x80, 0x81, 0x82, 0x83, 0x84, 0x85, 0x86, 0x87, 0x88, 0x89, 0x8A,
            0x8C, 0x90, 0x95, 0x97, 0x99, 0x9A, 0x9B, 0x9C, 0x9D, 0x9F);
    static final boolean[] PUBACK = set(0x00, 0x10, 0x80, 0x83, 0x87, 0x90, 0x91, 0x97, 0x99);
    static final boolean[] PUBREC = PUBACK;
    static final boolean[] PUBREL = set(0x00, 0x92);
    static final boolean[] PUBCOMP = PUBREL;
    static final boolean[] SUBACK = set(0x00, 0x01, 0x02, 0x80, 0x83, 0x87, 0x8F, 0x91, 0x97, 0x9E, 0xA1, 0xA2);
    static final boolean[] UNSUBACK = set(0x00, 0x11, 0x80, 0x83, 0x87, 0x8F, 0x91);
    static final boolean[] DISCONNECT = set(0x00, 0x04, 0x80, 0x81, 0x82, 0x83, 0x87, 0x89, 0x8B, 0x8D, 0x8E, 0x8F,
            0x90, 0x93, 0x94, 0x95, 0x96, 0x97, 0x98, 0x99, 0x9A, 0x9B, 0x9C, 0x9D, 0x9E, 0x9F, 0xA0, 0xA1, 0xA2);
    static final boolean[] AUTH = set(0x00, 0x18, 0x19);

    private ReasonCodes() {
    }

    private static boolean[] set(int... values) {
        boolean[] s = new boolean[256];
        for (int v : values) {
            s[v] = true;
        }
        return s;
    }

    /** Whether the code may appear in the packet whose set is {@code allowed}. */
    static boolean allowed(boolean[] allowed, ReasonCode code) {
        return allowed[code.value()];
    }

    static ReasonCode read(FrameReader r, boolean[] allowed, String packet) {
        int v = r.readUnsignedByte();
        if (!allowed[v]) {
            throw DecodeException.malformed(String.format("reason code 0x%02X is not defined for %s", v, packet));
        }
        return ReasonCode.of(v);
    }
}
