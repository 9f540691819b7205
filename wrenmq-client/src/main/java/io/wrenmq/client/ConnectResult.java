package io.wrenmq.client;

import io.wrenmq.codec.Properties;
import io.wrenmq.codec.ReasonCode;

/**
 * The outcome of a successful CONNECT: whether the server resumed a session [MQTT-3.2.2-2], the CONNACK
 * reason code, the client identifier in use (the server's Assigned Client Identifier when we sent an empty
 * one, section 3.2.2.3.7) and the CONNACK properties (Receive Maximum, Maximum QoS, Topic Alias Maximum...;
 * empty for MQTT 3.x).
 */
public record ConnectResult(boolean sessionPresent, ReasonCode reasonCode, String clientId, Properties properties) {
}
