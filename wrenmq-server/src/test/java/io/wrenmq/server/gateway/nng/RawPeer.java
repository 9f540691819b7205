package io.wrenmq.server.gateway.nng;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;

/** A hand-written peer on a plain socket, for what nngcat never sends: bad headers, lengths and hop counts. */
final class RawPeer implements AutoCloseable {
    private final Socket socket;

    RawPeer(int port) throws IOException {
        socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(10_000);
    }

    static byte[] header(int protocolId) {
        ByteBuf buf = Unpooled.buffer(8);
        NngHandshake.writeHeader(buf, protocolId);
        return buf.array();
    }

    static byte[] frame(long length, byte[] body) {
        ByteBuf buf = Unpooled.buffer(8 + body.length);
        buf.writeLong(length).writeBytes(body);
        return buf.array();
    }

    static byte[] pair1Body(long hops, String text) {
        ByteBuf buf = Unpooled.buffer();
        buf.writeInt((int) hops).writeBytes(text.getBytes());
        byte[] out = new byte[buf.readableBytes()];
        buf.readBytes(out);
        return out;
    }

    RawPeer send(byte[] bytes) throws IOException {
        socket.getOutputStream().write(bytes);
        socket.getOutputStream().flush();
        return this;
    }

    byte[] readExactly(int n) throws IOException {
        return socket.getInputStream().readNBytes(n);
    }

    /** Everything until the other side closes (a read timeout fails the test instead of hanging it). */
    byte[] readToEnd() throws IOException {
        InputStream in = socket.getInputStream();
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        byte[] chunk = new byte[4096];
        for (int n; (n = in.read(chunk)) >= 0; ) {
            all.write(chunk, 0, n);
        }
        return all.toByteArray();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
