package io.wrenmq.broker.it;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A tiny blocking MQTT client over a plain TCP socket, for tests that need exact bytes and reason codes that
 * real clients hide: it writes whatever bytes it is given and reads whole frames (or end of stream) with a
 * timeout. Independent of the codec under test: packets are built and parsed here by hand.
 */
public final class RawMqttClient implements AutoCloseable {
    public static final int CONNECT = 1, CONNACK = 2, PUBLISH = 3, PUBACK = 4, PUBREC = 5, PUBREL = 6, PUBCOMP = 7,
            SUBSCRIBE = 8, SUBACK = 9, UNSUBSCRIBE = 10, UNSUBACK = 11, PINGREQ = 12, PINGRESP = 13, DISCONNECT = 14,
            AUTH = 15;
    public static final int V31 = 3, V311 = 4, V5 = 5;
    public static final Duration DEFAULT_WAIT = Duration.ofSeconds(5);

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private boolean eof;

    private RawMqttClient(Socket socket) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
    }

    /** Opens a TCP connection to 127.0.0.1:port (nothing is sent). */
    public static RawMqttClient open(int port) throws IOException {
        Socket s = new Socket();
        s.setTcpNoDelay(true);
        s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
        return new RawMqttClient(s);
    }

    /** Wraps an already connected socket (e.g. a TLS socket after its handshake). */
    public static RawMqttClient over(Socket connected) throws IOException {
        return new RawMqttClient(connected);
    }

    /** Opens, sends a CONNECT and expects a successful CONNACK; returns the client. */
    public static RawMqttClient connected(int port, byte[] connect) throws IOException {
        RawMqttClient c = open(port);
        try {
            c.send(connect);
            Frame f = c.read();
            if (f.type() != CONNACK || f.body()[1] != 0) {
                throw new AssertionError("expected a successful CONNACK, got " + f);
            }
            return c;
        } catch (IOException | RuntimeException | Error e) {
            c.close();
            throw e;
        }
    }

    public void send(byte[]... parts) throws IOException {
        for (byte[] p : parts) {
            out.write(p);
        }
        out.flush();
    }

    /** Half-closes: no more bytes from us, the broker sees end of stream. */
    public void shutdownOutput() throws IOException {
        socket.shutdownOutput();
    }

    /** Reads one frame within {@link #DEFAULT_WAIT}; fails on timeout or end of stream. */
    public Frame read() throws IOException {
        return read(DEFAULT_WAIT);
    }

    public Frame read(Duration timeout) throws IOException {
        Frame f = readOrEof(timeout);
        if (f == null) {
            throw new AssertionError("connection closed by the broker while a packet was expected");
        }
        return f;
    }

    /** Reads one frame of the given type, failing on anything else. */
    public Frame expect(int type) throws IOException {
        Frame f = read();
        if (f.type() != type) {
            throw new AssertionError("expected packet type " + type + " but got " + f);
        }
        return f;
    }

    /** One frame, or null at end of stream (or connection reset); throws AssertionError on timeout. */
    public Frame readOrEof(Duration timeout) throws IOException {
        if (eof) {
            return null;
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            int b0 = readByte(deadline);
            if (b0 < 0) {
                eof = true;
                return null;
            }
            int len = 0;
            int shift = 0;
            for (int i = 0; i < 4; i++) {
                int b = readByte(deadline);
                if (b < 0) {
                    throw new EOFException("end of stream inside the fixed header");
                }
                len |= (b & 0x7F) << shift;
                if ((b & 0x80) == 0) {
                    break;
                }
                shift += 7;
            }
            byte[] body = new byte[len];
            for (int i = 0; i < len; i++) {
                int b = readByte(deadline);
                if (b < 0) {
                    throw new EOFException("end of stream inside a packet body");
                }
                body[i] = (byte) b;
            }
            return new Frame(b0 >>> 4, b0 & 0x0F, body);
        } catch (SocketTimeoutException e) {
            throw new AssertionError("no packet from the broker within " + timeout.toMillis() + " ms");
        } catch (IOException e) {
            if (e instanceof EOFException) {
                throw e;
            }
            eof = true; // connection reset: the broker closed
            return null;
        }
    }

    private int readByte(long deadlineNanos) throws IOException {
        long left = (deadlineNanos - System.nanoTime()) / 1_000_000;
        if (left <= 0) {
            throw new SocketTimeoutException();
        }
        socket.setSoTimeout((int) Math.max(1, left));
        return in.read();
    }

    /**
     * Expects the broker to close the connection within {@code timeout}; returns the frames it sent first
     * (none for a plain close).
     */
    public List<Frame> expectClosed(Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<Frame> frames = new ArrayList<>();
        while (true) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("the broker did not close the connection within " + timeout.toMillis()
                        + " ms (frames: " + frames + ")");
            }
            Frame f;
            try {
                f = readOrEof(Duration.ofNanos(left));
            } catch (AssertionError e) {
                throw new AssertionError("the broker did not close the connection within " + timeout.toMillis()
                        + " ms (frames: " + frames + ")");
            }
            if (f == null) {
                return frames;
            }
            frames.add(f);
        }
    }

    /**
     * Expects the broker's orderly end of stream (FIN, or TLS close_notify) within {@code timeout}, as the next thing
     * read. Unlike {@link #readOrEof} a connection reset is NOT taken for the end: it propagates as the
     * SocketException it is, so a test sees when the broker reset the connection instead of closing it.
     */
    public void expectCleanEof(Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            int b = readByte(deadline);
            if (b >= 0) {
                throw new AssertionError("expected the end of the stream but read byte " + b);
            }
            eof = true;
        } catch (SocketTimeoutException e) {
            throw new AssertionError("no end of stream from the broker within " + timeout.toMillis() + " ms");
        }
    }

    public List<Frame> expectClosed() throws IOException {
        return expectClosed(DEFAULT_WAIT);
    }

    /** Asserts that nothing arrives and the connection stays open for {@code d} (proves a negative; keep d short). */
    public void expectSilence(Duration d) throws IOException {
        try {
            Frame f = readOrEof(d);
            throw new AssertionError(f == null ? "the broker closed the connection" : "unexpected packet " + f);
        } catch (AssertionError e) {
            if (e.getMessage() != null && e.getMessage().startsWith("no packet from the broker")) {
                return;
            }
            throw e;
        }
    }

    public boolean isEof() {
        return eof;
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    // ------------------------------------------------------------------ frames from the broker

    /** One packet as read: type, fixed header flags and the body after the remaining length. */
    public record Frame(int type, int flags, byte[] body) {
        /** The CONNACK return code (v3) or reason code (v5). */
        public int connackCode() {
            check(CONNACK);
            return body[1] & 0xFF;
        }

        public boolean sessionPresent() {
            check(CONNACK);
            return (body[0] & 0x01) != 0;
        }

        /** v5 CONNACK properties. */
        public Props connackProperties() {
            check(CONNACK);
            return Props.parse(body, 2).props;
        }

        /** DISCONNECT reason code (0 when omitted). */
        public int disconnectReason() {
            check(DISCONNECT);
            return body.length == 0 ? 0 : body[0] & 0xFF;
        }

        /** Packet id of an ack (PUBACK, PUBREC, PUBREL, PUBCOMP, SUBACK, UNSUBACK). */
        public int packetId() {
            return ((body[0] & 0xFF) << 8) | (body[1] & 0xFF);
        }

        /** Reason code of a v5 PUBACK/PUBREC/PUBREL/PUBCOMP (0 when omitted). */
        public int ackReason() {
            return body.length > 2 ? body[2] & 0xFF : 0;
        }

        /** The SUBACK return codes (skipping v5 properties when {@code v5}). */
        public byte[] subackCodes(boolean v5) {
            check(SUBACK);
            int pos = 2;
            if (v5) {
                pos = Props.parse(body, 2).end;
            }
            byte[] codes = new byte[body.length - pos];
            System.arraycopy(body, pos, codes, 0, codes.length);
            return codes;
        }

        public Pub publish(boolean v5) {
            check(PUBLISH);
            int qos = (flags >> 1) & 3;
            int tl = ((body[0] & 0xFF) << 8) | (body[1] & 0xFF);
            String topic = new String(body, 2, tl, StandardCharsets.UTF_8);
            int pos = 2 + tl;
            int packetId = 0;
            if (qos > 0) {
                packetId = ((body[pos] & 0xFF) << 8) | (body[pos + 1] & 0xFF);
                pos += 2;
            }
            Props props = Props.EMPTY;
            if (v5) {
                Props.Parsed p = Props.parse(body, pos);
                props = p.props;
                pos = p.end;
            }
            byte[] payload = new byte[body.length - pos];
            System.arraycopy(body, pos, payload, 0, payload.length);
            return new Pub(topic, qos, (flags & 8) != 0, (flags & 1) != 0, packetId, props, payload);
        }

        private void check(int t) {
            if (type != t) {
                throw new AssertionError("expected packet type " + t + " but got " + this);
            }
        }

        @Override
        public String toString() {
            StringBuilder sb = new StringBuilder("Frame[type=").append(type).append(", flags=").append(flags)
                    .append(", body=");
            for (int i = 0; i < Math.min(body.length, 32); i++) {
                sb.append(String.format("%02x", body[i] & 0xFF));
            }
            return sb.append(body.length > 32 ? "...]" : "]").toString();
        }
    }

    /** A parsed PUBLISH. */
    public record Pub(String topic, int qos, boolean dup, boolean retain, int packetId, Props props, byte[] payload) {
        public String payloadString() {
            return new String(payload, StandardCharsets.UTF_8);
        }
    }

    /** v5 properties by identifier; each value is Long, String, byte[] or String[2] (user property). */
    public static final class Props {
        static final Props EMPTY = new Props(new LinkedHashMap<>());
        private final Map<Integer, List<Object>> values;

        private Props(Map<Integer, List<Object>> values) {
            this.values = values;
        }

        public boolean has(int id) {
            return values.containsKey(id);
        }

        public Object get(int id) {
            List<Object> l = values.get(id);
            return l == null ? null : l.get(0);
        }

        public Long getLong(int id) {
            return (Long) get(id);
        }

        public String getString(int id) {
            return (String) get(id);
        }

        public List<Object> all(int id) {
            return values.getOrDefault(id, List.of());
        }

        record Parsed(Props props, int end) {
        }

        static Parsed parse(byte[] b, int pos) {
            if (pos >= b.length) {
                return new Parsed(EMPTY, pos);
            }
            int len = 0;
            int shift = 0;
            while (true) {
                int v = b[pos++] & 0xFF;
                len |= (v & 0x7F) << shift;
                if ((v & 0x80) == 0) {
                    break;
                }
                shift += 7;
            }
            int end = pos + len;
            Map<Integer, List<Object>> m = new LinkedHashMap<>();
            while (pos < end) {
                int id = b[pos++] & 0xFF;
                Object value;
                switch (id) {
                    case 0x01, 0x17, 0x19, 0x24, 0x25, 0x28, 0x29, 0x2A -> value = (long) (b[pos++] & 0xFF);
                    case 0x13, 0x21, 0x22, 0x23 -> {
                        value = (long) (((b[pos] & 0xFF) << 8) | (b[pos + 1] & 0xFF));
                        pos += 2;
                    }
                    case 0x02, 0x11, 0x18, 0x27 -> {
                        value = ((long) (b[pos] & 0xFF) << 24) | ((b[pos + 1] & 0xFF) << 16)
                                | ((b[pos + 2] & 0xFF) << 8) | (b[pos + 3] & 0xFF);
                        pos += 4;
                    }
                    case 0x0B -> {
                        long v = 0;
                        int s = 0;
                        while (true) {
                            int x = b[pos++] & 0xFF;
                            v |= (long) (x & 0x7F) << s;
                            if ((x & 0x80) == 0) {
                                break;
                            }
                            s += 7;
                        }
                        value = v;
                    }
                    case 0x03, 0x08, 0x12, 0x15, 0x1A, 0x1C, 0x1F -> {
                        int l = ((b[pos] & 0xFF) << 8) | (b[pos + 1] & 0xFF);
                        value = new String(b, pos + 2, l, StandardCharsets.UTF_8);
                        pos += 2 + l;
                    }
                    case 0x09, 0x16 -> {
                        int l = ((b[pos] & 0xFF) << 8) | (b[pos + 1] & 0xFF);
                        byte[] v = new byte[l];
                        System.arraycopy(b, pos + 2, v, 0, l);
                        value = v;
                        pos += 2 + l;
                    }
                    case 0x26 -> {
                        int l1 = ((b[pos] & 0xFF) << 8) | (b[pos + 1] & 0xFF);
                        String k = new String(b, pos + 2, l1, StandardCharsets.UTF_8);
                        pos += 2 + l1;
                        int l2 = ((b[pos] & 0xFF) << 8) | (b[pos + 1] & 0xFF);
                        String v = new String(b, pos + 2, l2, StandardCharsets.UTF_8);
                        pos += 2 + l2;
                        value = new String[] {k, v};
                    }
                    default -> throw new AssertionError("unknown property id " + id);
                }
                m.computeIfAbsent(id, k -> new ArrayList<>()).add(value);
            }
            return new Parsed(new Props(m), end);
        }

        @Override
        public String toString() {
            return values.keySet().toString();
        }
    }

    // ------------------------------------------------------------------ packets to send

    /** Builds one packet: first byte, then the body; {@link #build()} adds the remaining length. */
    public static final class Packet {
        private final int firstByte;
        private final ByteArrayOutputStream body = new ByteArrayOutputStream();

        public Packet(int firstByte) {
            this.firstByte = firstByte;
        }

        public Packet u8(int v) {
            body.write(v);
            return this;
        }

        public Packet u16(int v) {
            body.write(v >> 8);
            body.write(v);
            return this;
        }

        public Packet u32(long v) {
            u16((int) (v >>> 16));
            return u16((int) (v & 0xFFFF));
        }

        public Packet str(String s) {
            return bin(s.getBytes(StandardCharsets.UTF_8));
        }

        public Packet bin(byte[] b) {
            u16(b.length);
            return raw(b);
        }

        public Packet raw(byte[] b) {
            body.write(b, 0, b.length);
            return this;
        }

        public Packet varint(int v) {
            body.writeBytes(varintBytes(v));
            return this;
        }

        public Packet props(PropsBuilder p) {
            return raw(p.build());
        }

        public byte[] build() {
            byte[] b = body.toByteArray();
            ByteArrayOutputStream o = new ByteArrayOutputStream();
            o.write(firstByte);
            o.writeBytes(varintBytes(b.length));
            o.writeBytes(b);
            return o.toByteArray();
        }
    }

    /** A v5 property list; {@link #build()} prefixes its length. */
    public static final class PropsBuilder {
        private final ByteArrayOutputStream b = new ByteArrayOutputStream();

        public PropsBuilder u8(int id, int v) {
            b.write(id);
            b.write(v);
            return this;
        }

        public PropsBuilder u16(int id, int v) {
            b.write(id);
            b.write(v >> 8);
            b.write(v);
            return this;
        }

        public PropsBuilder u32(int id, long v) {
            b.write(id);
            b.write((int) (v >>> 24));
            b.write((int) (v >>> 16));
            b.write((int) (v >>> 8));
            b.write((int) v);
            return this;
        }

        public PropsBuilder str(int id, String s) {
            b.write(id);
            writeStr(s);
            return this;
        }

        public PropsBuilder bin(int id, byte[] v) {
            b.write(id);
            b.write(v.length >> 8);
            b.write(v.length);
            b.writeBytes(v);
            return this;
        }

        public PropsBuilder user(String k, String v) {
            b.write(0x26);
            writeStr(k);
            writeStr(v);
            return this;
        }

        private void writeStr(String s) {
            byte[] x = s.getBytes(StandardCharsets.UTF_8);
            b.write(x.length >> 8);
            b.write(x.length);
            b.writeBytes(x);
        }

        public byte[] build() {
            byte[] x = b.toByteArray();
            ByteArrayOutputStream o = new ByteArrayOutputStream();
            o.writeBytes(varintBytes(x.length));
            o.writeBytes(x);
            return o.toByteArray();
        }
    }

    public static PropsBuilder props() {
        return new PropsBuilder();
    }

    public static byte[] varintBytes(int v) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        do {
            int d = v % 128;
            v /= 128;
            o.write(v > 0 ? d | 0x80 : d);
        } while (v > 0);
        return o.toByteArray();
    }

    /** A will for {@link ConnectBuilder}. */
    public record WillSpec(String topic, byte[] payload, int qos, boolean retain, PropsBuilder props) {
        public static WillSpec of(String topic, String payload, int qos, boolean retain) {
            return new WillSpec(topic, payload.getBytes(StandardCharsets.UTF_8), qos, retain, null);
        }

        public WillSpec withProps(PropsBuilder p) {
            return new WillSpec(topic, payload, qos, retain, p);
        }
    }

    /** CONNECT for any protocol level (3 = MQIsdp 3.1, 4 = 3.1.1, 5 = 5.0). */
    public static final class ConnectBuilder {
        private final int level;
        private String protocolName;
        private String clientId = "";
        private boolean clean = true;
        private int keepAlive = 60;
        private int extraFlags;
        private PropsBuilder props = new PropsBuilder();
        private WillSpec will;
        private String user;
        private byte[] password;

        ConnectBuilder(int level) {
            this.level = level;
            this.protocolName = level == V31 ? "MQIsdp" : "MQTT";
        }

        public ConnectBuilder clientId(String id) { this.clientId = id; return this; }
        public ConnectBuilder clean(boolean v) { this.clean = v; return this; }
        public ConnectBuilder keepAlive(int v) { this.keepAlive = v; return this; }
        public ConnectBuilder protocolName(String v) { this.protocolName = v; return this; }
        /** Raw bits OR-ed into the connect flags (e.g. 0x01, the reserved bit). */
        public ConnectBuilder extraFlags(int v) { this.extraFlags = v; return this; }
        public ConnectBuilder props(PropsBuilder v) { this.props = v; return this; }
        public ConnectBuilder sessionExpiry(long seconds) { this.props.u32(0x11, seconds); return this; }
        public ConnectBuilder will(WillSpec w) { this.will = w; return this; }
        public ConnectBuilder user(String u, String p) {
            this.user = u;
            this.password = p == null ? null : p.getBytes(StandardCharsets.UTF_8);
            return this;
        }

        public byte[] build() {
            int flags = extraFlags;
            if (clean) {
                flags |= 0x02;
            }
            if (will != null) {
                flags |= 0x04 | (will.qos() << 3) | (will.retain() ? 0x20 : 0);
            }
            if (user != null) {
                flags |= 0x80;
            }
            if (password != null) {
                flags |= 0x40;
            }
            Packet p = new Packet(0x10).str(protocolName).u8(level).u8(flags).u16(keepAlive);
            if (level == V5) {
                p.props(props);
            }
            p.str(clientId);
            if (will != null) {
                if (level == V5) {
                    p.props(will.props() == null ? new PropsBuilder() : will.props());
                }
                p.str(will.topic()).bin(will.payload());
            }
            if (user != null) {
                p.str(user);
            }
            if (password != null) {
                p.bin(password);
            }
            return p.build();
        }
    }

    public static ConnectBuilder connect(int level) {
        return new ConnectBuilder(level);
    }

    /** PUBLISH; props only for v5 (null = no property list for v3). */
    public static byte[] publish(String topic, int qos, boolean retain, boolean dup, int packetId, PropsBuilder v5Props,
            byte[] payload) {
        Packet p = new Packet(0x30 | (dup ? 8 : 0) | (qos << 1) | (retain ? 1 : 0)).str(topic);
        if (qos > 0) {
            p.u16(packetId);
        }
        if (v5Props != null) {
            p.props(v5Props);
        }
        return p.raw(payload).build();
    }

    public static byte[] publishV3(String topic, int qos, int packetId, String payload) {
        return publish(topic, qos, false, false, packetId, null, payload.getBytes(StandardCharsets.UTF_8));
    }

    public static byte[] publishV5(String topic, int qos, int packetId, String payload) {
        return publish(topic, qos, false, false, packetId, new PropsBuilder(), payload.getBytes(StandardCharsets.UTF_8));
    }

    /** SUBSCRIBE to one filter with the given options byte (v3: the QoS). */
    public static byte[] subscribe(boolean v5, int packetId, String filter, int options) {
        Packet p = new Packet(0x82).u16(packetId);
        if (v5) {
            p.u8(0);
        }
        return p.str(filter).u8(options).build();
    }

    public static byte[] ack(int type, int packetId) {
        return new Packet((type << 4) | (type == PUBREL ? 2 : 0)).u16(packetId).build();
    }

    public static byte[] pingreq() {
        return new byte[] {(byte) 0xC0, 0};
    }

    public static byte[] disconnect() {
        return new byte[] {(byte) 0xE0, 0};
    }

    public static byte[] disconnectV5(int reason, PropsBuilder props) {
        return new Packet(0xE0).u8(reason).props(props == null ? new PropsBuilder() : props).build();
    }

    /** Subscribes and waits for the SUBACK; fails unless it grants {@code options & 3}. */
    public void subscribeAndAwait(boolean v5, int packetId, String filter, int options) throws IOException {
        send(subscribe(v5, packetId, filter, options));
        Frame f = expect(SUBACK);
        byte[] codes = f.subackCodes(v5);
        if (f.packetId() != packetId || codes.length != 1 || codes[0] != (options & 3)) {
            throw new AssertionError("unexpected SUBACK " + f);
        }
    }

    public static byte[] hex(String hex) {
        String h = hex.replace(" ", "");
        byte[] b = new byte[h.length() / 2];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) Integer.parseInt(h.substring(2 * i, 2 * i + 2), 16);
        }
        return b;
    }

    public static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            o.writeBytes(p);
        }
        return o.toByteArray();
    }
}
