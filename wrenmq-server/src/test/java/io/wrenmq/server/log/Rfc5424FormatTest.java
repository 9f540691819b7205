package io.wrenmq.server.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxy;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class Rfc5424FormatTest {
    private static final Instant AT = Instant.parse("2026-12-07T05:30:01.123456789Z");

    private static LoggingEvent event(Level level, String logger, String message, Throwable thrown) {
        LoggingEvent e = new LoggingEvent();
        e.setLevel(level);
        e.setLoggerName(logger);
        e.setMessage(message);
        e.setInstant(AT);
        if (thrown != null) {
            e.setThrowableProxy(new ThrowableProxy(thrown));
        }
        return e;
    }

    private static Rfc5424Format format(int maxBytes) {
        return new Rfc5424Format(3, "gw1.example.com", "wrenmq", "4242", maxBytes, true, ZoneId.of("+02:00"));
    }

    @Test
    void headerFieldsFollowSection6() {
        byte[] out = format(2048).format(event(Level.INFO, "io.wrenmq.broker.WrenBroker", "WrenMQ started", null));
        assertThat(new String(out, StandardCharsets.US_ASCII))
                .isEqualTo("<30>1 2026-12-07T07:30:01.123456+02:00 gw1.example.com wrenmq 4242 WrenBroker - WrenMQ started");
        SyslogMessage m = SyslogMessage.parse(out);
        assertThat(m.facility()).isEqualTo(3);
        assertThat(m.severity()).isEqualTo(6);
        assertThat(m.timestamp()).isEqualTo(OffsetDateTime.ofInstant(AT, ZoneOffset.UTC).withNano(123_456_000));
        assertThat(m.bom()).isFalse();
    }

    @Test
    void severityFollowsTheLevel() {
        assertThat(Rfc5424Format.severity(Level.ERROR)).isEqualTo(3);
        assertThat(Rfc5424Format.severity(Level.WARN)).isEqualTo(4);
        assertThat(Rfc5424Format.severity(Level.INFO)).isEqualTo(6);
        assertThat(Rfc5424Format.severity(Level.DEBUG)).isEqualTo(7);
        assertThat(Rfc5424Format.severity(Level.TRACE)).isEqualTo(7);
        Rfc5424Format local7 = new Rfc5424Format(Rfc5424Format.FACILITIES.get("local7"), "h", "a", "1", 2048, true, ZoneId.of("Z"));
        assertThat(SyslogMessage.parse(local7.format(event(Level.WARN, "x", "w", null))))
                .extracting(SyslogMessage::facility, SyslogMessage::severity).containsExactly(23, 4);
        assertThat(new String(local7.format(event(Level.ERROR, "x", "e", null)), StandardCharsets.US_ASCII))
                .startsWith("<187>1 2026-12-07T05:30:01.123456Z ");
    }

    @Test
    void fieldsAreCutToTheirLengthAndPrintableAscii() {
        Rfc5424Format f = new Rfc5424Format(1, "", "a".repeat(60), "12", 2048, true, ZoneId.of("Z"));
        SyslogMessage m = SyslogMessage.parse(f.format(event(Level.INFO, "a.b.ThisLoggerNameIsMuchLongerThanThirtyTwo", "x", null)));
        assertThat(m.hostName()).isEqualTo("-");
        assertThat(m.appName()).hasSize(48);
        assertThat(m.msgId()).isEqualTo("ThisLoggerNameIsMuchLongerThanTh");
        assertThat(Rfc5424Format.field("wren mq\u00e9", 48)).isEqualTo("wren_mq_");
        assertThat(SyslogMessage.parse(f.format(event(Level.INFO, "", "x", null))).msgId()).isEqualTo("-");
    }

    @Test
    void nonAsciiMessageStartsWithTheBomAsciiDoesNot() {
        SyslogMessage m = SyslogMessage.parse(format(2048).format(event(Level.INFO, "t", "client caf\u00e9 \u6e29\u5ea6", null)));
        assertThat(m.bom()).isTrue();
        assertThat(m.msg()).isEqualTo("client caf\u00e9 \u6e29\u5ea6");
        Rfc5424Format noBom = new Rfc5424Format(3, "h", "wrenmq", "1", 2048, false, ZoneId.of("Z"));
        byte[] plain = noBom.format(event(Level.INFO, "t", "caf\u00e9", null));
        assertThat(new String(plain, StandardCharsets.UTF_8)).endsWith(" t - caf\u00e9");
    }

    @Test
    void stackTraceIsPartOfTheMessage() {
        IllegalStateException boom = new IllegalStateException("store closed");
        SyslogMessage m = SyslogMessage.parse(format(8192).format(event(Level.ERROR, "t", "write failed", boom)));
        assertThat(m.severity()).isEqualTo(3);
        assertThat(m.msg()).startsWith("write failed\njava.lang.IllegalStateException: store closed\n")
                .contains("at io.wrenmq.server.log.Rfc5424FormatTest.stackTraceIsPartOfTheMessage").doesNotEndWith("\n");
    }

    @Test
    void longMessagesAreCutOnACharacterBoundaryWithinTheDatagram() {
        // Three-byte and four-byte characters at every possible offset of the cut: the result must always decode.
        for (int pad = 0; pad < 4; pad++) {
            String text = "x".repeat(pad) + "\u6e29\ud83d\ude00".repeat(400);
            byte[] out = format(480).format(event(Level.WARN, "t", text, null));
            assertThat(out.length).isBetween(480 - 3, 480);
            SyslogMessage m = SyslogMessage.parse(out);
            assertThat(text).startsWith(m.msg());
            assertThat(m.msg().length()).isGreaterThan(100);
        }
        byte[] ascii = format(480).format(event(Level.INFO, "t", "y".repeat(1000), null));
        assertThat(ascii).hasSize(480);
    }

    @Test
    void characterStartNeverSplitsASequence() {
        byte[] utf8 = "a\u00e9\u6e29\ud83d\ude00".getBytes(StandardCharsets.UTF_8); // 1 + 2 + 3 + 4 bytes
        assertThat(Rfc5424Format.characterStart(utf8, 2)).isEqualTo(1);
        assertThat(Rfc5424Format.characterStart(utf8, 3)).isEqualTo(3);
        assertThat(Rfc5424Format.characterStart(utf8, 5)).isEqualTo(3);
        assertThat(Rfc5424Format.characterStart(utf8, 8)).isEqualTo(6);
    }

    @Test
    void hostNameIsTheFqdnThenTheNameNeverLocalhost() {
        assertThat(Rfc5424Format.hostName("gw1", "gw1.example.com", "10.0.0.7")).isEqualTo("gw1.example.com");
        assertThat(Rfc5424Format.hostName("vm", "localhost", "127.0.0.1")).isEqualTo("vm");
        assertThat(Rfc5424Format.hostName("vm", "10.0.0.7", "10.0.0.7")).as("no reverse entry").isEqualTo("vm");
        assertThat(Rfc5424Format.hostName("localhost", "localhost.localdomain", "127.0.0.1")).isEqualTo("-");
        assertThat(Rfc5424Format.localHostName()).isNotBlank().doesNotStartWith("localhost");
    }

    @Test
    void badArgumentsAreRefused() {
        assertThatThrownBy(() -> format(479)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Rfc5424Format(24, "h", "a", "1", 2048, true, ZoneId.of("Z")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(Rfc5424Format.FACILITIES).containsEntry("daemon", 3).containsEntry("user", 1).containsEntry("local0", 16).hasSize(24);
    }
}
