package io.wrenmq.codec;

import io.netty.buffer.ByteBuf;
import java.util.List;

/**
 * Turns the inbound byte stream of one connection into packets. Not a Netty handler and not thread-safe:
 * one instance per connection, used on its event loop.
 *
 * <p>{@link #decode} looks at {@code in} from its reader index. It returns null when a whole frame is not
 * there yet (nothing consumed), or consumes exactly one frame and returns either an {@link MqttPacket} or a
 * {@link DecodeFailure}. The size limit is checked as soon as the fixed header is readable, before waiting
 * for the body, so a peer cannot make us buffer an oversize packet. A failure is final: every later call
 * discards what is readable and returns the same failure; the caller closes the connection (after a v5
 * DISCONNECT or CONNACK with the failure's reason code, where the spec asks for one).
 *
 * <p>Buffer ownership: {@code in} stays the caller's. A decoded {@link Publish} holds a retained slice of
 * {@code in} for its payload (zero copy), which the receiver of the packet must release; no other packet
 * keeps a reference to {@code in}. Because payloads share memory with {@code in}, the caller must not
 * overwrite bytes of {@code in} while a payload slice is alive (no {@code discardReadBytes()} on a cumulation
 * whose refCnt is above 1); Netty's ByteToMessageDecoder cumulators already copy instead in that case.
 *
 * <p>Before a version is known only CONNECT is accepted [MQTT-3.1.0-1]; the first CONNECT sets the
 * version. A client uses {@link #forClient}: it decodes what a server sends (CONNACK, PUBLISH and its acks,
 * SUBACK, UNSUBACK, PINGRESP, DISCONNECT, AUTH) and refuses the client-only packets as a Protocol Error.
 */
public final class MqttDecoder {
    private final FrameReader reader = new FrameReader();
    private int maxPacketSize;
    private MqttVersion version;
    private DecoderTable table = DecoderTable.PRE_CONNECT;
    private DecodeFailure failure;
    private boolean clientSide;

    /** @param maxPacketSize the largest whole packet (fixed header included) we accept, in bytes */
    public MqttDecoder(int maxPacketSize) {
        setMaxPacketSize(maxPacketSize);
    }

    /**
     * A decoder for the client end of a connection: it reads server-to-client packets of {@code version}
     * from the first byte on (the CONNACK included).
     */
    public static MqttDecoder forClient(MqttVersion version, int maxPacketSize) {
        MqttDecoder d = new MqttDecoder(maxPacketSize);
        d.clientSide = true;
        d.setVersion(version);
        return d;
    }

    public void setMaxPacketSize(int maxPacketSize) {
        if (maxPacketSize < 2) {
            throw new IllegalArgumentException("maxPacketSize " + maxPacketSize);
        }
        this.maxPacketSize = maxPacketSize;
    }

    public int maxPacketSize() {
        return maxPacketSize;
    }

    /** The connection's protocol version, or null before CONNECT. */
    public MqttVersion version() {
        return version;
    }

    public void setVersion(MqttVersion version) {
        if (clientSide && version == null) {
            throw new IllegalArgumentException("a client-side decoder needs a version");
        }
        this.version = version;
        this.table = clientSide ? DecoderTable.forClient(version) : DecoderTable.forVersion(version);
    }

    /** The failure this decoder has returned, or null. */
    public DecodeFailure failure() {
        return failure;
    }

    /**
     * Decodes every whole frame in {@code in} into {@code out} (one read, many packets), as a Netty
     * {@code ByteToMessageDecoder} wants it. A failure is added once and ends the stream: what follows it is
     * discarded, now and on later calls, because the caller closes the connection.
     */
    public void decodeAll(ByteBuf in, List<Object> out) {
        if (failure != null) {
            in.skipBytes(in.readableBytes());
            return;
        }
        while (in.isReadable()) {
            Object result = decode(in);
            if (result == null) {
                return;
            }
            out.add(result);
            if (result instanceof DecodeFailure) {
                return; // decode() has already skipped the rest of the input
            }
        }
    }

    /**
     * Decodes one frame.
     *
     * @return null when more bytes are needed, else an {@link MqttPacket} or a {@link DecodeFailure}
     */
    public Object decode(ByteBuf in) {
        if (failure != null) {
            in.skipBytes(in.readableBytes());
            return failure;
        }
        int start = in.readerIndex();
        int limit = in.writerIndex();
        if (start >= limit) {
            return null;
        }
        int b0 = in.getUnsignedByte(start);
        int type = b0 >>> 4;
        DecoderTable t = table;
        PacketDecoder decoder = t.decoders[type];
        if (decoder == null) {
            // Refused on the first byte: no need to wait for (or buffer) the body of a packet we will not take.
            return fail(in, t.rejectReason[type], type, t.rejectMessage[type]);
        }
        // Remaining Length: a Variable Byte Integer of at most 4 bytes, minimally encoded [MQTT-1.5.5-1].
        int index = start + 1;
        int remaining = 0;
        int shift = 0;
        for (int i = 0; ; i++) {
            if (i == 4) {
                return fail(in, ReasonCode.MALFORMED_PACKET, type, "remaining length longer than 4 bytes");
            }
            if (index >= limit) {
                return null;
            }
            int b = in.getUnsignedByte(index++);
            remaining |= (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                if (b == 0 && i > 0) {
                    return fail(in, ReasonCode.MALFORMED_PACKET, type,
                            "remaining length not minimally encoded [MQTT-1.5.5-1]");
                }
                break;
            }
            shift += 7;
        }
        int total = index - start + remaining;
        if (total > maxPacketSize) {
            // Decided on the header alone, before the body is buffered (section 3.1.2.11.4 / 3.2.2.3.6).
            return fail(in, ReasonCode.PACKET_TOO_LARGE, type,
                    "packet of " + total + " bytes exceeds the maximum of " + maxPacketSize);
        }
        if (limit - start < total) {
            return null;
        }
        int flags = b0 & 0x0F;
        int expectedFlags = DecoderTable.FIXED_FLAGS[type];
        if (expectedFlags >= 0 && flags != expectedFlags) {
            return fail(in, ReasonCode.MALFORMED_PACKET, type,
                    "reserved fixed header flags " + Integer.toBinaryString(flags) + " [MQTT-2.1.3-1]");
        }
        int frameEnd = start + total;
        reader.reset(in, index, frameEnd);
        MqttPacket packet;
        try {
            packet = decoder.decode(reader, flags, this);
        } catch (DecodeException e) {
            return fail(in, e.reason(), type, e.getMessage());
        } catch (RuntimeException e) {
            // Defence in depth: whatever slipped past the checks is still a bad packet, not a crash.
            return fail(in, ReasonCode.MALFORMED_PACKET, type, "cannot decode: " + e);
        } finally {
            reader.clear();
        }
        in.readerIndex(frameEnd);
        return packet;
    }

    private DecodeFailure fail(ByteBuf in, ReasonCode reason, int type, String message) {
        failure = new DecodeFailure(reason, PacketType.of(type), version, message);
        in.skipBytes(in.readableBytes());
        return failure;
    }
}
