package io.wrenmq.broker.protocol;

import io.netty.channel.Channel;
import io.wrenmq.broker.listener.ConnectionInfo;
import java.net.InetSocketAddress;
import java.net.SocketAddress;

/** Where a connection comes from, as logs, events, the ACL and the REST API see it. */
final class PeerAddress {
    private PeerAddress() {
    }

    /** The client's address, see {@link ConnectionInfo#clientAddressOf}; null before the channel is known. */
    static InetSocketAddress client(Channel ch) {
        return ch == null ? null : ConnectionInfo.clientAddressOf(ch);
    }

    /** The socket's peer (for QUIC the connection's UDP peer), null when it is not an IP address. */
    static InetSocketAddress socketPeer(Channel ch) {
        return ch == null ? null : ConnectionInfo.peerOf(ch);
    }

    /** The socket's peer for log lines: {@code ip:port}, or "?" before the channel is known. */
    static String describe(Channel ch) {
        if (ch == null) {
            return "?";
        }
        SocketAddress a = ConnectionInfo.peerOf(ch) != null ? ConnectionInfo.peerOf(ch) : ch.remoteAddress();
        if (a instanceof InetSocketAddress i) {
            return i.getAddress().getHostAddress() + ":" + i.getPort();
        }
        return String.valueOf(a);
    }
}
