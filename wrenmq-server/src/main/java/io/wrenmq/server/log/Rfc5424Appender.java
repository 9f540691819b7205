package io.wrenmq.server.log;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends each event as one RFC 5424 datagram over UDP (RFC 5426) to a syslog server. Never stalls the thread that
 * logs (often a network event loop): the channel is non-blocking, a datagram the socket cannot take at once is
 * dropped, and a failed send is counted, not thrown. The first failure is logged once (to the other destinations;
 * Logback's re-entry guard keeps it from this one) and added to Logback's status. UDP gives no delivery guarantee:
 * with nothing listening the kernel may report "port unreachable" on a later send, which counts as a failure too.
 *
 * <p>The channel is connected to the server, so only its datagrams can be answered with errors; it is opened by
 * {@link #start()} and closed by {@link #stop()}, which Logback calls when the appender is detached (a new `log`
 * configuration) or the context stops.
 */
public final class Rfc5424Appender extends AppenderBase<ILoggingEvent> {
    private static final Logger LOG = LoggerFactory.getLogger(Rfc5424Appender.class);

    private final InetSocketAddress server;
    private final Rfc5424Format format;
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicBoolean reported = new AtomicBoolean();
    private volatile DatagramChannel channel;

    /** @param server a resolved address of the syslog server */
    public Rfc5424Appender(InetSocketAddress server, Rfc5424Format format) {
        if (server.isUnresolved()) {
            throw new IllegalArgumentException("syslog server " + server.getHostString() + " is not resolved");
        }
        this.server = server;
        this.format = format;
        setName("syslog");
    }

    @Override
    public void start() {
        try {
            DatagramChannel ch = DatagramChannel.open();
            ch.configureBlocking(false);
            ch.connect(server);
            channel = ch;
        } catch (IOException e) {
            addError("cannot open a UDP socket to syslog server " + server, e);
            return;
        }
        super.start();
    }

    @Override
    public void stop() {
        super.stop();
        DatagramChannel ch = channel;
        channel = null;
        if (ch != null) {
            try {
                ch.close();
            } catch (IOException e) {
                addWarn("closing the syslog socket failed", e);
            }
        }
    }

    @Override
    protected void append(ILoggingEvent event) {
        DatagramChannel ch = channel;
        if (ch == null) {
            return;
        }
        try {
            if (ch.write(ByteBuffer.wrap(format.format(event))) > 0) {
                sent.incrementAndGet();
            } else {
                failure("the socket's send buffer is full; datagram dropped", null);
            }
        } catch (IOException | RuntimeException e) {
            failure(e.toString(), e);
        }
    }

    /** Datagrams handed to the kernel. */
    public long sent() {
        return sent.get();
    }

    /** Datagrams dropped or refused (a full buffer, port unreachable, a closed socket). */
    public long failed() {
        return failed.get();
    }

    /** The server datagrams go to. */
    public InetSocketAddress server() {
        return server;
    }

    private void failure(String why, Throwable cause) {
        failed.incrementAndGet();
        if (reported.compareAndSet(false, true)) {
            String text = "syslog: sending to " + server + " failed (" + why + "); is a syslog server listening on UDP"
                    + " there? Further failures are counted, not logged";
            addWarn(text, cause);
            LOG.warn(text);
        }
    }
}
