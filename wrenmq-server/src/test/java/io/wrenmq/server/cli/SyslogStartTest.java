package io.wrenmq.server.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.core.status.Status;
import io.wrenmq.server.config.LogConfigurator;
import io.wrenmq.server.config.LogSettings;
import io.wrenmq.server.log.Rfc5424Appender;
import io.wrenmq.server.log.SyslogMessage;
import io.wrenmq.server.log.SyslogReceiver;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * `log.to = [syslog]` end to end: `wrenmq start` in-process sends its lines to a UDP socket on 127.0.0.1, each one
 * checked against RFC 5424's ABNF ({@link SyslogMessage}); a syslog port with nothing behind it neither stalls nor
 * stops the broker.
 */
@Tag("e2e")
@Timeout(90)
class SyslogStartTest {
    private static final long PID = ProcessHandle.current().pid();

    @TempDir
    Path dir;

    @AfterEach
    void restoreConsoleLogging() throws Exception {
        LogConfigurator.apply(new LogSettings(), dir);
    }

    private static Rfc5424Appender syslogAppender() {
        LoggerContext ctx = (LoggerContext) LoggerFactory.getILoggerFactory();
        return (Rfc5424Appender) ctx.getLogger(Logger.ROOT_LOGGER_NAME).getAppender("syslog");
    }

    private static String conf(int port) {
        return """
                listeners.tcp { bind = "127.0.0.1:0" }
                system.node_name = "syslog-e2e"
                persistence.type = memory
                log {
                  to = [syslog]
                  level = info
                  uds_addr = "/tmp/nanomq.sock"
                  syslog { host = "127.0.0.1", port = %d, facility = local3, app_name = "wrenmq-e2e", max_datagram = 600 }
                }
                """.formatted(port);
    }

    private static SyslogMessage awaitMessage(SyslogReceiver receiver, Predicate<SyslogMessage> wanted) {
        return await().atMost(Duration.ofSeconds(20)).until(() -> receiver.messages().stream().filter(wanted).findFirst(),
                found -> found.isPresent()).orElseThrow();
    }

    @Test
    void theBrokersLinesArriveAsRfc5424WithFacilitySeverityPidAndCleanTruncation() throws Exception {
        try (SyslogReceiver receiver = new SyslogReceiver(); SyslogReceiver other = new SyslogReceiver()) {
            Path file = Files.writeString(dir.resolve("syslog.conf"), conf(receiver.port()));
            OffsetDateTime before = OffsetDateTime.now().minusSeconds(5);
            StartedBroker broker = StartedBroker.start(dir, Map.of(), "start", "--conf", "syslog.conf");

            SyslogMessage started = awaitMessage(receiver, m -> m.msgId().equals("WrenBroker") && m.msg().contains(" started ("));
            assertThat(started.msg()).startsWith("WrenMQ ").contains("listening on");
            assertThat(started.severity()).as("INFO").isEqualTo(6);
            SyslogMessage warn = awaitMessage(receiver, m -> m.msg().contains("log.uds_addr"));
            assertThat(warn.severity()).as("WARN").isEqualTo(4);

            // ERRORs with a stack trace and a message far longer than max_datagram, in four-byte characters after 0 to 3
            // ASCII ones: whatever the header's length, at least three of the four cuts fall inside a character.
            Logger probe = LoggerFactory.getLogger("io.wrenmq.test.SyslogProbe");
            for (int pad = 0; pad < 4; pad++) {
                probe.error("x".repeat(pad) + "\ud83d\ude00".repeat(300), new IllegalStateException("boom"));
            }
            await().atMost(Duration.ofSeconds(20)).until(() -> receiver.messages().stream().filter(m -> m.msgId().equals("SyslogProbe")).count() == 4);
            assertThat(receiver.messages()).filteredOn(m -> m.msgId().equals("SyslogProbe")).hasSize(4).allSatisfy(error -> {
                assertThat(error.severity()).as("ERROR").isEqualTo(3);
                assertThat(error.length()).isLessThanOrEqualTo(600).isGreaterThan(600 - 4);
                assertThat(error.bom()).isTrue();
                assertThat(error.msg()).matches("x{0,3}(\ud83d\ude00){100,}");
            });

            assertThat(receiver.messages()).hasSizeGreaterThan(2).allSatisfy(m -> {
                assertThat(m.facility()).as("local3").isEqualTo(19);
                assertThat(m.appName()).isEqualTo("wrenmq-e2e");
                assertThat(m.procId()).isEqualTo(Long.toString(PID));
                assertThat(m.hostName()).isNotBlank();
                assertThat(m.timestamp()).isAfter(before).isBefore(OffsetDateTime.now().plusSeconds(5));
            });

            // A reload applies log.level only: a new syslog port is reported (through the old socket) as needing a restart.
            Files.writeString(file, conf(other.port()));
            broker.reload();
            SyslogMessage reloaded = awaitMessage(receiver, m -> m.msgId().equals("ReloadService"));
            assertThat(reloaded.msg()).contains("needs restart [log.syslog.port]");
            assertThat(other.datagrams()).isEmpty();
            // log.level is applied by a reload, to syslog as to the other destinations.
            Files.writeString(file, conf(receiver.port()).replace("level = info", "level = warn"));
            broker.reload();
            probe.info("below the new level");
            probe.warn("at the new level");
            awaitMessage(receiver, m -> m.msg().equals("at the new level"));
            assertThat(receiver.messages()).noneMatch(m -> m.msg().equals("below the new level"));

            Rfc5424Appender appender = syslogAppender();
            assertThat(broker.stop().code()).isZero();
            assertThat(appender.failed()).isZero();
            LogConfigurator.apply(new LogSettings(), dir);
            assertThat(appender.isStarted()).as("a new log configuration stops (and closes) the syslog appender").isFalse();
        }
    }

    @Test
    void anUnresolvableSyslogHostStopsStartUpNamingTheKey() throws Exception {
        Files.writeString(dir.resolve("bad.conf"), conf(514).replace("host = \"127.0.0.1\"", "host = \"no-such-host.invalid\""));
        CliRun run = CliRun.run(dir, "start", "--conf", "bad.conf");
        assertThat(run.code()).isEqualTo(2);
        assertThat(run.err()).contains("log.syslog.host: cannot resolve syslog server no-such-host.invalid");
    }

    @Test
    void aSyslogPortWithNothingBehindItNeitherStallsNorStopsTheBroker() throws Exception {
        int deadPort;
        try (DatagramSocket probe = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            deadPort = probe.getLocalPort();
        }
        Files.writeString(dir.resolve("dead.conf"), conf(deadPort));
        StartedBroker broker = StartedBroker.start(dir, Map.of(), "start", "--conf", "dead.conf");
        Rfc5424Appender appender = syslogAppender();
        Logger probe = LoggerFactory.getLogger("io.wrenmq.test.SyslogProbe");
        long t0 = System.nanoTime();
        for (int i = 0; i < 2000; i++) {
            probe.info("line {} to nobody", i);
        }
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).as("2000 lines never wait on the network").isLessThan(Duration.ofSeconds(5));
        // Linux answers a datagram to a closed port with ICMP "port unreachable", reported on a later send.
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            probe.info("still nobody");
            return appender.failed() > 0;
        });
        assertThat(broker.broker().port()).isPositive();
        List<Status> warnings = ((LoggerContext) LoggerFactory.getILoggerFactory()).getStatusManager().getCopyOfStatusList()
                .stream().filter(s -> s.getMessage().startsWith("syslog: sending to /127.0.0.1:" + deadPort)).toList();
        assertThat(warnings).as("the failure is reported once").hasSize(1);
        assertThat(broker.stop().code()).isZero();
    }
}
