package io.wrenmq.server.gateway.nng;

import io.netty.buffer.ByteBuf;

/** Receives a socket's messages (SUB after prefix filtering, PAIR without the PAIR1 hop count). */
@FunctionalInterface
public interface NngMessageHandler {
    /**
     * Called on the pipe's event loop, one message at a time per pipe; do not block. {@code body} is borrowed: it is
     * valid during the call only and released by the socket afterwards; {@code retain()} (or copy) it to keep it.
     * An exception thrown here is logged and the pipe stays up.
     */
    void onMessage(NngSocket socket, ByteBuf body);
}
