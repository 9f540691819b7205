package io.wrenmq.codec;

import static io.wrenmq.codec.PropertyContext.*;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;

/**
 * Every MQTT 5 property (section 2.2.2.2, table 2-4): its identifier, its data type and the packets it may
 * appear in. The decoder rejects a property outside its packets as a Malformed Packet.
 */
public enum PropertyId {
    PAYLOAD_FORMAT_INDICATOR(0x01, PropertyType.BYTE, PUBLISH, WILL),
    MESSAGE_EXPIRY_INTERVAL(0x02, PropertyType.FOUR_BYTE_INTEGER, PUBLISH, WILL),
    CONTENT_TYPE(0x03, PropertyType.UTF8_STRING, PUBLISH, WILL),
    RESPONSE_TOPIC(0x08, PropertyType.UTF8_STRING, PUBLISH, WILL),
    CORRELATION_DATA(0x09, PropertyType.BINARY_DATA, PUBLISH, WILL),
    SUBSCRIPTION_IDENTIFIER(0x0B, PropertyType.VARIABLE_BYTE_INTEGER, PUBLISH, SUBSCRIBE),
    SESSION_EXPIRY_INTERVAL(0x11, PropertyType.FOUR_BYTE_INTEGER, CONNECT, CONNACK, DISCONNECT),
    ASSIGNED_CLIENT_IDENTIFIER(0x12, PropertyType.UTF8_STRING, CONNACK),
    SERVER_KEEP_ALIVE(0x13, PropertyType.TWO_BYTE_INTEGER, CONNACK),
    AUTHENTICATION_METHOD(0x15, PropertyType.UTF8_STRING, CONNECT, CONNACK, AUTH),
    AUTHENTICATION_DATA(0x16, PropertyType.BINARY_DATA, CONNECT, CONNACK, AUTH),
    REQUEST_PROBLEM_INFORMATION(0x17, PropertyType.BYTE, CONNECT),
    WILL_DELAY_INTERVAL(0x18, PropertyType.FOUR_BYTE_INTEGER, WILL),
    REQUEST_RESPONSE_INFORMATION(0x19, PropertyType.BYTE, CONNECT),
    RESPONSE_INFORMATION(0x1A, PropertyType.UTF8_STRING, CONNACK),
    SERVER_REFERENCE(0x1C, PropertyType.UTF8_STRING, CONNACK, DISCONNECT),
    REASON_STRING(0x1F, PropertyType.UTF8_STRING, CONNACK, PUBACK, PUBREC, PUBREL, PUBCOMP, SUBACK, UNSUBACK,
            DISCONNECT, AUTH),
    RECEIVE_MAXIMUM(0x21, PropertyType.TWO_BYTE_INTEGER, CONNECT, CONNACK),
    TOPIC_ALIAS_MAXIMUM(0x22, PropertyType.TWO_BYTE_INTEGER, CONNECT, CONNACK),
    TOPIC_ALIAS(0x23, PropertyType.TWO_BYTE_INTEGER, PUBLISH),
    MAXIMUM_QOS(0x24, PropertyType.BYTE, CONNACK),
    RETAIN_AVAILABLE(0x25, PropertyType.BYTE, CONNACK),
    USER_PROPERTY(0x26, PropertyType.UTF8_STRING_PAIR, PropertyContext.values()),
    MAXIMUM_PACKET_SIZE(0x27, PropertyType.FOUR_BYTE_INTEGER, CONNECT, CONNACK),
    WILDCARD_SUBSCRIPTION_AVAILABLE(0x28, PropertyType.BYTE, CONNACK),
    SUBSCRIPTION_IDENTIFIER_AVAILABLE(0x29, PropertyType.BYTE, CONNACK),
    SHARED_SUBSCRIPTION_AVAILABLE(0x2A, PropertyType.BYTE, CONNACK);

    /** The highest property identifier defined by MQTT 5.0. */
    public static final int MAX_ID = 0x2A;
    private static final PropertyId[] BY_ID = new PropertyId[MAX_ID + 1];

    static {
        for (PropertyId p : values()) {
            BY_ID[p.id] = p;
        }
    }

    private final int id;
    private final PropertyType type;
    private final Set<PropertyContext> contexts;

    PropertyId(int id, PropertyType type, PropertyContext... contexts) {
        this.id = id;
        this.type = type;
        this.contexts = EnumSet.noneOf(PropertyContext.class);
        this.contexts.addAll(Arrays.asList(contexts));
    }

    public int id() {
        return id;
    }

    public PropertyType type() {
        return type;
    }

    /** Whether the property may appear in the given packet (or in Will properties). */
    public boolean allowedIn(PropertyContext context) {
        return contexts.contains(context);
    }

    /** Whether a property may occur more than once in one packet (User Property; Subscription Identifier in PUBLISH). */
    public boolean repeatable() {
        return this == USER_PROPERTY || this == SUBSCRIPTION_IDENTIFIER;
    }

    /** The property with this identifier, or null for an unknown identifier. */
    public static PropertyId of(int id) {
        return id >= 0 && id <= MAX_ID ? BY_ID[id] : null;
    }
}
