package io.wrenmq.client;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketException;

/**
 * A NAT on loopback for QUIC tests: relays UDP between one client and a server, and on {@link #rebind()} sends on
 * from a new source port, as a NAT that lost its mapping does (RFC 9000 section 9.3: the server sees the connection
 * arrive from a new address). Daemon threads; {@link #close()} ends them.
 */
final class UdpRebindingRelay implements AutoCloseable {
    private final DatagramSocket front;
    private final InetSocketAddress server;
    private volatile DatagramSocket back;
    private volatile SocketAddress client;
    private volatile boolean closed;

    UdpRebindingRelay(int serverPort) throws IOException {
        this.server = new InetSocketAddress(InetAddress.getLoopbackAddress(), serverPort);
        this.front = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        this.back = newBack();
        Thread up = new Thread(this::clientToServer, "relay-up");
        up.setDaemon(true);
        up.start();
    }

    int port() {
        return front.getLocalPort();
    }

    /** The source port the server sees now. */
    int serverSidePort() {
        return back.getLocalPort();
    }

    /** From now on, packets to the server leave from a new port; the old one is closed. */
    void rebind() throws IOException {
        DatagramSocket old = back;
        back = newBack();
        old.close();
    }

    private DatagramSocket newBack() throws SocketException {
        DatagramSocket s = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        Thread down = new Thread(() -> serverToClient(s), "relay-down-" + s.getLocalPort());
        down.setDaemon(true);
        down.start();
        return s;
    }

    private void clientToServer() {
        byte[] buf = new byte[65535];
        while (!closed) {
            try {
                DatagramPacket p = new DatagramPacket(buf, buf.length);
                front.receive(p);
                client = p.getSocketAddress();
                back.send(new DatagramPacket(p.getData(), p.getOffset(), p.getLength(), server));
            } catch (IOException e) {
                if (front.isClosed()) {
                    return;
                } // a send on a socket closed by rebind(): the client's retransmission goes out on the new one
            }
        }
    }

    private void serverToClient(DatagramSocket s) {
        byte[] buf = new byte[65535];
        while (!closed && !s.isClosed()) {
            try {
                DatagramPacket p = new DatagramPacket(buf, buf.length);
                s.receive(p);
                if (client != null) {
                    front.send(new DatagramPacket(p.getData(), p.getOffset(), p.getLength(), client));
                }
            } catch (IOException e) {
                return; // closed by rebind() or close()
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        front.close();
        back.close();
    }
}
