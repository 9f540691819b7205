package io.wrenmq.server.gateway.nng;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.ScheduledFuture;
import io.wrenmq.broker.transport.RateLimitedLog;
import io.wrenmq.broker.transport.Transports;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one outgoing connection to the URL: connects, and after a failed attempt or a lost pipe waits and tries again,
 * doubling the wait from {@code reconnectMin} to {@code reconnectMax} (nng's NNG_OPT_RECONNMINT/RECONNMAXT); a
 * completed handshake resets the wait. Everything runs on one event loop, so the state needs no locks.
 */
final class NngDialer implements NngSocket.Endpoint {
    private static final Logger LOG = LoggerFactory.getLogger(NngDialer.class);

    private final NngSocket socket;
    private final EventLoopGroup group;
    private final EventLoop loop;
    private final Bootstrap bootstrap;
    private final RateLimitedLog failures = new RateLimitedLog(LOG, 10_000);
    private long delayNanos;
    private Channel current;
    private ScheduledFuture<?> pending;
    private boolean closed;

    NngDialer(NngSocket socket, EventLoopGroup group, EventLoop loop) {
        this.socket = socket;
        this.group = group;
        this.loop = loop;
        this.delayNanos = socket.options().reconnectMin().toNanos();
        this.bootstrap = new Bootstrap().group(loop).channel(Transports.socketChannel())
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) socket.options().handshakeTimeout().toMillis())
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        socket.initPipe(ch);
                    }
                });
    }

    @Override
    public void start() {
        loop.execute(this::connect);
    }

    private void connect() {
        pending = null;
        if (closed) {
            return;
        }
        ChannelFuture attempt = bootstrap.connect(socket.url().connectAddress());
        current = attempt.channel();
        attempt.addListener((ChannelFuture f) -> {
            if (!f.isSuccess()) {
                failures.info("NNG " + socket.protocol().label() + " dial " + socket.url() + " failed: "
                        + f.cause().getMessage() + "; retrying");
                retryLater();
            } else {
                f.channel().closeFuture().addListener(c -> retryLater());
            }
        });
    }

    /** Called on this loop when a pipe of ours completed the handshake. */
    @Override
    public void pipeUp() {
        delayNanos = socket.options().reconnectMin().toNanos();
    }

    private void retryLater() {
        if (closed || pending != null) {
            return;
        }
        long delay = delayNanos;
        delayNanos = Math.min(delayNanos * 2, socket.options().reconnectMax().toNanos());
        pending = loop.schedule(this::connect, delay, TimeUnit.NANOSECONDS);
    }

    @Override
    public int localPort() {
        return -1;
    }

    @Override
    public void close() {
        if (!loop.inEventLoop()) {
            NngSocket.awaitUnlessOnLoop(loop.submit(this::close), group);
            return;
        }
        closed = true;
        if (pending != null) {
            pending.cancel(false);
        }
        if (current != null) {
            current.close();
        }
    }
}
