package io.wrenmq.broker.protocol;

/** Where a connection is in its life; packets are accepted or refused by state. */
enum ConnectionState {
    /** Socket open, no CONNECT yet (the CONNECT timeout runs). */
    AWAIT_CONNECT,
    /** CONNECT accepted; waiting for the session to be attached (packets that arrive are held). */
    CONNECTING,
    /** CONNACK sent: the session is live. */
    CONNECTED,
    /** Closing or closed: further input is ignored. */
    CLOSED
}
