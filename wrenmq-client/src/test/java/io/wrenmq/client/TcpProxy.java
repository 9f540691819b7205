package io.wrenmq.client;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A loopback TCP proxy between a client and a broker, so that a test can cut the network under both
 * (the broker sees an abnormal close: the Will goes out, a persistent session stays) and can hold back
 * what the client sends ({@link #holdClientBytes}: read and dropped, as if lost on the way). Everything
 * forwarded is recorded, per direction, for inspection. Plain blocking sockets, two threads per connection.
 */
final class TcpProxy implements AutoCloseable {
    private final int targetPort;
    private final ServerSocket listener;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final ByteArrayOutputStream fromClient = new ByteArrayOutputStream();
    private final ByteArrayOutputStream fromBroker = new ByteArrayOutputStream();
    private volatile boolean dropClientBytes;
    private final java.util.concurrent.atomic.AtomicLong droppedFromClient = new java.util.concurrent.atomic.AtomicLong();

    TcpProxy(int targetPort) throws IOException {
        this.targetPort = targetPort;
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread t = new Thread(this::acceptLoop, "proxy-accept");
        t.setDaemon(true);
        t.start();
    }

    int port() {
        return listener.getLocalPort();
    }

    /** While true, bytes from the client are swallowed instead of forwarded. */
    void holdClientBytes(boolean drop) {
        this.dropClientBytes = drop;
    }

    /** How many client bytes {@link #holdClientBytes} has swallowed. */
    long droppedFromClient() {
        return droppedFromClient.get();
    }

    /** Every byte forwarded from clients to the broker so far, across connections. */
    byte[] forwardedFromClient() {
        synchronized (fromClient) {
            return fromClient.toByteArray();
        }
    }

    /** Every byte forwarded from the broker to clients so far, across connections. */
    byte[] forwardedFromBroker() {
        synchronized (fromBroker) {
            return fromBroker.toByteArray();
        }
    }

    void clearRecording() {
        synchronized (fromClient) {
            fromClient.reset();
        }
        synchronized (fromBroker) {
            fromBroker.reset();
        }
    }

    /** Closes every proxied connection on both sides, as a network failure would. */
    void cutAll() {
        for (Socket s : sockets) {
            closeQuietly(s);
        }
        sockets.clear();
    }

    private void acceptLoop() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                Socket broker;
                try {
                    broker = new Socket(InetAddress.getLoopbackAddress(), targetPort);
                } catch (IOException e) {
                    closeQuietly(client); // the broker is down: so is the client's connection
                    continue;
                }
                client.setTcpNoDelay(true);
                broker.setTcpNoDelay(true);
                sockets.add(client);
                sockets.add(broker);
                pump(client, broker, true);
                pump(broker, client, false);
            } catch (IOException e) {
                // listener closed, or the broker is down: the client sees its connection closed
            }
        }
    }

    private void pump(Socket from, Socket to, boolean clientToBroker) {
        Thread t = new Thread(() -> {
            byte[] buf = new byte[8192];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buf)) >= 0) {
                    if (clientToBroker && dropClientBytes) {
                        droppedFromClient.addAndGet(n);
                        continue;
                    }
                    ByteArrayOutputStream record = clientToBroker ? fromClient : fromBroker;
                    synchronized (record) {
                        record.write(buf, 0, n);
                    }
                    out.write(buf, 0, n);
                    out.flush();
                }
            } catch (IOException e) {
                // cut or closed
            } finally {
                closeQuietly(from);
                closeQuietly(to);
            }
        }, "proxy-pump");
        t.setDaemon(true);
        t.start();
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            // already closed
        }
    }

    @Override
    public void close() throws IOException {
        listener.close();
        cutAll();
    }
}
