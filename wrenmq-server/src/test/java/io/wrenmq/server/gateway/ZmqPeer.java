package io.wrenmq.server.gateway;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/**
 * A real ZeroMQ peer for the gateway (JeroMQ): it binds what the gateway connects to, as NanoMQ's "zmq server"
 * does: a PUB on the gateway's sub_address and a SUB (subscribed to everything) on its pub_address, both on
 * ephemeral loopback ports. Used from the test thread only (ZeroMQ sockets are not thread-safe).
 */
final class ZmqPeer implements AutoCloseable {
    private final ZContext context = new ZContext();
    private final ZMQ.Socket pub;
    private final ZMQ.Socket sub;
    final int pubPort;
    final int subPort;

    ZmqPeer() {
        context.setLinger(0);
        pub = context.createSocket(SocketType.PUB);
        pubPort = pub.bindToRandomPort("tcp://127.0.0.1");
        sub = context.createSocket(SocketType.SUB);
        sub.subscribe(new byte[0]);
        sub.setReceiveTimeOut(50);
        subPort = sub.bindToRandomPort("tcp://127.0.0.1");
    }

    /** The gateway's gateway.zmq block for this peer. */
    String zmqBlock(String subPre, String pubPre) {
        return "gateway.zmq { sub_address = \"tcp://127.0.0.1:" + pubPort + "\", pub_address = \"tcp://127.0.0.1:"
                + subPort + "\", sub_pre = \"" + subPre + "\", pub_pre = \"" + pubPre + "\" }\n";
    }

    /** Publishes one message of these frames. */
    void publish(String... frames) {
        for (int i = 0; i < frames.length; i++) {
            byte[] f = frames[i].getBytes(StandardCharsets.UTF_8);
            if (i < frames.length - 1) {
                pub.sendMore(f);
            } else {
                pub.send(f, 0);
            }
        }
    }

    /** The next message's frames as text, waiting at most 50 ms; null when none came. */
    List<String> receive() {
        byte[] first = sub.recv(0);
        if (first == null) {
            return null;
        }
        List<String> frames = new ArrayList<>(List.of(new String(first, StandardCharsets.UTF_8)));
        while (sub.hasReceiveMore()) {
            frames.add(new String(sub.recv(0), StandardCharsets.UTF_8));
        }
        return frames;
    }

    @Override
    public void close() {
        context.close();
    }
}
