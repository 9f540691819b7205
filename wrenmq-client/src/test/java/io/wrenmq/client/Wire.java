package io.wrenmq.client;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.wrenmq.codec.DecodeFailure;
import io.wrenmq.codec.MqttDecoder;
import io.wrenmq.codec.MqttVersion;
import io.wrenmq.codec.Publish;
import java.util.ArrayList;
import java.util.List;

/** Decodes recorded bytes into packets for assertions (PUBLISH payloads are released; fields stay readable). */
final class Wire {
    private Wire() {
    }

    /** What a client sent, decoded as a server would (the first packet is CONNECT). */
    static List<Object> fromClient(byte[] bytes) {
        return decode(new MqttDecoder(1 << 20), bytes);
    }

    /** What a server sent, decoded as a client would. */
    static List<Object> fromServer(byte[] bytes, MqttVersion version) {
        return decode(MqttDecoder.forClient(version, 1 << 20), bytes);
    }

    private static List<Object> decode(MqttDecoder decoder, byte[] bytes) {
        ByteBuf in = Unpooled.wrappedBuffer(bytes);
        List<Object> out = new ArrayList<>();
        Object o;
        while ((o = decoder.decode(in)) != null) {
            if (o instanceof DecodeFailure) {
                throw new AssertionError("recorded bytes do not decode: " + o + " after " + out);
            }
            out.add(o);
            if (o instanceof Publish) {
                ((Publish) o).release();
            }
        }
        return out;
    }

    static List<Publish> publishes(List<Object> packets) {
        List<Publish> out = new ArrayList<>();
        for (Object o : packets) {
            if (o instanceof Publish) {
                out.add((Publish) o);
            }
        }
        return out;
    }
}
