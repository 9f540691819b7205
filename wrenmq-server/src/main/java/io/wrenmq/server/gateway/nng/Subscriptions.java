package io.wrenmq.server.gateway.nng;

import io.netty.buffer.ByteBuf;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A SUB socket's topic prefixes. SP has no subscription messages on the wire (sp-publish-subscribe-01, section 3:
 * "the filtering is done on the subscriber side"): the publisher sends everything and a message is kept when its body
 * starts with any subscribed prefix. No prefix keeps nothing; the empty prefix keeps everything (nng sub0).
 * Written rarely (configuration), read per message from the pipes' loops: copy-on-write.
 */
final class Subscriptions {
    private final List<byte[]> prefixes = new CopyOnWriteArrayList<>();

    synchronized void add(byte[] prefix) {
        if (indexOf(prefix) < 0) {
            prefixes.add(prefix.clone());
        }
    }

    synchronized boolean remove(byte[] prefix) {
        int i = indexOf(prefix);
        if (i >= 0) {
            prefixes.remove(i);
        }
        return i >= 0;
    }

    private int indexOf(byte[] prefix) {
        for (int i = 0; i < prefixes.size(); i++) {
            if (Arrays.equals(prefixes.get(i), prefix)) {
                return i;
            }
        }
        return -1;
    }

    boolean matches(ByteBuf body) {
        for (byte[] prefix : prefixes) {
            if (startsWith(body, prefix)) {
                return true;
            }
        }
        return false;
    }

    private static boolean startsWith(ByteBuf body, byte[] prefix) {
        if (body.readableBytes() < prefix.length) {
            return false;
        }
        int at = body.readerIndex();
        for (int i = 0; i < prefix.length; i++) {
            if (body.getByte(at + i) != prefix[i]) {
                return false;
            }
        }
        return true;
    }
}
