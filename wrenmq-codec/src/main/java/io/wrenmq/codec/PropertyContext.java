package io.wrenmq.codec;

/** Where a property list appears: each packet type that has one, plus the Will properties of CONNECT. */
public enum PropertyContext {
    CONNECT, CONNACK, PUBLISH, WILL, PUBACK, PUBREC, PUBREL, PUBCOMP, SUBSCRIBE, SUBACK, UNSUBSCRIBE, UNSUBACK,
    DISCONNECT, AUTH
}
