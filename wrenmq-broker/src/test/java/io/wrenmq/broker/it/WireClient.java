package io.wrenmq.broker.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A tiny MQTT client that writes and reads raw bytes, for the details real clients hide (packet ids,
 * DUP resends, not acknowledging, topic aliases on the wire, exact reason codes). It encodes and decodes
 * on its own (it does NOT use the broker's codec, so a codec bug cannot hide itself). Used by the
 * Qos/FlowControl/TopicAlias/Properties/Sys tests of this package; loopback only.
 */
final class WireClient implements AutoCloseable {
    static final int V311 = 4;
    static final int V5 = 5;

    static final int CONNACK = 2, PUBLISH = 3, PUBACK = 4, PUBREC = 5, PUBREL = 6, PUBCOMP = 7, SUBACK = 9,
            UNSUBACK = 11, PINGRESP = 13, DISCONNECT = 14;

    // property ids (MQTT 5 section 2.2.2.2)
    static final int PAYLOAD_FORMAT = 0x01, MESSAGE_EXPIRY = 0x02, CONTENT_TYPE = 0x03, RESPONSE_TOPIC = 0x08,
            CORRELATION_DATA = 0x09, SUBSCRIPTION_ID = 0x0B, SESSION_EXPIRY = 0x11, ASSIGNED_CLIENT_ID = 0x12,
            SERVER_KEEP_ALIVE = 0x13, REQUEST_PROBLEM_INFO = 0x17, REQUEST_RESPONSE_INFO = 0x19,
            RESPONSE_INFO = 0x1A, REASON_STRING = 0x1F, RECEIVE_MAXIMUM = 0x21, TOPIC_ALIAS_MAXIMUM = 0x22,
            TOPIC_ALIAS = 0x23, MAXIMUM_QOS = 0x24, RETAIN_AVAILABLE = 0x25, USER_PROPERTY = 0x26,
            MAXIMUM_PACKET_SIZE = 0x27, WILDCARD_AVAILABLE = 0x28, SUBSCRIPTION_ID_AVAILABLE = 0x29,
            SHARED_AVAILABLE = 0x2A;

    private static final Packet EOF = new Packet(-1, 0, new byte[0], 0);

    private final Socket socket;
    private final OutputStream out;
    private final int version;
    private final BlockingQueue<Packet> in = new LinkedBlockingQueue<>();
    private final Thread reader;
    private volatile boolean closed;

    private WireClient(int port, int version) throws IOException {
        this.socket = new Socket("127.0.0.1", port);
        socket.setTcpNoDelay(true);
        this.out = socket.getOutputStream();
        this.version = version;
        this.reader = new Thread(this::readLoop, "wire-client-reader");
        reader.setDaemon(true);
        reader.start();
    }

    static WireClient open(TestBroker broker, int version) throws IOException {
        return new WireClient(broker.port(), version);
    }

    /** Opens, sends CONNECT (clean start, keep alive 0) and returns the client once CONNACK 0 arrived. */
    static WireClient connect(TestBroker broker, String clientId, Props props) throws IOException {
        WireClient c = open(broker, V5);
        Packet ack = c.sendConnect(clientId, true, props);
        assertThat(ack.type).as("CONNACK").isEqualTo(CONNACK);
        assertThat(ack.connackReason()).as("CONNACK reason").isZero();
        return c;
    }

    static WireClient connect(TestBroker broker, String clientId) throws IOException {
        return connect(broker, clientId, new Props());
    }

    static WireClient connectV311(TestBroker broker, String clientId) throws IOException {
        WireClient c = open(broker, V311);
        Packet ack = c.sendConnect(clientId, true, new Props());
        assertThat(ack.type).isEqualTo(CONNACK);
        assertThat(ack.connackReason()).isZero();
        return c;
    }

    int version() {
        return version;
    }

    // ---- sending ----

    Packet sendConnect(String clientId, boolean cleanStart, Props props) throws IOException {
        Buf b = new Buf();
        b.str("MQTT").u8(version).u8(cleanStart ? 0x02 : 0).u16(0);
        if (version == V5) {
            b.props(props);
        }
        b.str(clientId);
        send(0x10, b);
        return next(5);
    }

    void publish(String topic, int qos, int packetId, boolean dup, boolean retain, Props props, byte[] payload)
            throws IOException {
        Buf b = new Buf();
        b.str(topic);
        if (qos > 0) {
            b.u16(packetId);
        }
        if (version == V5) {
            b.props(props);
        }
        b.bytes(payload);
        send(0x30 | (dup ? 0x08 : 0) | qos << 1 | (retain ? 1 : 0), b);
    }

    void publish(String topic, int qos, int packetId, String payload) throws IOException {
        publish(topic, qos, packetId, false, false, new Props(), payload.getBytes(StandardCharsets.UTF_8));
    }

    /** SUBSCRIBE one filter with the given options byte (QoS | NL 0x04 | RAP 0x08 | RH << 4). */
    void subscribe(int packetId, String filter, int options, Props props) throws IOException {
        Buf b = new Buf();
        b.u16(packetId);
        if (version == V5) {
            b.props(props);
        }
        b.str(filter).u8(options);
        send(0x82, b);
    }

    /** SUBSCRIBE and wait for the SUBACK; returns its reason codes. */
    int[] subscribeAndWait(int packetId, String filter, int options, Props props) throws IOException {
        subscribe(packetId, filter, options, props);
        Packet ack = expect(SUBACK);
        assertThat(ack.packetId()).isEqualTo(packetId);
        return ack.subackCodes();
    }

    /** SUBSCRIBE several filters in one packet: {@code filters[i]} with {@code options[i]}; returns the SUBACK codes. */
    int[] subscribeMany(int packetId, Props props, String[] filters, int[] options) throws IOException {
        Buf b = new Buf();
        b.u16(packetId);
        if (version == V5) {
            b.props(props);
        }
        for (int i = 0; i < filters.length; i++) {
            b.str(filters[i]).u8(options[i]);
        }
        send(0x82, b);
        Packet ack = expect(SUBACK);
        assertThat(ack.packetId()).isEqualTo(packetId);
        return ack.subackCodes();
    }

    /** UNSUBSCRIBE and wait for the UNSUBACK; returns its reason codes (none for v3.1.1). */
    int[] unsubscribe(int packetId, String... filters) throws IOException {
        Buf b = new Buf();
        b.u16(packetId);
        if (version == V5) {
            b.props(new Props());
        }
        for (String f : filters) {
            b.str(f);
        }
        send(0xA2, b);
        Packet ack = expect(UNSUBACK);
        assertThat(ack.packetId()).isEqualTo(packetId);
        return ack.subackCodes();
    }

    void ack(int type, int packetId) throws IOException {
        Buf b = new Buf().u16(packetId);
        send(type << 4 | (type == PUBREL ? 0x02 : 0), b);
    }

    void disconnect() throws IOException {
        send(0xE0, new Buf());
    }

    void sendRaw(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    private void send(int firstByte, Buf body) throws IOException {
        ByteArrayOutputStream frame = batch != null ? batch : new ByteArrayOutputStream();
        frame.write(firstByte);
        writeVarInt(frame, body.size());
        body.writeTo(frame);
        if (batch == null) {
            synchronized (out) {
                out.write(frame.toByteArray());
                out.flush();
            }
        }
    }

    private ByteArrayOutputStream batch;

    /** From now on packets are collected and written together by {@link #flushBatch()} (fewer syscalls). */
    void startBatch() {
        batch = new ByteArrayOutputStream();
    }

    /** Writes the collected packets in one go and stops batching. */
    void flushBatch() throws IOException {
        ByteArrayOutputStream b = batch;
        batch = null;
        synchronized (out) {
            out.write(b.toByteArray());
            out.flush();
        }
    }

    // ---- receiving ----

    /** The next packet within the timeout; fails when none came or the connection closed. */
    Packet next(int seconds) {
        Packet p = poll(seconds * 1000L);
        if (p == null) {
            fail("no packet within " + seconds + " s");
        }
        if (p == EOF) {
            in.add(EOF);
            fail("connection closed by the broker");
        }
        return p;
    }

    /** The next packet, which must be of this type. */
    Packet expect(int type) {
        Packet p = next(5);
        assertThat(p.type).as("packet type of " + p).isEqualTo(type);
        return p;
    }

    /** Asserts that nothing arrives within {@code millis} (used only to prove an absence). */
    void expectNothing(long millis) {
        Packet p = poll(millis);
        if (p == EOF) {
            in.add(EOF);
            fail("connection closed by the broker");
        }
        assertThat(p).as("no packet expected").isNull();
    }

    /** Waits for a DISCONNECT (v5) followed by the close; returns the DISCONNECT. */
    Packet expectDisconnect() {
        Packet p = next(5);
        assertThat(p.type).as("expected DISCONNECT, got " + p).isEqualTo(DISCONNECT);
        expectClosed();
        return p;
    }

    /** Waits until the broker closed the connection (ignoring packets before). */
    void expectClosed() {
        long deadline = System.currentTimeMillis() + 5000;
        while (true) {
            Packet p = poll(Math.max(1, deadline - System.currentTimeMillis()));
            if (p == EOF) {
                in.add(EOF);
                return;
            }
            if (p == null) {
                fail("connection still open after 5 s");
            }
        }
    }

    private Packet poll(long millis) {
        try {
            return in.poll(millis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private void readLoop() {
        try {
            DataInputStream din = new DataInputStream(new java.io.BufferedInputStream(socket.getInputStream(), 65536));
            while (true) {
                int first = din.read();
                if (first < 0) {
                    break;
                }
                int len = readVarInt(din);
                byte[] body = new byte[len];
                din.readFully(body);
                in.add(new Packet(first >> 4, first & 0x0F, body, version));
            }
        } catch (IOException e) {
            // closed
        }
        in.add(EOF);
    }

    @Override
    public void close() {
        closed = true;
        try {
            socket.close();
        } catch (IOException e) {
            // ignore
        }
    }

    boolean isClosed() {
        return closed;
    }

    // ---- packets ----

    /** One received packet with lazy decoders for the fields the tests look at. */
    static final class Packet {
        final int type;
        final int flags;
        final byte[] body;
        final int version;

        Packet(int type, int flags, byte[] body, int version) {
            this.type = type;
            this.flags = flags;
            this.body = body;
            this.version = version;
        }

        int qos() {
            return flags >> 1 & 3;
        }

        boolean dup() {
            return (flags & 0x08) != 0;
        }

        boolean retain() {
            return (flags & 1) != 0;
        }

        // PUBLISH
        String topic() {
            return new Reader(body).str();
        }

        int packetId() {
            if (type == PUBLISH) {
                Reader r = new Reader(body);
                r.str();
                return qos() > 0 ? r.u16() : 0;
            }
            return new Reader(body).u16();
        }

        Props props() {
            if (version != V5) {
                return new Props();
            }
            Reader r = new Reader(body);
            switch (type) {
                case PUBLISH:
                    r.str();
                    if (qos() > 0) {
                        r.u16();
                    }
                    return r.props();
                case CONNACK:
                    r.u8();
                    r.u8();
                    return r.remaining() > 0 ? r.props() : new Props();
                case DISCONNECT:
                    if (r.remaining() < 2) {
                        return new Props();
                    }
                    r.u8();
                    return r.props();
                case PUBACK: case PUBREC: case PUBREL: case PUBCOMP:
                    r.u16();
                    if (r.remaining() < 2) {
                        return new Props();
                    }
                    r.u8();
                    return r.props();
                case SUBACK: case UNSUBACK:
                    r.u16();
                    return r.props();
                default:
                    return new Props();
            }
        }

        byte[] payload() {
            Reader r = new Reader(body);
            r.str();
            if (qos() > 0) {
                r.u16();
            }
            if (version == V5) {
                r.props();
            }
            return r.rest();
        }

        String payloadString() {
            return new String(payload(), StandardCharsets.UTF_8);
        }

        int connackReason() {
            return body[1] & 0xFF;
        }

        boolean sessionPresent() {
            return (body[0] & 1) != 0;
        }

        /** Reason code of PUBACK/PUBREC/PUBREL/PUBCOMP (0 when omitted) or DISCONNECT. */
        int reasonCode() {
            if (type == DISCONNECT) {
                return body.length == 0 ? 0 : body[0] & 0xFF;
            }
            return body.length > 2 ? body[2] & 0xFF : 0;
        }

        int[] subackCodes() {
            Reader r = new Reader(body);
            r.u16();
            if (version == V5) {
                r.props();
            }
            byte[] rest = r.rest();
            int[] codes = new int[rest.length];
            for (int i = 0; i < rest.length; i++) {
                codes[i] = rest[i] & 0xFF;
            }
            return codes;
        }

        @Override
        public String toString() {
            return "Packet[type=" + type + ", flags=" + flags + ", " + body.length + " bytes]";
        }
    }

    /** MQTT 5 properties in wire order: a list of (id, value). Values: Long, String, byte[] or String[2]. */
    static final class Props {
        final List<Object[]> entries = new ArrayList<>();

        Props put(int id, Object value) {
            entries.add(new Object[] {id, value});
            return this;
        }

        Props user(String name, String value) {
            return put(USER_PROPERTY, new String[] {name, value});
        }

        boolean has(int id) {
            return get(id) != null;
        }

        Object get(int id) {
            for (Object[] e : entries) {
                if ((int) e[0] == id) {
                    return e[1];
                }
            }
            return null;
        }

        long num(int id) {
            Object v = get(id);
            assertThat(v).as("property 0x%02X", id).isNotNull();
            return ((Number) v).longValue();
        }

        List<Long> all(int id) {
            List<Long> out = new ArrayList<>();
            for (Object[] e : entries) {
                if ((int) e[0] == id) {
                    out.add(((Number) e[1]).longValue());
                }
            }
            return out;
        }

        List<String> userProperties() {
            List<String> out = new ArrayList<>();
            for (Object[] e : entries) {
                if ((int) e[0] == USER_PROPERTY) {
                    String[] kv = (String[]) e[1];
                    out.add(kv[0] + "=" + kv[1]);
                }
            }
            return out;
        }
    }

    static int propType(int id) {
        switch (id) {
            case 0x01: case 0x17: case 0x19: case 0x24: case 0x25: case 0x28: case 0x29: case 0x2A:
                return 1; // byte
            case 0x13: case 0x21: case 0x22: case 0x23:
                return 2; // two-byte integer
            case 0x02: case 0x11: case 0x18: case 0x27:
                return 4; // four-byte integer
            case 0x0B:
                return 'v'; // variable byte integer
            case 0x03: case 0x08: case 0x12: case 0x15: case 0x1A: case 0x1C: case 0x1F:
                return 's'; // UTF-8 string
            case 0x09: case 0x16:
                return 'b'; // binary
            case 0x26:
                return 'p'; // string pair
            default:
                throw new AssertionError("unknown property id " + id);
        }
    }

    // ---- encoding helpers ----

    static final class Buf {
        private final ByteArrayOutputStream b = new ByteArrayOutputStream();

        Buf u8(int v) {
            b.write(v);
            return this;
        }

        Buf u16(int v) {
            b.write(v >> 8 & 0xFF);
            b.write(v & 0xFF);
            return this;
        }

        Buf u32(long v) {
            u16((int) (v >> 16 & 0xFFFF));
            return u16((int) (v & 0xFFFF));
        }

        Buf str(String s) {
            return bin(s.getBytes(StandardCharsets.UTF_8));
        }

        Buf bin(byte[] v) {
            u16(v.length);
            return bytes(v);
        }

        Buf bytes(byte[] v) {
            b.write(v, 0, v.length);
            return this;
        }

        Buf varInt(int v) {
            writeVarInt(b, v);
            return this;
        }

        Buf props(Props p) {
            Buf body = new Buf();
            for (Object[] e : p.entries) {
                int id = (int) e[0];
                Object v = e[1];
                body.u8(id);
                switch (propType(id)) {
                    case 1: body.u8(((Number) v).intValue()); break;
                    case 2: body.u16(((Number) v).intValue()); break;
                    case 4: body.u32(((Number) v).longValue()); break;
                    case 'v': body.varInt(((Number) v).intValue()); break;
                    case 's': body.str((String) v); break;
                    case 'b': body.bin((byte[]) v); break;
                    default:
                        String[] kv = (String[]) v;
                        body.str(kv[0]).str(kv[1]);
                }
            }
            varInt(body.size());
            return bytes(body.b.toByteArray());
        }

        int size() {
            return b.size();
        }

        void writeTo(OutputStream o) throws IOException {
            b.writeTo(o);
        }
    }

    static final class Reader {
        private final byte[] a;
        private int pos;

        Reader(byte[] a) {
            this.a = a;
        }

        int remaining() {
            return a.length - pos;
        }

        int u8() {
            return a[pos++] & 0xFF;
        }

        int u16() {
            return u8() << 8 | u8();
        }

        long u32() {
            return (long) u16() << 16 | u16();
        }

        int varInt() {
            int v = 0;
            int mul = 1;
            int d;
            do {
                d = u8();
                v += (d & 0x7F) * mul;
                mul *= 128;
            } while ((d & 0x80) != 0);
            return v;
        }

        byte[] bin() {
            int n = u16();
            byte[] v = java.util.Arrays.copyOfRange(a, pos, pos + n);
            pos += n;
            return v;
        }

        String str() {
            return new String(bin(), StandardCharsets.UTF_8);
        }

        byte[] rest() {
            byte[] v = java.util.Arrays.copyOfRange(a, pos, a.length);
            pos = a.length;
            return v;
        }

        Props props() {
            Props p = new Props();
            int end = varInt() + pos;
            while (pos < end) {
                int id = u8();
                switch (propType(id)) {
                    case 1: p.put(id, (long) u8()); break;
                    case 2: p.put(id, (long) u16()); break;
                    case 4: p.put(id, u32()); break;
                    case 'v': p.put(id, (long) varInt()); break;
                    case 's': p.put(id, str()); break;
                    case 'b': p.put(id, bin()); break;
                    default: p.put(id, new String[] {str(), str()});
                }
            }
            return p;
        }
    }

    static void writeVarInt(ByteArrayOutputStream o, int v) {
        do {
            int d = v % 128;
            v /= 128;
            o.write(v > 0 ? d | 0x80 : d);
        } while (v > 0);
    }

    private static int readVarInt(InputStream in) throws IOException {
        int v = 0;
        int mul = 1;
        for (int i = 0; i < 4; i++) {
            int d = in.read();
            if (d < 0) {
                throw new EOFException();
            }
            v += (d & 0x7F) * mul;
            if ((d & 0x80) == 0) {
                return v;
            }
            mul *= 128;
        }
        throw new IOException("malformed remaining length");
    }
}
