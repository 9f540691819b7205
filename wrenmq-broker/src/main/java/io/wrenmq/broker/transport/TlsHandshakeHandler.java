package io.wrenmq.broker.transport;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.ssl.NotSslRecordException;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.wrenmq.broker.listener.ConnectionInfo;
import io.wrenmq.broker.listener.ListenerConfig;
import io.wrenmq.broker.metrics.BrokerMetrics;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLPeerUnverifiedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sits right after the {@link SslHandler}. On a finished handshake it hands the verified client certificate
 * to {@link ConnectionInfo}; a failed, garbage or timed-out handshake closes that one socket, is counted and
 * logged briefly (rate-limited, no stack trace) and never reaches the MQTT handlers - the listener goes on.
 */
final class TlsHandshakeHandler extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(TlsHandshakeHandler.class);

    private final ListenerConfig listener;
    private final BrokerMetrics metrics;
    private final RateLimitedLog failures;
    private boolean done;

    TlsHandshakeHandler(ListenerConfig listener, BrokerMetrics metrics, RateLimitedLog failures) {
        this.listener = listener;
        this.metrics = metrics;
        this.failures = failures;
    }

    static RateLimitedLog failureLog() {
        return new RateLimitedLog(LOG, 10_000);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof SslHandshakeCompletionEvent e && !done) {
            if (e.isSuccess()) {
                done = true;
                ConnectionInfo info = ConnectionInfo.of(ctx.channel());
                if (info != null) {
                    info.peerCertificate(peerCertificate(ctx.pipeline().get(SslHandler.class).engine()));
                }
            } else {
                failed(ctx, e.cause());
            }
        }
        super.userEventTriggered(ctx, evt);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (!(cause instanceof SSLException || cause instanceof DecoderException && cause.getCause() instanceof SSLException
                || cause instanceof NotSslRecordException)) {
            ctx.fireExceptionCaught(cause);
        } else if (!done) {
            // Garbage bytes (NotSslRecordException) or a bad handshake message: this socket only.
            failed(ctx, cause);
        } else {
            // A broken record after the handshake (the peer or the network, not us): a quiet close.
            LOG.debug("TLS error on {} ({}): {}", ctx.channel().remoteAddress(), listener.describe(), reason(cause));
            ctx.close();
        }
    }

    private void failed(ChannelHandlerContext ctx, Throwable cause) {
        if (!done) {
            done = true;
            metrics.tlsHandshakeFailures.increment();
            failures.info("TLS handshake with " + ctx.channel().remoteAddress() + " on " + listener.describe()
                    + " failed: " + reason(cause));
        }
        ctx.close();
    }

    private static String reason(Throwable cause) {
        Throwable t = cause instanceof DecoderException && cause.getCause() != null ? cause.getCause() : cause;
        String message = t.getMessage();
        if (message != null && message.length() > 120) {
            message = message.substring(0, 120) + "..."; // NotSslRecordException carries a hex dump of the bytes
        }
        return t.getClass().getSimpleName() + (message != null ? ": " + message : "");
    }

    /** The client's certificate when it sent one that the trust manager verified (else there is no session peer). */
    static X509Certificate peerCertificate(SSLEngine engine) {
        try {
            Certificate[] chain = engine.getSession().getPeerCertificates();
            return chain.length > 0 && chain[0] instanceof X509Certificate x ? x : null;
        } catch (SSLPeerUnverifiedException e) {
            return null;
        }
    }
}
