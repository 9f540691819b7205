package io.wrenmq.client;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoEventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.util.concurrent.DefaultThreadFactory;

/**
 * Native epoll on Linux when its library loads, NIO everywhere else (Windows, macOS); the same choice as the
 * broker's transport ({@code -Dwrenmq.noEpoll=true} forces NIO). A channel must match the kind of its event
 * loop, so with a caller's group we pick the channel class by asking the group.
 */
public final class ClientTransport {
    private ClientTransport() {
    }

    public static boolean epoll() {
        return !Boolean.getBoolean("wrenmq.noEpoll") && Epoll.isAvailable();
    }

    /** A group of daemon threads suitable for clients (e.g. for the benchmark's hundreds of clients). */
    public static EventLoopGroup group(int threads, String name) {
        IoHandlerFactory factory = epoll() ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        return new MultiThreadIoEventLoopGroup(threads, new DefaultThreadFactory(name, true), factory);
    }

    /** The UDP channel for MQTT over QUIC, matching the group's kind. */
    static Class<? extends DatagramChannel> datagramClass(EventLoopGroup group) {
        if (group instanceof IoEventLoopGroup && ((IoEventLoopGroup) group).isIoType(EpollIoHandler.class)) {
            return EpollDatagramChannel.class;
        }
        return NioDatagramChannel.class;
    }

    static Class<? extends SocketChannel> channelClass(EventLoopGroup group) {
        if (group instanceof IoEventLoopGroup && ((IoEventLoopGroup) group).isIoType(EpollIoHandler.class)) {
            return EpollSocketChannel.class;
        }
        return NioSocketChannel.class;
    }
}
