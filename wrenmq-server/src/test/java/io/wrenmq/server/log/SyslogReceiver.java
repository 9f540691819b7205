package io.wrenmq.server.log;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Test helper: a syslog server's UDP side on 127.0.0.1 and an ephemeral port. A daemon thread keeps every datagram
 * until {@link #close()}; each receive waits at most 200 ms so the thread ends soon after closing.
 */
public final class SyslogReceiver implements AutoCloseable {
    private final DatagramSocket socket;
    private final List<byte[]> datagrams = new CopyOnWriteArrayList<>();
    private final Thread thread;

    public SyslogReceiver() {
        try {
            socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            socket.setSoTimeout(200);
            socket.setReceiveBufferSize(1 << 20);
        } catch (SocketException e) {
            throw new UncheckedIOException(e);
        }
        thread = new Thread(this::receive, "syslog-receiver-" + socket.getLocalPort());
        thread.setDaemon(true);
        thread.start();
    }

    public int port() {
        return socket.getLocalPort();
    }

    /** Every datagram received so far, as bytes. */
    public List<byte[]> datagrams() {
        return List.copyOf(datagrams);
    }

    /** Every datagram received so far, parsed (a datagram that is not RFC 5424 fails the caller). */
    public List<SyslogMessage> messages() {
        return datagrams().stream().map(SyslogMessage::parse).toList();
    }

    private void receive() {
        byte[] buffer = new byte[65_536];
        while (!socket.isClosed()) {
            DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
            try {
                socket.receive(packet);
                datagrams.add(Arrays.copyOf(packet.getData(), packet.getLength()));
            } catch (SocketTimeoutException e) {
                // check whether we are closed, then wait again
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        socket.close();
        thread.join(2000);
    }
}
