package io.wrenmq.server.gateway.nng;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * What a broken or hostile peer gets: the pipe is closed, counted and logged (rate limited), the socket keeps
 * serving good peers, and nothing leaks. Peers are plain sockets (RawPeer) sending what nngcat never would, and nngcat
 * for the good peer and the protocol mismatch seen from nng's side.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class NngHostilePeerTest {
    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final byte[] PAIR1_HEADER = RawPeer.header(Protocol.PAIR1.id());

    @TempDir
    Path dir;
    private final List<AutoCloseable> open = new ArrayList<>();
    private final Queue<String> received = new ConcurrentLinkedQueue<>();
    private final ListAppender<ILoggingEvent> logged = new ListAppender<>();
    private final Logger socketLog = (Logger) LoggerFactory.getLogger(NngSocket.class);

    @BeforeEach
    void captureLog() {
        logged.start();
        socketLog.addAppender(logged);
    }

    @AfterEach
    void closeAll() throws Exception {
        socketLog.detachAppender(logged);
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
    }

    private NngSocket listen(Protocol protocol, NngOptions options) throws IOException {
        NngSocket socket = NngSocket.open(protocol, "tcp://127.0.0.1:0", Mode.LISTEN, options,
                (s, body) -> received.add(body.toString(StandardCharsets.ISO_8859_1)));
        open.add(socket);
        return socket;
    }

    private RawPeer peer(NngSocket socket) throws IOException {
        RawPeer peer = new RawPeer(socket.localPort());
        open.add(peer);
        return peer;
    }

    private List<String> infoLines() {
        return logged.list.stream().filter(e -> e.getLevel() == Level.INFO).map(ILoggingEvent::getFormattedMessage)
                .toList();
    }

    @Test
    void aPeerThatIsNotSpGetsOurHeaderThenIsClosedAndAGoodPeerStillWorks() throws Exception {
        NngSocket pair = listen(Protocol.PAIR1, NngOptions.defaults());

        byte[] answer = peer(pair).send("GET / HTTP/1.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII)).readToEnd();

        assertThat(answer).containsExactly(PAIR1_HEADER);
        await().atMost(WAIT).until(() -> pair.counters().refused() == 1);
        assertThat(infoLines()).singleElement().asString().contains("not an SP connection header (474554202f204854)");

        NngCat good = NngCat.start(dir, "--pair1", "--dial", NngCat.url(pair.localPort()), "--data", "good",
                "--interval", "1");
        open.add(good);
        await().atMost(WAIT).until(() -> received.contains("good"));
    }

    @Test
    void aPeerSpeakingAnotherProtocolIsRefusedOnBothSides() throws Exception {
        NngSocket pair = listen(Protocol.PAIR1, NngOptions.defaults());
        assertThat(peer(pair).send(RawPeer.header(Protocol.PUB0.id())).readToEnd()).containsExactly(PAIR1_HEADER);
        await().atMost(WAIT).until(() -> pair.counters().refused() == 1);
        assertThat(infoLines()).singleElement().asString()
                .contains("peer protocol pub0 is not a valid peer of pair1 (expects pair1)");

        // nng refuses us as well when we dial it with the wrong protocol; we count and log our side.
        int port = NngCat.freePort();
        open.add(NngCat.start(dir, "--pair1", "--listen", NngCat.url(port), "--quoted"));
        NngSocket sub = NngSocket.open(Protocol.SUB0, NngCat.url(port), Mode.DIAL, NngOptions.defaults(),
                (s, body) -> { });
        open.add(sub);
        await().atMost(WAIT).until(() -> sub.counters().refused() >= 1);
        assertThat(sub.pipeCount()).isZero();
    }

    @Test
    void anOversizedLengthClosesThePipeBeforeTheBodyArrives() throws Exception {
        NngSocket pair = listen(Protocol.PAIR1, NngOptions.defaults().withMaxMessageSize(1024));
        RawPeer atLimit = peer(pair).send(PAIR1_HEADER);
        atLimit.readExactly(8);
        atLimit.send(RawPeer.frame(1024, RawPeer.pair1Body(1, "x".repeat(1020))));
        await().atMost(WAIT).until(() -> received.contains("x".repeat(1020)));
        atLimit.close();
        await().atMost(WAIT).until(() -> pair.pipeCount() == 0);

        RawPeer tooLong = peer(pair).send(PAIR1_HEADER);
        tooLong.readExactly(8);
        // Only the length: a decoder that waited for the body would hang here until the read timeout.
        assertThat(tooLong.send(RawPeer.frame(1L << 40, new byte[0])).readToEnd()).isEmpty();

        await().atMost(WAIT).until(() -> pair.counters().refused() == 1);
        assertThat(infoLines()).singleElement().asString()
                .contains("message of 1099511627776 bytes exceeds the limit of 1024 bytes");
    }

    @Test
    void aNegativeLengthIsRefused() throws Exception {
        NngSocket sub = listen(Protocol.SUB0, NngOptions.defaults());
        RawPeer peer = peer(sub).send(RawPeer.header(Protocol.PUB0.id()));
        peer.readExactly(8);
        assertThat(peer.send(RawPeer.frame(-1L, new byte[0])).readToEnd()).isEmpty();
        await().atMost(WAIT).until(() -> sub.counters().refused() == 1);
        assertThat(infoLines()).singleElement().asString().contains("message length 0xffffffffffffffff is not a valid length");
    }

    @Test
    void pair1HopCountsAreCheckedAsNngDoes() throws Exception {
        NngSocket pair = listen(Protocol.PAIR1, NngOptions.defaults());
        RawPeer peer = peer(pair).send(PAIR1_HEADER);
        peer.readExactly(8);

        // Over the hop limit (8): dropped, the pipe stays; a good message after it arrives.
        peer.send(RawPeer.frame(8, RawPeer.pair1Body(9, "loop"))).send(RawPeer.frame(6, RawPeer.pair1Body(1, "ok")));
        await().atMost(WAIT).until(() -> received.contains("ok"));
        assertThat(received).containsExactly("ok");
        assertThat(pair.counters().filtered()).isEqualTo(1);

        // A hop count above 255 is malformed: the pipe is closed.
        assertThat(peer.send(RawPeer.frame(8, RawPeer.pair1Body(300, "bad!"))).readToEnd()).isEmpty();
        assertThat(infoLines()).singleElement().asString().contains("malformed pair1 message (hop count 300)");

        RawPeer shortOne = peer(pair).send(PAIR1_HEADER);
        shortOne.readExactly(8);
        assertThat(shortOne.send(RawPeer.frame(2, new byte[] {0, 1})).readToEnd()).isEmpty();
        await().atMost(WAIT).until(() -> pair.counters().refused() == 2);
    }

    @Test
    void aSecondPairPeerIsRefusedWhileTheFirstStays() throws Exception {
        NngSocket pair = listen(Protocol.PAIR0, NngOptions.defaults());
        RawPeer first = peer(pair).send(RawPeer.header(Protocol.PAIR0.id()));
        first.readExactly(8);
        await().atMost(WAIT).until(() -> pair.pipeCount() == 1);

        RawPeer second = peer(pair).send(RawPeer.header(Protocol.PAIR0.id()));
        assertThat(second.readToEnd()).hasSize(8);

        assertThat(pair.counters().refused()).isEqualTo(1);
        assertThat(infoLines()).singleElement().asString().contains("already paired with");
        first.send(RawPeer.frame(5, "still".getBytes(StandardCharsets.US_ASCII)));
        await().atMost(WAIT).until(() -> received.contains("still"));
    }

    @Test
    void aSilentPeerIsClosedAfterTheHandshakeTimeout() throws Exception {
        NngSocket pub = listen(Protocol.PUB0, NngOptions.defaults().withHandshakeTimeout(Duration.ofMillis(200)));
        assertThat(peer(pub).readToEnd()).hasSize(8);
        assertThat(infoLines()).singleElement().asString().contains("no SP header within 200 ms");
    }

    @Test
    void refusalsAreLoggedAtMostOnceAnInterval() throws Exception {
        NngSocket pair = listen(Protocol.PAIR1, NngOptions.defaults());
        for (int i = 0; i < 5; i++) {
            try (RawPeer bad = new RawPeer(pair.localPort())) {
                bad.send(RawPeer.header(0x30)).readToEnd();
            }
        }
        await().atMost(WAIT).until(() -> pair.counters().refused() == 5);
        assertThat(infoLines()).singleElement().asString().contains("peer protocol 0x0030 is not a valid peer");
    }

    @Test
    void aStalledSubscriberLosesMessagesWhileOthersGetThem() throws Exception {
        NngSocket pub = listen(Protocol.PUB0, NngOptions.defaults().withSendBufferBytes(64 << 10));
        RawPeer stalled = peer(pub).send(RawPeer.header(Protocol.SUB0.id()));
        stalled.readExactly(8);
        NngCat good = NngCat.start(dir, "--sub0", "--dial", NngCat.url(pub.localPort()), "--subscribe", "tick",
                "--quoted");
        open.add(good);
        await().atMost(WAIT).until(() -> pub.pipeCount() == 2);

        byte[] big = new byte[16 << 10];
        await().atMost(WAIT).pollInterval(Duration.ofMillis(10)).until(() -> {
            for (int i = 0; i < 64; i++) {
                pub.send(big);
            }
            return pub.counters().dropped() > 0;
        });

        await().atMost(WAIT).pollInterval(Duration.ofMillis(100)).until(() -> {
            pub.send("tick".getBytes(StandardCharsets.US_ASCII));
            return good.lines().contains("\"tick\"");
        });
        assertThat(pub.pipeCount()).isEqualTo(2);
        assertThat(pub.counters().refused()).isZero();
    }

    @Test
    void sendingWithoutAPeerOrOnSubReleasesTheBuffer() throws Exception {
        NngSocket pair = listen(Protocol.PAIR1, NngOptions.defaults());
        ByteBuf lost = PooledByteBufAllocator.DEFAULT.directBuffer().writeLong(1);
        assertThat(pair.send(lost)).isFalse();
        assertThat(lost.refCnt()).isZero();
        assertThat(pair.counters().dropped()).isEqualTo(1);

        NngSocket sub = listen(Protocol.SUB0, NngOptions.defaults());
        ByteBuf refused = PooledByteBufAllocator.DEFAULT.directBuffer().writeLong(1);
        assertThatThrownBy(() -> sub.send(refused)).isInstanceOf(IllegalStateException.class)
                .hasMessage("a sub0 socket cannot send");
        assertThat(refused.refCnt()).isZero();
        assertThatThrownBy(() -> pair.subscribe("x")).isInstanceOf(IllegalStateException.class);
    }
}
