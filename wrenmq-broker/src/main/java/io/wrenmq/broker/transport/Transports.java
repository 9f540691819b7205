package io.wrenmq.broker.transport;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.channel.uring.IoUring;
import io.netty.channel.uring.IoUringIoHandler;
import io.netty.channel.uring.IoUringDatagramChannel;
import io.netty.channel.uring.IoUringServerSocketChannel;
import io.netty.channel.uring.IoUringSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;

/**
 * Native epoll on Linux when its library loads, NIO everywhere else (Windows, macOS) - same behaviour.
 * {@code -Dwrenmq.transport=io_uring} selects Linux io_uring (experimental: fewer system calls per loop turn).
 */
public final class Transports {
    private Transports() {
    }

    /** Read at each call (only at start-up) so that a test can switch transports within one JVM. */
    private static String choice() {
        return System.getProperty("wrenmq.transport", "auto");
    }

    public static boolean ioUring() {
        return choice().equals("io_uring") && IoUring.isAvailable();
    }

    public static boolean epoll() {
        return !ioUring() && !Boolean.getBoolean("wrenmq.noEpoll") && !choice().equals("nio") && Epoll.isAvailable();
    }

    /** The transport in use, for the start-up log line. */
    public static String name() {
        return ioUring() ? "io_uring" : epoll() ? "epoll" : "nio";
    }

    public static EventLoopGroup group(int threads, String name) {
        IoHandlerFactory factory = ioUring() ? IoUringIoHandler.newFactory()
                : epoll() ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        return new MultiThreadIoEventLoopGroup(threads, new DefaultThreadFactory(name, true), factory);
    }

    public static Class<? extends ServerChannel> serverChannel() {
        return ioUring() ? IoUringServerSocketChannel.class
                : epoll() ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
    }

    /** The client socket class matching {@link #group}, for outgoing connections (the NNG gateway's dialers). */
    public static Class<? extends SocketChannel> socketChannel() {
        return ioUring() ? IoUringSocketChannel.class : epoll() ? EpollSocketChannel.class : NioSocketChannel.class;
    }

    /** The UDP channel class matching {@link #group}'s loops (quic listeners). */
    public static Class<? extends DatagramChannel> datagramChannel() {
        return ioUring() ? IoUringDatagramChannel.class : epoll() ? EpollDatagramChannel.class : NioDatagramChannel.class;
    }
}
