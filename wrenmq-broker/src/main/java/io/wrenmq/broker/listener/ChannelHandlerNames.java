package io.wrenmq.broker.listener;

/** Names of the pipeline handlers, in pipeline order; each transport adds only its prefix before the frame decoder. */
public final class ChannelHandlerNames {
    /** Put first by {@link GracefulClose} when the broker ends a connection: discards all further input. */
    public static final String CLOSE_DRAIN = "closeDrain";
    public static final String TLS = "tls";
    public static final String TLS_HANDSHAKE = "tlsHandshake";
    public static final String HTTP_CODEC = "httpCodec";
    public static final String HTTP_AGGREGATOR = "httpAggregator";
    public static final String WEBSOCKET_UPGRADE = "wsUpgradeGuard";
    public static final String WEBSOCKET_PROTOCOL = "wsProtocol";
    public static final String WEBSOCKET_FRAMES = "wsFrames";
    public static final String FRAME_DECODER = "mqttFrameDecoder";
    public static final String CONNECTION = "mqttConnection";

    private ChannelHandlerNames() {
    }
}
