package io.wrenmq.broker.listener;

import io.netty.channel.Channel;
import io.netty.util.AttributeKey;
import java.net.InetSocketAddress;
import java.security.cert.X509Certificate;

/**
 * What the transport learned about a connection that the protocol layer needs for authentication and
 * authorization: the listener it came in on, the client's real address (a WebSocket listener behind a proxy
 * may take it from a configured header), and the verified TLS client certificate, if any. Set as a channel
 * attribute by the transport; read by the protocol handler at CONNECT.
 */
public final class ConnectionInfo {
    public static final AttributeKey<ConnectionInfo> KEY = AttributeKey.valueOf("wrenmq.connectionInfo");

    private final ListenerConfig listener;
    /** The transport's peer: the TCP socket's, or the QUIC connection's UDP address (a stream has none of its own). */
    private final InetSocketAddress peer;
    /** Our side: the listening socket's address (a QUIC stream has no socket of its own); null when unknown. */
    private final InetSocketAddress local;
    private volatile InetSocketAddress clientAddress;
    private volatile X509Certificate peerCertificate;

    public ConnectionInfo(ListenerConfig listener, InetSocketAddress clientAddress) {
        this(listener, clientAddress, null);
    }

    /** With our side's address, for transports whose channel's own local address is not a socket's (QUIC). */
    public ConnectionInfo(ListenerConfig listener, InetSocketAddress clientAddress, InetSocketAddress local) {
        this.listener = listener;
        this.peer = clientAddress;
        this.local = local;
        this.clientAddress = clientAddress;
    }

    /** The port the client connected to (HTTP auth's %p): the listener's socket's; 0 when unknown. */
    public static int localPortOf(Channel ch) {
        ConnectionInfo info = of(ch);
        if (info != null && info.local != null) {
            return info.local.getPort();
        }
        return ch.localAddress() instanceof InetSocketAddress a ? a.getPort() : 0;
    }

    /** The info of {@code ch}, or null for a channel no listener set up (embedded tests). */
    public static ConnectionInfo of(Channel ch) {
        return ch.attr(KEY).get();
    }

    /**
     * The client's address of {@code ch}: the one a proxy reported (PROXY protocol, X-Forwarded-For, kept here) or
     * else the socket's peer; null when neither is an IP address (an in-memory channel). Bans, the ACL, logs,
     * events and the REST API all use this one rule.
     */
    public static InetSocketAddress clientAddressOf(Channel ch) {
        ConnectionInfo info = of(ch);
        if (info != null && info.clientAddress() != null) {
            return info.clientAddress();
        }
        return ch.remoteAddress() instanceof InetSocketAddress a ? a : null;
    }

    /**
     * The transport's peer address of {@code ch}: what the listener saw (for QUIC, the UDP address of the connection
     * that carries the stream), else the channel's own remote address; null when it is not an IP address.
     */
    public static InetSocketAddress peerOf(Channel ch) {
        ConnectionInfo info = of(ch);
        if (info != null && info.peer != null) {
            return info.peer;
        }
        return ch.remoteAddress() instanceof InetSocketAddress a ? a : null;
    }

    public ListenerConfig listener() {
        return listener;
    }

    /** The client's address: the socket's peer, or the address a trusted proxy header named. */
    public InetSocketAddress clientAddress() {
        return clientAddress;
    }

    /** Replaces the socket's peer address, e.g. from X-Forwarded-For when the listener is configured to trust it. */
    public void clientAddress(InetSocketAddress address) {
        this.clientAddress = address;
    }

    /** The client's certificate after a successful TLS handshake that verified it; null without one. */
    public X509Certificate peerCertificate() {
        return peerCertificate;
    }

    public void peerCertificate(X509Certificate certificate) {
        this.peerCertificate = certificate;
    }

    /** The client id the certificate gives under peer_cert_as_clientid; null when not configured or no name. */
    public String certificateClientId() {
        return listener.tls() == null ? null : listener.tls().peerCertAsClientId().from(peerCertificate);
    }

    /** The username the certificate gives under peer_cert_as_username; null when not configured or no name. */
    public String certificateUsername() {
        return listener.tls() == null ? null : listener.tls().peerCertAsUsername().from(peerCertificate);
    }
}
