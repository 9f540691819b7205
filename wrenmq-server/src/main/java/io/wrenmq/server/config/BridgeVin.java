package io.wrenmq.server.config;

import java.util.Map;

/**
 * NanoMQ's {@code ${VIN}} (a vehicle's identification number) in a bridge's {@code clientid} and in the topics of its
 * {@code forwards} and {@code subscription}: replaced by the value of {@code WRENMQ_VIN}, else {@code NANOMQ_VIN}
 * (NanoMQ's variable; NanoNNG conf_ver2.c update_bridge_node_vin), so one file serves a fleet. Written inside a quoted
 * string ({@code "fwd/${VIN}/speed"}): unquoted, HOCON would take it for a substitution of its own.
 *
 * @param value null when neither variable is set (a file that uses ${VIN} is then an error naming the key)
 */
record BridgeVin(String value) {
    static final String PLACEHOLDER = "${VIN}";
    static final String VARIABLE = "WRENMQ_VIN";

    /** The VIN of the environment: WRENMQ_VIN wins over NANOMQ_VIN, as WRENMQ_* variables win over NANOMQ_* ones. */
    static BridgeVin of(Map<String, String> env) {
        for (String name : new String[] {VARIABLE, NanomqEnv.VIN}) {
            String v = env.get(name);
            if (v != null && !v.isBlank()) {
                return new BridgeVin(v.trim());
            }
        }
        return new BridgeVin(null);
    }

    /** {@code text} with every ${VIN} replaced; null (and an error naming the key) when no VIN is set. */
    String fill(BlockValues block, String key, String text) {
        if (text == null || !text.contains(PLACEHOLDER)) {
            return text;
        }
        if (value == null) {
            block.error(key, "uses " + PLACEHOLDER + " but no VIN is set",
                    "set the environment variable " + VARIABLE + " (or NanoMQ's " + NanomqEnv.VIN + ") to the VIN");
            return null;
        }
        return text.replace(PLACEHOLDER, value);
    }
}
