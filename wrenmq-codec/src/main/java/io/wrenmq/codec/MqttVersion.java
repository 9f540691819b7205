package io.wrenmq.codec;

/** The protocol versions WrenMQ speaks, with the protocol name and level a CONNECT carries for each. */
public enum MqttVersion {
    /** MQTT 3.1: protocol name "MQIsdp", level 3. */
    V3_1("MQIsdp", 3),
    /** MQTT 3.1.1: protocol name "MQTT", level 4. */
    V3_1_1("MQTT", 4),
    /** MQTT 5.0: protocol name "MQTT", level 5. */
    V5("MQTT", 5);

    private final String protocolName;
    private final int level;

    MqttVersion(String protocolName, int level) {
        this.protocolName = protocolName;
        this.level = level;
    }

    public String protocolName() {
        return protocolName;
    }

    public int level() {
        return level;
    }

    public boolean isV5() {
        return this == V5;
    }

    /** The version a protocol level alone names (3, 4 or 5), whatever the protocol name; null for other levels. */
    public static MqttVersion ofLevel(int level) {
        for (MqttVersion v : values()) {
            if (v.level == level) {
                return v;
            }
        }
        return null;
    }

    /** The version for a protocol name and level, or null when the pair is not one we speak. */
    public static MqttVersion of(String protocolName, int level) {
        for (MqttVersion v : values()) {
            if (v.level == level && v.protocolName.equals(protocolName)) {
                return v;
            }
        }
        return null;
    }
}
