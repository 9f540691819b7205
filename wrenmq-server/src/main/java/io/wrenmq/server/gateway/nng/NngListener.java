package io.wrenmq.server.gateway.nng;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.wrenmq.broker.transport.Transports;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/** Accepts connections on the URL's address; each becomes a pipe after the handshake. */
final class NngListener implements NngSocket.Endpoint {
    private final NngSocket socket;
    private final EventLoopGroup group;
    private Channel server;

    NngListener(NngSocket socket, EventLoopGroup group) {
        this.socket = socket;
        this.group = group;
    }

    /** Binds before returning, so a port in use or a bad address fails {@link NngSocket#open}. */
    @Override
    public void start() throws IOException {
        ChannelFuture bind = new ServerBootstrap().group(group).channel(Transports.serverChannel())
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        socket.initPipe(ch);
                    }
                })
                .bind(socket.url().bindAddress());
        if (!bind.awaitUninterruptibly(10, TimeUnit.SECONDS) || !bind.isSuccess()) {
            bind.channel().close();
            Throwable cause = bind.cause();
            throw new IOException("cannot listen on " + socket.url() + ": "
                    + (cause == null ? "bind timed out" : cause.getMessage()), cause);
        }
        server = bind.channel();
    }

    @Override
    public int localPort() {
        return ((InetSocketAddress) server.localAddress()).getPort();
    }

    @Override
    public void close() {
        if (server != null) {
            NngSocket.awaitUnlessOnLoop(server.close(), group);
        }
    }
}
