package io.wrenmq.broker.limits;

import io.netty.channel.Channel;
import io.wrenmq.broker.listener.ListenerConfig;
import io.wrenmq.broker.metrics.LimitsMetrics;
import java.net.InetSocketAddress;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The accept-time checks of one listener, before any byte is read: a banned address, the listener's and the
 * broker's {@code max_connections}, the listener's and the broker's {@code max_conn_rate}. A refused socket is
 * closed at once, counted, and logged at most once per 10 s (a flood of refusals must not flood the log).
 * Called from the channel initializer on the new channel's event loop; the counters and buckets are shared by
 * all loops, hence atomics and a lock around each bucket (not the publish path).
 */
public final class ConnectionGate {
    private static final Logger LOG = LoggerFactory.getLogger(ConnectionGate.class);

    private final ListenerConfig listener;
    private final Limits limits;
    private final AtomicInteger open = new AtomicInteger();
    private final TokenBucket rate;
    private final RefusalLog log = new RefusalLog(LOG);

    ConnectionGate(ListenerConfig listener, Limits limits, Rate listenerRate) {
        this.listener = listener;
        this.limits = limits;
        this.rate = listenerRate.isLimited() ? new TokenBucket(listenerRate, System.nanoTime()) : null;
    }

    /**
     * True when {@code ch} may proceed; otherwise it has been closed (and counted). {@code remote} is the transport's
     * peer (a QUIC stream's is its connection's UDP address), null when not an IP address.
     */
    public boolean admit(Channel ch, InetSocketAddress remote) {
        LimitsMetrics metrics = limits.metrics();
        BanRule ban = remote == null ? null : limits.banList().matchAddress(remote.getAddress());
        if (ban != null) {
            metrics.connectionsRefusedBanned.increment();
            return refuse(ch, "Refused a connection on listener " + listener.name() + " from a banned address",
                    ban.value());
        }
        int max = listener.maxConnections();
        if (max > 0 && open.get() >= max) {
            metrics.connectionsRefusedMaxConnections.increment();
            return refuse(ch, "Listener " + listener.name() + " is at max_connections (" + max + "): refusing",
                    remote);
        }
        if (!limits.belowGlobalMaxConnections()) {
            metrics.connectionsRefusedMaxConnections.increment();
            return refuse(ch, "The broker is at limits.max_connections (" + limits.config().maxConnections()
                    + "): refusing", remote);
        }
        if (!take(rate) || !limits.takeGlobalConnToken()) {
            metrics.connectionsRefusedRate.increment();
            return refuse(ch, "Connection rate limit (max_conn_rate) exceeded on listener " + listener.name()
                    + ": refusing", remote);
        }
        open.incrementAndGet();
        limits.connectionOpened();
        ch.closeFuture().addListener(f -> {
            open.decrementAndGet();
            limits.connectionClosed();
        });
        return true;
    }

    static boolean take(TokenBucket bucket) {
        if (bucket == null) {
            return true;
        }
        synchronized (bucket) {
            return bucket.tryTake(1, System.nanoTime());
        }
    }

    private boolean refuse(Channel ch, String what, Object detail) {
        log.refused(what, detail);
        ch.close();
        return false;
    }

    /** Connections open on this listener now. */
    public int open() {
        return open.get();
    }
}
