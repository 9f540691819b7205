package io.wrenmq.broker.transport;

/** Names of the pipeline handlers, so later transports (TLS, WebSocket) insert theirs in a known place. */
public final class ChannelHandlerNames {
    public static final String FRAME_DECODER = "mqttFrameDecoder";
    public static final String CONNECTION = "mqttConnection";

    private ChannelHandlerNames() {
    }
}
