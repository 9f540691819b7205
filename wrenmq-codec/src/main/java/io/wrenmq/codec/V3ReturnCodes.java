package io.wrenmq.codec;

/**
 * Maps between MQTT 5 reason codes and the MQTT 3.1/3.1.1 CONNACK return codes (section 3.2.2.3 of 3.1.1).
 */
public final class V3ReturnCodes {
    private V3ReturnCodes() {
    }

    /** The v3 CONNACK return code that says the most about a v5 reason code. */
    public static int connackReturnCode(ReasonCode reason) {
        switch (reason) {
            case SUCCESS: return 0;
            case UNSUPPORTED_PROTOCOL_VERSION: return 1;
            case CLIENT_IDENTIFIER_NOT_VALID: return 2;
            case BAD_USER_NAME_OR_PASSWORD: case BAD_AUTHENTICATION_METHOD: return 4;
            case NOT_AUTHORIZED: case BANNED: return 5;
            default: return 3; // Server unavailable
        }
    }

    /** The v5 reason code for a v3 CONNACK return code, or null for an undefined one (6-255). */
    public static ReasonCode fromConnackReturnCode(int code) {
        switch (code) {
            case 0: return ReasonCode.SUCCESS;
            case 1: return ReasonCode.UNSUPPORTED_PROTOCOL_VERSION;
            case 2: return ReasonCode.CLIENT_IDENTIFIER_NOT_VALID;
            case 3: return ReasonCode.SERVER_UNAVAILABLE;
            case 4: return ReasonCode.BAD_USER_NAME_OR_PASSWORD;
            case 5: return ReasonCode.NOT_AUTHORIZED;
            default: return null;
        }
    }
}
