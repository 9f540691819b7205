package io.wrenmq.server.gateway.nng;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.Future;
import io.wrenmq.broker.transport.RateLimitedLog;
import io.wrenmq.broker.transport.Transports;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An SP socket (PUB0, SUB0, PAIR0 or PAIR1) over TCP, interoperable with nng and nanomsg. It either dials one URL
 * (reconnecting with back-off) or listens on it; each connection that passes the handshake is a pipe.
 * PUB sends every message to every pipe, dropping (and counting) it for a pipe whose send buffer is full; SUB keeps
 * messages matching a subscribed prefix; PAIR talks to one peer at a time and refuses a second one. Thread-safe:
 * {@link #send} and {@link #subscribe} may be called from any thread; the handler runs on the pipes' event loops.
 *
 * <p>ByteBuf ownership: {@link #send(ByteBuf)} takes the message and releases it in every case (each pipe gets a
 * retained duplicate that Netty releases once written); the handler borrows each received body (see
 * {@link NngMessageHandler}). Messages are queued per pipe and written in batches on the pipe's loop
 * ({@link NngOutbox}).
 */
public final class NngSocket implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(NngSocket.class);

    /** How the socket reaches its peers: a dialer or a listener. */
    interface Endpoint {
        void start() throws IOException;

        /** The bound port of a listener (useful with port 0); -1 for a dialer. */
        int localPort();

        /** A pipe of this endpoint completed the handshake (on that pipe's loop). */
        default void pipeUp() {
        }

        void close();
    }

    private final Protocol protocol;
    private final NngUrl url;
    private final NngOptions options;
    private final NngMessageHandler handler;
    private final EventLoopGroup group;
    private final boolean ownsGroup;
    private final NngFrameEncoder encoder;
    private final Map<Channel, NngOutbox> pipes = new ConcurrentHashMap<>();
    private final Subscriptions subscriptions = new Subscriptions();
    private final NngCounters counters = new NngCounters();
    private final RateLimitedLog refusals = new RateLimitedLog(LOG, 10_000);
    private final Endpoint endpoint;
    private volatile boolean closed;

    private NngSocket(Protocol protocol, NngUrl url, Mode mode, NngOptions options, NngMessageHandler handler,
            EventLoopGroup group, boolean ownsGroup) {
        this.protocol = protocol;
        this.url = url;
        this.options = options;
        this.handler = handler;
        this.group = group;
        this.ownsGroup = ownsGroup;
        this.encoder = new NngFrameEncoder(protocol);
        this.endpoint = mode == Mode.LISTEN ? new NngListener(this, group) : new NngDialer(this, group, group.next());
    }

    /** Opens a socket on its own single event-loop thread (closed with the socket). */
    public static NngSocket open(Protocol protocol, String url, Mode mode, NngOptions options,
            NngMessageHandler handler) throws IOException {
        EventLoopGroup group = Transports.group(1, "wrenmq-nng-" + protocol.label());
        return open(protocol, url, mode, options, handler, group, true);
    }

    /** Opens a socket on a caller's event-loop group (not closed with the socket). */
    public static NngSocket open(Protocol protocol, String url, Mode mode, NngOptions options,
            NngMessageHandler handler, EventLoopGroup group) throws IOException {
        return open(protocol, url, mode, options, handler, group, false);
    }

    private static NngSocket open(Protocol protocol, String url, Mode mode, NngOptions options,
            NngMessageHandler handler, EventLoopGroup group, boolean ownsGroup) throws IOException {
        NngSocket socket;
        try {
            socket = new NngSocket(protocol, NngUrl.parse(url), mode, options, handler, group, ownsGroup);
            socket.endpoint.start();
        } catch (IOException | RuntimeException e) {
            if (ownsGroup) {
                group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            }
            throw e;
        }
        return socket;
    }

    /**
     * Sends one message to the pipes (PUB: all; PAIR: the peer). Takes ownership of {@code message}.
     *
     * @return whether it was written to at least one pipe; otherwise it was dropped and counted
     * @throws IllegalStateException on a SUB socket, which cannot send
     */
    public boolean send(ByteBuf message) {
        try {
            if (!protocol.canSend()) {
                throw new IllegalStateException("a " + protocol.label() + " socket cannot send");
            }
            int written = 0;
            for (NngOutbox pipe : pipes.values()) {
                if (pipe.offer(message.retainedDuplicate())) {
                    written++;
                } else {
                    counters.dropped.increment();
                }
            }
            counters.sent.add(written);
            if (pipes.isEmpty() && protocol.singlePeer()) {
                // nng would block or buffer until a peer comes; a gateway must not, so the message is lost.
                counters.dropped.increment();
            }
            return written > 0;
        } finally {
            message.release();
        }
    }

    /** Sends {@code message} (wrapped, not copied: do not change it afterwards); see {@link #send(ByteBuf)}. */
    public boolean send(byte[] message) {
        return send(Unpooled.wrappedBuffer(message));
    }

    /** SUB only: keep messages starting with {@code prefix} (the empty prefix keeps all). */
    public void subscribe(byte[] prefix) {
        requireSub();
        subscriptions.add(prefix);
    }

    public void subscribe(String prefix) {
        subscribe(prefix.getBytes(StandardCharsets.UTF_8));
    }

    /** SUB only: stop keeping messages for {@code prefix}; returns whether it was subscribed. */
    public boolean unsubscribe(byte[] prefix) {
        requireSub();
        return subscriptions.remove(prefix);
    }

    public boolean unsubscribe(String prefix) {
        return unsubscribe(prefix.getBytes(StandardCharsets.UTF_8));
    }

    private void requireSub() {
        if (protocol != Protocol.SUB0) {
            throw new IllegalStateException("only a sub0 socket has subscriptions, not " + protocol.label());
        }
    }

    public Protocol protocol() {
        return protocol;
    }

    public NngUrl url() {
        return url;
    }

    public NngOptions options() {
        return options;
    }

    public NngCounters counters() {
        return counters;
    }

    /** Connected peers that completed the handshake. */
    public int pipeCount() {
        return pipes.size();
    }

    /** The listening port (the real one when the URL said port 0); -1 for a dialing socket. */
    public int localPort() {
        return endpoint.localPort();
    }

    NngMessageHandler handler() {
        return handler;
    }

    Subscriptions subscriptions() {
        return subscriptions;
    }

    /** Sets up a new connection (dialed or accepted): only the handshake until the peer has proven itself. */
    void initPipe(Channel ch) {
        int high = options.sendBufferBytes();
        ch.config().setWriteBufferWaterMark(new WriteBufferWaterMark(high / 2, high));
        ch.pipeline().addLast("nng-handshake", new NngHandshake(this));
    }

    /** The handshake succeeded: adds the framing, or refuses a second PAIR peer. Runs on the pipe's loop. */
    synchronized boolean pipeUp(Channel ch) {
        if (closed) {
            ch.close();
            return false;
        }
        if (protocol.singlePeer() && !pipes.isEmpty()) {
            refuse(ch, "already paired with " + pipes.keySet().iterator().next().remoteAddress());
            return false;
        }
        ch.pipeline().addLast("nng-decoder", new NngFrameDecoder(options.maxMessageSize()))
                .addLast("nng-encoder", encoder)
                .addLast("nng-pipe", new NngPipe(this));
        pipes.put(ch, new NngOutbox(ch, options.sendBufferBytes()));
        counters.connects.increment();
        endpoint.pipeUp();
        LOG.debug("NNG {} socket {}: pipe up with {}", protocol.label(), url, ch.remoteAddress());
        return true;
    }

    void pipeDown(Channel ch) {
        NngOutbox outbox = pipes.remove(ch);
        if (outbox != null) {
            outbox.discard();
        }
    }

    /** Closes a pipe for a protocol error, counts it and logs why (rate limited: a scanner must not flood the log). */
    void refuse(Channel ch, String reason) {
        if (!ch.isOpen()) {
            return; // already refused: a decoder may fail again on bytes that were in the same read
        }
        counters.refused.increment();
        refusals.info("NNG " + protocol.label() + " socket " + url + ": closing connection with "
                + ch.remoteAddress() + ": " + reason);
        ch.close();
    }

    /** Stops dialing or listening and closes every pipe; waits up to a few seconds for them to close. */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        endpoint.close();
        for (Channel pipe : List.copyOf(pipes.keySet())) {
            awaitUnlessOnLoop(pipe.close(), group);
        }
        if (ownsGroup) {
            awaitUnlessOnLoop(group.shutdownGracefully(0, 1, TimeUnit.SECONDS), group);
        }
    }

    /**
     * Waits (a few seconds at most) for {@code future}, except on one of {@code group}'s threads: a handler that closes
     * its own socket would wait for its loop to finish the work it is blocking (Netty throws, or the wait times out).
     */
    static void awaitUnlessOnLoop(Future<?> future, EventLoopGroup group) {
        for (EventExecutor loop : group) {
            if (loop.inEventLoop()) {
                return;
            }
        }
        future.awaitUninterruptibly(5, TimeUnit.SECONDS);
    }

    @Override
    public String toString() {
        return protocol.label() + " " + url + " (" + counters + ")";
    }
}
