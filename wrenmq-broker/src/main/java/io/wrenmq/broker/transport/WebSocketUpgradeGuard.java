package io.wrenmq.broker.transport;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.util.CharsetUtil;
import io.netty.util.NetUtil;
import io.wrenmq.broker.listener.ConnectionInfo;
import io.wrenmq.broker.listener.ListenerConfig;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks the HTTP upgrade request before Netty's WebSocket handshake: the listener's path, an upgrade to
 * WebSocket, and the MQTT sub-protocol the client must offer ("mqtt"; "mqttv3.1" for MQTT 3.1 clients)
 * [MQTT-6.0.0-3]. Anything else gets a plain HTTP error and the socket is closed. When the listener trusts a
 * proxy address header (off by default: a client could forge it), the client's address is taken from it.
 * Removes itself once the upgrade request has passed.
 */
final class WebSocketUpgradeGuard extends SimpleChannelInboundHandler<FullHttpRequest> {
    private static final Logger LOG = LoggerFactory.getLogger(WebSocketUpgradeGuard.class);
    static final Set<String> SUBPROTOCOLS = Set.of("mqtt", "mqttv3.1");

    private final ListenerConfig listener;

    WebSocketUpgradeGuard(ListenerConfig listener) {
        super(false); // a request that passes is handed on, not released here
        this.listener = listener;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
        String refusal = refusal(req);
        if (refusal != null) {
            HttpResponseStatus status = refusal.startsWith("no WebSocket") ? HttpResponseStatus.NOT_FOUND
                    : HttpResponseStatus.BAD_REQUEST;
            LOG.debug("WebSocket upgrade from {} on {} refused: {}", ctx.channel().remoteAddress(), listener.describe(), refusal);
            req.release();
            FullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
                    Unpooled.copiedBuffer(refusal + "\n", CharsetUtil.UTF_8));
            res.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8");
            HttpUtil.setContentLength(res, res.content().readableBytes());
            res.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            ctx.writeAndFlush(res).addListener(ChannelFutureListener.CLOSE);
            return;
        }
        trustedClientAddress(ctx, req);
        ctx.pipeline().remove(this);
        ctx.fireChannelRead(req);
    }

    private String refusal(FullHttpRequest req) {
        if (!new QueryStringDecoder(req.uri()).path().equals(listener.webSocketPath())) {
            return "no WebSocket endpoint here; MQTT is on " + listener.webSocketPath();
        }
        if (!req.headers().containsValue(HttpHeaderNames.UPGRADE, HttpHeaderValues.WEBSOCKET, true)) {
            return "this is an MQTT over WebSocket endpoint: send a WebSocket upgrade";
        }
        String offered = req.headers().get(HttpHeaderNames.SEC_WEBSOCKET_PROTOCOL);
        if (offered != null) {
            for (String p : offered.split(",")) {
                if (SUBPROTOCOLS.contains(p.trim())) {
                    return null;
                }
            }
        }
        return "the client must offer the WebSocket sub-protocol mqtt (or mqttv3.1) [MQTT-6.0.0-3]; it offered "
                + (offered == null ? "none" : offered);
    }

    /**
     * X-Forwarded-For (or the configured header) lists "client, proxy1, ..."; the last entry is the one the
     * trusted proxy in front of us added, so it is the only one a client cannot forge.
     */
    private void trustedClientAddress(ChannelHandlerContext ctx, FullHttpRequest req) {
        String header = listener.proxyAddressHeader();
        ConnectionInfo info = ConnectionInfo.of(ctx.channel());
        if (header == null || info == null) {
            return;
        }
        String value = req.headers().get(header);
        if (value == null || value.isBlank()) {
            return;
        }
        String[] parts = value.split(",");
        String last = parts[parts.length - 1].trim();
        if (last.startsWith("[") && last.contains("]")) {
            last = last.substring(1, last.indexOf(']'));
        }
        InetAddress address = NetUtil.createInetAddressFromIpAddressString(last); // literals only: no DNS look-up
        if (address == null) {
            LOG.debug("Ignoring {}: {} from {}: not an IP address", header, value, ctx.channel().remoteAddress());
            return;
        }
        info.clientAddress(new InetSocketAddress(address, 0));
    }
}
