package io.wrenmq.server.gateway.nng;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.PooledByteBufAllocator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Our SP sockets against the real nng peer (Debian's nngcat 1.5): PUB/SUB and PAIR0/PAIR1 both ways, in both the
 * dialing and the listening role, a 1 MiB message each way, and a dialer that reconnects after nngcat restarts.
 * nngcat's {@code --interval} repeats a message every second, which also covers the messages PUB/SUB loses before a
 * pipe is up.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class NngInteropTest {
    private static final Duration WAIT = Duration.ofSeconds(15);

    @TempDir
    Path dir;
    private final List<AutoCloseable> open = new ArrayList<>();
    private final Queue<String> received = new ConcurrentLinkedQueue<>();

    @AfterEach
    void closeAll() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
    }

    private NngSocket socket(Protocol protocol, String url, Mode mode, NngOptions options) throws IOException {
        NngSocket socket = NngSocket.open(protocol, url, mode, options,
                (s, body) -> received.add(body.toString(StandardCharsets.ISO_8859_1)));
        open.add(socket);
        return socket;
    }

    private NngSocket socket(Protocol protocol, String url, Mode mode) throws IOException {
        return socket(protocol, url, mode, NngOptions.defaults());
    }

    private NngCat cat(String... args) throws IOException {
        NngCat cat = NngCat.start(dir, args);
        open.add(cat);
        return cat;
    }

    /** Sends {@code text} about every 100 ms until nngcat has printed it (PUB drops what comes before the pipe). */
    private static void sendUntilPrinted(NngSocket socket, NngCat cat, String text) {
        await().atMost(WAIT).pollInterval(Duration.ofMillis(100)).until(() -> {
            socket.send(text.getBytes(StandardCharsets.ISO_8859_1));
            return cat.lines().contains('"' + text + '"');
        });
    }

    @ParameterizedTest(name = "our pub0 {0}s, nngcat --sub0 receives")
    @CsvSource({"LISTEN", "DIAL"})
    void ourPubToNngcatSub(Mode mode) throws Exception {
        int port = mode == Mode.DIAL ? NngCat.freePort() : 0;
        NngSocket pub = socket(Protocol.PUB0, NngCat.url(port), mode);
        String peerRole = mode == Mode.DIAL ? "--listen" : "--dial";
        NngCat sub = cat("--sub0", peerRole, NngCat.url(mode == Mode.DIAL ? port : pub.localPort()),
                "--subscribe", "wren/", "--quoted");

        sendUntilPrinted(pub, sub, "wren/hello");
        pub.send("other/not-for-you".getBytes(StandardCharsets.ISO_8859_1));
        sendUntilPrinted(pub, sub, "wren/again");

        assertThat(sub.lines()).noneMatch(line -> line.contains("other/"));
        assertThat(pub.counters().sent()).isGreaterThanOrEqualTo(3);
        assertThat(pub.counters().refused()).isZero();
    }

    @ParameterizedTest(name = "nngcat --pub0, our sub0 {0}s with a prefix filter")
    @CsvSource({"LISTEN", "DIAL"})
    void nngcatPubToOurSub(Mode mode) throws Exception {
        int port = mode == Mode.DIAL ? NngCat.freePort() : 0;
        NngSocket sub = socket(Protocol.SUB0, NngCat.url(port), mode);
        sub.subscribe("keep/");
        String peerRole = mode == Mode.DIAL ? "--listen" : "--dial";
        String url = NngCat.url(mode == Mode.DIAL ? port : sub.localPort());
        cat("--pub0", peerRole, url, "--data", "keep/1", "--interval", "1");
        // Listening, a second nngcat publishes what the filter must drop (a dialer has only one pipe).
        if (mode == Mode.LISTEN) {
            cat("--pub0", "--dial", url, "--data", "drop/1", "--interval", "1");
        }

        await().atMost(WAIT).until(() -> received.contains("keep/1"));
        if (mode == Mode.LISTEN) {
            await().atMost(WAIT).until(() -> sub.counters().filtered() >= 1);
            assertThat(received).containsOnly("keep/1");
        }

        sub.unsubscribe("keep/");
        long filteredBefore = sub.counters().filtered();
        received.clear();
        await().atMost(WAIT).until(() -> sub.counters().filtered() >= filteredBefore + 2);
        assertThat(received).isEmpty();
    }

    @ParameterizedTest(name = "{0}: ours {1}s, nngcat the other side, both directions")
    @CsvSource({"PAIR0, LISTEN", "PAIR0, DIAL", "PAIR1, LISTEN", "PAIR1, DIAL"})
    void pairBothWays(Protocol protocol, Mode mode) throws Exception {
        int port = mode == Mode.DIAL ? NngCat.freePort() : 0;
        NngSocket pair = socket(protocol, NngCat.url(port), mode);
        String peerRole = mode == Mode.DIAL ? "--listen" : "--dial";
        NngCat cat = cat("--" + protocol.label(), peerRole, NngCat.url(mode == Mode.DIAL ? port : pair.localPort()),
                "--data", "from-nngcat", "--interval", "1", "--quoted");

        await().atMost(WAIT).until(() -> received.contains("from-nngcat"));
        sendUntilPrinted(pair, cat, "from-wrenmq");

        assertThat(pair.pipeCount()).isEqualTo(1);
        assertThat(pair.counters().refused()).isZero();
        assertThat(received).containsOnly("from-nngcat");
    }

    @Test
    void aOneMebibyteMessageEachWay() throws Exception {
        byte[] big = new byte[1 << 20];
        new Random(16).nextBytes(big);
        Path file = Files.write(dir.resolve("big.bin"), big);
        Queue<byte[]> bodies = new ConcurrentLinkedQueue<>();
        NngSocket pair = NngSocket.open(Protocol.PAIR1, "tcp://127.0.0.1:0", Mode.LISTEN,
                NngOptions.defaults().withMaxMessageSize(2 << 20), (s, body) -> bodies.add(ByteBufUtil.getBytes(body)));
        open.add(pair);
        NngCat cat = cat("--pair1", "--dial", NngCat.url(pair.localPort()), "--file", file.toString(),
                "--interval", "1", "--raw", "--recv-maxsz", String.valueOf(2 << 20));

        await().atMost(WAIT).until(() -> !bodies.isEmpty());
        assertThat(bodies.peek()).isEqualTo(big);

        ByteBuf out = PooledByteBufAllocator.DEFAULT.directBuffer(big.length).writeBytes(big);
        assertThat(pair.send(out)).isTrue();
        await().atMost(WAIT).until(() -> cat.bytes().length >= big.length);
        assertThat(cat.bytes()).hasSize(big.length).isEqualTo(big);
    }

    @Test
    void aDialerReconnectsAfterThePeerRestarts() throws Exception {
        int port = NngCat.freePort();
        NngSocket sub = socket(Protocol.SUB0, NngCat.url(port), Mode.DIAL,
                NngOptions.defaults().withReconnect(Duration.ofMillis(50), Duration.ofMillis(400)));
        sub.subscribe("");
        NngCat first = cat("--pub0", "--listen", NngCat.url(port), "--data", "first", "--interval", "1");
        await().atMost(WAIT).until(() -> received.contains("first"));

        first.close();
        await().atMost(WAIT).until(() -> sub.pipeCount() == 0);
        cat("--pub0", "--listen", NngCat.url(port), "--data", "second", "--interval", "1");

        await().atMost(WAIT).until(() -> received.contains("second"));
        assertThat(sub.counters().connects()).isEqualTo(2);
    }
}
