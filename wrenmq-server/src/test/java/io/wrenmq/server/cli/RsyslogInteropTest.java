package io.wrenmq.server.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.wrenmq.server.config.LogConfigurator;
import io.wrenmq.server.config.LogSettings;
import io.wrenmq.server.log.Rfc5424Format;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * A real syslog server reads what `log.to = [syslog]` sends: rsyslogd (Debian's rsyslog, installed by .ci/run) in the
 * foreground with its own configuration, listening with imudp on 127.0.0.1, writes the fields its RFC 5424 parser
 * found to a file. APP-NAME, PROCID and MSGID are only filled in by that parser, so seeing them proves rsyslog took
 * the datagrams for RFC 5424 (not for the BSD format it falls back to).
 */
@Tag("e2e")
@Timeout(90)
class RsyslogInteropTest {
    private static final Path RSYSLOGD = Path.of("/usr/sbin/rsyslogd");
    /** The fields rsyslog parsed, '|'-separated; MSG last, so a '|' inside it does no harm. */
    private static final String TEMPLATE = "%pri%|%syslogfacility%|%syslogseverity%|%hostname%|%app-name%|%procid%|%msgid%"
            + "|%structured-data%|%timereported:::date-rfc3339%|%msg%\\n";

    @TempDir
    Path dir;

    private Process rsyslogd;

    @AfterEach
    void stop() throws Exception {
        LogConfigurator.apply(new LogSettings(), dir);
        if (rsyslogd != null) {
            rsyslogd.destroy();
            if (!rsyslogd.waitFor(10, TimeUnit.SECONDS)) {
                rsyslogd.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void rsyslogParsesTheBrokersLinesAsRfc5424() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(RSYSLOGD), "no rsyslogd: install Debian's rsyslog (.ci/run does)");
        int port = freeUdpPort();
        Path out = dir.resolve("out.log");
        startRsyslog(port, out);

        Files.writeString(dir.resolve("rs.conf"), """
                listeners.tcp { bind = "127.0.0.1:0" }
                persistence.type = memory
                log { to = [syslog], level = info, syslog { port = %d } }
                """.formatted(port));
        StartedBroker broker = StartedBroker.start(dir, Map.of(), "start", "--conf", "rs.conf");
        LoggerFactory.getLogger("io.wrenmq.test.Interop").warn("temperature 21 \u00b0C | line2\nat here");

        String pid = Long.toString(ProcessHandle.current().pid());
        List<String> started = await().atMost(Duration.ofSeconds(20)).until(() -> line(out, "|WrenBroker|"), Optional::isPresent).orElseThrow();
        // daemon (3) * 8 + informational (6)
        assertThat(started.subList(0, 8)).containsExactly("30", "3", "6", Rfc5424Format.localHostName(), "wrenmq", pid, "WrenBroker", "-");
        assertThat(OffsetDateTime.parse(started.get(8))).isAfter(OffsetDateTime.now().minusMinutes(1));
        assertThat(started.get(9)).startsWith("WrenMQ ").contains(" started (");

        List<String> warn = await().atMost(Duration.ofSeconds(20)).until(() -> line(out, "|Interop|"), Optional::isPresent).orElseThrow();
        assertThat(warn.subList(0, 3)).containsExactly("28", "3", "4");
        // rsyslog keeps the BOM in front of a UTF-8 MSG and escapes the newline as #012.
        assertThat(warn.get(9)).isEqualTo("\ufefftemperature 21 \u00b0C | line2#012at here");
        assertThat(broker.stop().code()).isZero();
    }

    private void startRsyslog(int port, Path out) throws IOException {
        Path conf = Files.writeString(dir.resolve("rsyslog.conf"), """
                global(workDirectory="%s")
                module(load="imudp")
                input(type="imudp" address="127.0.0.1" port="%d")
                template(name="fields" type="string" string="%s")
                *.* action(type="omfile" file="%s" template="fields")
                """.formatted(dir, port, TEMPLATE, out));
        rsyslogd = new ProcessBuilder(RSYSLOGD.toString(), "-n", "-f", conf.toString(), "-i", dir.resolve("rsyslogd.pid").toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("rsyslogd.out").toFile()).start();
        // Listening once a probe sent to it comes out in the file (each poll sends one more).
        try (DatagramSocket probe = new DatagramSocket()) {
            byte[] hello = "<14>1 - - probe - - - ready".getBytes(StandardCharsets.US_ASCII);
            await().atMost(Duration.ofSeconds(20)).until(() -> {
                assertThat(rsyslogd.isAlive()).as("rsyslogd: %s", Files.readString(dir.resolve("rsyslogd.out"))).isTrue();
                probe.send(new DatagramPacket(hello, hello.length, new InetSocketAddress(InetAddress.getLoopbackAddress(), port)));
                return line(out, "|probe|").isPresent();
            });
        }
    }

    /** The first line of {@code out} containing {@code marker}, split into its 10 fields. */
    private static Optional<List<String>> line(Path out, String marker) throws IOException {
        if (!Files.exists(out)) {
            return Optional.empty();
        }
        return Files.readAllLines(out, StandardCharsets.UTF_8).stream().filter(l -> l.contains(marker)).findFirst()
                .map(l -> Arrays.asList(l.split("\\|", 10)));
    }

    private static int freeUdpPort() throws IOException {
        try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            return s.getLocalPort();
        }
    }
}
