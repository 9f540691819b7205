package io.wrenmq.server.gateway.nng;

import java.util.Locale;

/**
 * The Scalability Protocols this package speaks, with the 16-bit ids of sp-protocol-ids-01 that each side sends in
 * the TCP handshake (sp-tcp-mapping-01) and the id its peer must send. A pipe whose peer sends another id is refused,
 * as nng's {@code pair1_pipe_start} and the pub0/sub0 equivalents do.
 */
public enum Protocol {
    /** PAIR v0: one peer, messages without a header. */
    PAIR0(0x10, 0x10),
    /** PAIR v1 (nng's default pair): one peer, each message body starts with a 32-bit big-endian hop count. */
    PAIR1(0x11, 0x11),
    /** PUB v0: sends to every connected subscriber, never receives. */
    PUB0(0x20, 0x21),
    /** SUB v0: receives from publishers and keeps the messages that start with a subscribed prefix; never sends. */
    SUB0(0x21, 0x20);

    private final int id;
    private final int peerId;

    Protocol(int id, int peerId) {
        this.id = id;
        this.peerId = peerId;
    }

    public int id() {
        return id;
    }

    public int peerId() {
        return peerId;
    }

    /** PAIR sockets talk to one peer at a time; a second pipe is refused (nng: NNG_EBUSY, "already paired"). */
    public boolean singlePeer() {
        return this == PAIR0 || this == PAIR1;
    }

    public boolean canSend() {
        return this != SUB0;
    }

    /** The name used in log lines and by nngcat ({@code --pair1}, {@code --sub0}). */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The protocol name for an id received in a handshake, or the id in hex when it is not one of ours. */
    static String nameOf(int id) {
        for (Protocol p : values()) {
            if (p.id == id) {
                return p.label();
            }
        }
        return String.format("0x%04x", id);
    }
}
