package io.wrenmq.server.gateway.nng;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.io.IOException;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.LoggerFactory;

/** Opening and closing: a port in use, a handler closing its own socket, a dialer closed while it retries. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class NngSocketLifecycleTest {
    @Test
    void aPortInUseFailsOpenWithTheAddress() throws Exception {
        try (ServerSocket taken = new ServerSocket(0)) {
            String url = "tcp://127.0.0.1:" + taken.getLocalPort();
            assertThatThrownBy(() -> NngSocket.open(Protocol.PUB0, url, Mode.LISTEN, NngOptions.defaults(), (s, b) -> { }))
                    .isInstanceOf(IOException.class).hasMessageStartingWith("cannot listen on " + url);
        }
    }

    @Test
    void aHandlerMayCloseItsOwnSocket() throws Exception {
        Logger pipeLog = (Logger) LoggerFactory.getLogger(NngPipe.class);
        ListAppender<ILoggingEvent> logged = new ListAppender<>();
        logged.start();
        pipeLog.addAppender(logged);
        AtomicReference<Duration> closing = new AtomicReference<>();
        NngSocket pair = NngSocket.open(Protocol.PAIR0, "tcp://127.0.0.1:0", Mode.LISTEN, NngOptions.defaults(),
                (s, body) -> {
                    long started = System.nanoTime();
                    s.close();
                    closing.set(Duration.ofNanos(System.nanoTime() - started));
                });
        int port = pair.localPort();
        try (RawPeer peer = new RawPeer(port)) {
            peer.send(RawPeer.header(Protocol.PAIR0.id()));
            peer.readExactly(8);
            peer.send(RawPeer.frame(3, "bye".getBytes(StandardCharsets.US_ASCII)));

            assertThat(peer.readToEnd()).isEmpty();
            await().atMost(Duration.ofSeconds(10)).until(() -> closing.get() != null);
            // Waiting on its own loop for the loop to end would stall the close until the wait times out.
            assertThat(closing.get()).isLessThan(Duration.ofSeconds(2));
            assertThat(pair.pipeCount()).isZero();
            assertThat(logged.list).noneMatch(e -> e.getLevel().isGreaterOrEqual(Level.WARN));
            await().atMost(Duration.ofSeconds(10)).until(() -> refused(port));
        } finally {
            pipeLog.detachAppender(logged);
            pair.close();
        }
    }

    private static boolean refused(int port) {
        try (Socket ignored = new Socket("127.0.0.1", port)) {
            return false;
        } catch (ConnectException e) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Test
    void aDialerClosedWhileRetryingStops() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        NngSocket sub = NngSocket.open(Protocol.SUB0, "tcp://127.0.0.1:" + port, Mode.DIAL,
                NngOptions.defaults().withReconnect(Duration.ofMillis(10), Duration.ofMillis(20)), (s, b) -> { });
        long started = System.nanoTime();
        sub.close();
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
        assertThat(sub.pipeCount()).isZero();
    }
}
