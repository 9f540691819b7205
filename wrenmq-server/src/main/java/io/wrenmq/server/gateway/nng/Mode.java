package io.wrenmq.server.gateway.nng;

/** Whether a socket connects out to its URL (and reconnects with back-off) or accepts connections on it. */
public enum Mode {
    DIAL,
    LISTEN
}
