package io.wrenmq.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Random valid packets for property tests; deterministic for a given {@link Random}. */
final class PacketGenerator {
    /** Multi-byte characters of every UTF-8 length (2, 3 and a 4-byte surrogate pair). */
    private static final String[] PIECES = {"a", "b", "z", "0", "9", "/", "-", "_", " ", "é", "ß", "€", "中",
        "\uD83D\uDE00", "\uD834\uDD1E", "~"};

    private final Random rnd;
    private final ByteBufAllocator alloc;

    PacketGenerator(Random rnd, ByteBufAllocator alloc) {
        this.rnd = rnd;
        this.alloc = alloc;
    }

    String string(int maxPieces) {
        int n = rnd.nextInt(maxPieces + 1);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            sb.append(PIECES[rnd.nextInt(PIECES.length)]);
        }
        return sb.toString();
    }

    String nonEmpty(int maxPieces) {
        String s = string(maxPieces);
        return s.isEmpty() ? "t" : s;
    }

    String topicFilter() {
        String s = nonEmpty(12);
        switch (rnd.nextInt(4)) {
            case 0: return s + "/+";
            case 1: return s + "/#";
            default: return s;
        }
    }

    byte[] bytes(int max) {
        byte[] b = new byte[rnd.nextInt(max + 1)];
        rnd.nextBytes(b);
        return b;
    }

    private <T> T pick(List<T> list) {
        return list.get(rnd.nextInt(list.size()));
    }

    static List<ReasonCode> codes(boolean[] allowed) {
        List<ReasonCode> out = new ArrayList<>();
        for (ReasonCode c : ReasonCode.values()) {
            if (allowed[c.value()]) {
                out.add(c);
            }
        }
        return out;
    }

    /** Random valid properties for a context (MQTT 5 only). */
    Properties properties(PropertyContext context) {
        Properties.Builder b = Properties.builder();
        for (PropertyId p : PropertyId.values()) {
            if (!p.allowedIn(context) || rnd.nextInt(4) != 0) {
                continue;
            }
            switch (p.type()) {
                case BYTE: b.put(p, rnd.nextInt(2)); break;
                case TWO_BYTE_INTEGER: b.put(p, 1 + rnd.nextInt(65_535)); break;
                case FOUR_BYTE_INTEGER: b.put(p, 1 + (rnd.nextLong() & 0xFFFF_FFFFL) % 0xFFFF_FFFFL); break;
                case VARIABLE_BYTE_INTEGER: {
                    int n = context == PropertyContext.PUBLISH ? 1 + rnd.nextInt(3) : 1;
                    for (int i = 0; i < n; i++) {
                        b.addSubscriptionIdentifier(1 + rnd.nextInt(WireFormat.MAX_VAR_INT));
                    }
                    break;
                }
                case UTF8_STRING: b.putString(p, string(8)); break;
                case BINARY_DATA: b.putBinary(p, bytes(40)); break;
                case UTF8_STRING_PAIR: {
                    int n = 1 + rnd.nextInt(3);
                    for (int i = 0; i < n; i++) {
                        b.addUserProperty(string(6), string(6));
                    }
                    break;
                }
                default: throw new AssertionError(p);
            }
        }
        if (b.has(PropertyId.AUTHENTICATION_DATA) && !b.has(PropertyId.AUTHENTICATION_METHOD)) {
            b.putString(PropertyId.AUTHENTICATION_METHOD, "SCRAM-SHA-1");
        }
        return b.build();
    }

    private Properties props(MqttVersion v, PropertyContext c) {
        return v.isV5() ? properties(c) : Properties.EMPTY;
    }

    private int packetId() {
        return 1 + rnd.nextInt(65_535);
    }

    /** A valid packet of the type for the version; a PUBLISH owns a fresh payload the caller must release. */
    MqttPacket packet(PacketType type, MqttVersion v) {
        boolean v5 = v.isV5();
        switch (type) {
            case CONNECT: return connect(v);
            case CONNACK: {
                ReasonCode rc = v5 ? pick(codes(ReasonCodes.CONNACK))
                        : V3ReturnCodes.fromConnackReturnCode(rnd.nextInt(6));
                boolean sp = rc == ReasonCode.SUCCESS && v != MqttVersion.V3_1 && rnd.nextBoolean();
                return new Connack(sp, rc, props(v, PropertyContext.CONNACK));
            }
            case PUBLISH: return publish(v);
            case PUBACK: return new PubAck(packetId(), ackCode(v, ReasonCodes.PUBACK), props(v, PropertyContext.PUBACK));
            case PUBREC: return new PubRec(packetId(), ackCode(v, ReasonCodes.PUBREC), props(v, PropertyContext.PUBREC));
            case PUBREL: return new PubRel(packetId(), ackCode(v, ReasonCodes.PUBREL), props(v, PropertyContext.PUBREL));
            case PUBCOMP: return new PubComp(packetId(), ackCode(v, ReasonCodes.PUBCOMP), props(v, PropertyContext.PUBCOMP));
            case SUBSCRIBE: {
                List<Subscription> subs = new ArrayList<>();
                for (int i = 0, n = 1 + rnd.nextInt(4); i < n; i++) {
                    subs.add(v5 ? new Subscription(topicFilter(), rnd.nextInt(3), rnd.nextBoolean(), rnd.nextBoolean(),
                            rnd.nextInt(3)) : new Subscription(topicFilter(), rnd.nextInt(3)));
                }
                return new Subscribe(packetId(), subs, props(v, PropertyContext.SUBSCRIBE));
            }
            case SUBACK: {
                List<ReasonCode> allowed = v5 ? codes(ReasonCodes.SUBACK) : List.of(ReasonCode.SUCCESS,
                        ReasonCode.GRANTED_QOS_1, ReasonCode.GRANTED_QOS_2, ReasonCode.UNSPECIFIED_ERROR);
                List<ReasonCode> rcs = new ArrayList<>();
                for (int i = 0, n = 1 + rnd.nextInt(5); i < n; i++) {
                    rcs.add(pick(allowed));
                }
                return new SubAck(packetId(), rcs, props(v, PropertyContext.SUBACK));
            }
            case UNSUBSCRIBE: {
                List<String> filters = new ArrayList<>();
                for (int i = 0, n = 1 + rnd.nextInt(4); i < n; i++) {
                    filters.add(topicFilter());
                }
                return new Unsubscribe(packetId(), filters, props(v, PropertyContext.UNSUBSCRIBE));
            }
            case UNSUBACK: {
                List<ReasonCode> rcs = new ArrayList<>();
                if (v5) {
                    for (int i = 0, n = 1 + rnd.nextInt(4); i < n; i++) {
                        rcs.add(pick(codes(ReasonCodes.UNSUBACK)));
                    }
                }
                return new UnsubAck(packetId(), rcs, props(v, PropertyContext.UNSUBACK));
            }
            case PINGREQ: return PingReq.INSTANCE;
            case PINGRESP: return PingResp.INSTANCE;
            case DISCONNECT:
                return v5 ? new Disconnect(pick(codes(ReasonCodes.DISCONNECT)), properties(PropertyContext.DISCONNECT))
                        : Disconnect.NORMAL;
            case AUTH: return new Auth(pick(codes(ReasonCodes.AUTH)), properties(PropertyContext.AUTH));
            default: throw new AssertionError(type);
        }
    }

    private ReasonCode ackCode(MqttVersion v, boolean[] allowed) {
        return v.isV5() && rnd.nextBoolean() ? pick(codes(allowed)) : ReasonCode.SUCCESS;
    }

    Connect connect(MqttVersion v) {
        boolean v5 = v.isV5();
        Will will = null;
        if (rnd.nextBoolean()) {
            will = new Will(nonEmpty(10), rnd.nextInt(3), rnd.nextBoolean(), bytes(60), props(v, PropertyContext.WILL));
        }
        String user = rnd.nextBoolean() ? string(8) : null;
        byte[] password = (user != null || v5) && rnd.nextBoolean() ? bytes(20) : null;
        return new Connect(v, rnd.nextBoolean(), rnd.nextInt(65_536), string(10), will, user, password,
                props(v, PropertyContext.CONNECT));
    }

    Publish publish(MqttVersion v) {
        int qos = rnd.nextInt(3);
        Properties props = v.isV5() ? properties(PropertyContext.PUBLISH) : Properties.EMPTY;
        String topic = nonEmpty(20);
        if (v.isV5() && props.has(PropertyId.TOPIC_ALIAS) && rnd.nextBoolean()) {
            topic = ""; // the alias names it (section 3.3.2.3.4)
        }
        int size;
        switch (rnd.nextInt(6)) {
            case 0: size = 0; break;
            case 1: size = MqttEncoder.COPY_THRESHOLD - 1 + rnd.nextInt(3); break; // around the copy threshold
            case 2: size = 1000 + rnd.nextInt(5000); break;
            default: size = rnd.nextInt(300);
        }
        byte[] data = new byte[size];
        rnd.nextBytes(data);
        ByteBuf payload = alloc.buffer(size).writeBytes(data);
        return new Publish(qos > 0 && rnd.nextBoolean(), qos, rnd.nextBoolean(), topic, qos > 0 ? packetId() : 0,
                props, payload);
    }
}
