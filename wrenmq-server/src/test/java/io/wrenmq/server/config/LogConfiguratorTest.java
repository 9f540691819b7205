package io.wrenmq.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.core.rolling.FixedWindowRollingPolicy;
import ch.qos.logback.core.rolling.RollingFileAppender;
import io.wrenmq.server.log.Rfc5424Appender;
import io.wrenmq.server.log.SyslogMessage;
import io.wrenmq.server.log.SyslogReceiver;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

class LogConfiguratorTest {
    @TempDir
    Path dir;

    @AfterEach
    void restoreDefaultLogging() throws Exception {
        LogConfigurator.apply(new LogSettings(), dir);
    }

    @Test
    void fileLoggingWritesToTheConfiguredDirectoryAndRotates() throws Exception {
        LogSettings s = new LogSettings().to(List.of(LogSettings.Target.FILE)).level("debug").dir("logs").file("test.log")
                .rotationSize(1024).rotationCount(3);
        var appenders = LogConfigurator.apply(s, dir);
        assertThat(appenders).singleElement().isInstanceOfSatisfying(RollingFileAppender.class, a -> {
            assertThat(a.isStarted()).isTrue();
            assertThat(((FixedWindowRollingPolicy) a.getRollingPolicy()).getMaxIndex()).isEqualTo(3);
        });
        LoggerFactory.getLogger("wrenmq.test").debug("hello file");
        appenders.forEach(a -> a.stop());
        assertThat(Files.readString(dir.resolve("logs/test.log"))).contains("hello file").contains("DEBUG");
    }

    @Test
    void consoleAndFileTogetherAndLevelIsApplied() throws Exception {
        LogSettings s = new LogSettings().to(List.of(LogSettings.Target.CONSOLE, LogSettings.Target.FILE)).level("warn");
        var appenders = LogConfigurator.apply(s, dir);
        assertThat(appenders).extracting(a -> a.getName()).containsExactly("console", "file");
        LoggerContext ctx = (LoggerContext) LoggerFactory.getILoggerFactory();
        assertThat(ctx.getLogger("ROOT").getLevel()).isEqualTo(Level.WARN);
        assertThat(dir.resolve("logs")).isDirectory();
    }

    @Test
    void rolledFileNames() {
        assertThat(LogConfigurator.rolledName("wrenmq.log")).isEqualTo("wrenmq.%i.log");
        assertThat(LogConfigurator.rolledName("wrenmq")).isEqualTo("wrenmq.%i");
    }

    @Test
    void syslogSendsRfc5424DatagramsAndANewConfigurationClosesTheSocket() throws Exception {
        try (SyslogReceiver receiver = new SyslogReceiver()) {
            LogSettings s = new LogSettings().to(List.of(LogSettings.Target.SYSLOG)).level("debug");
            s.syslog().port(receiver.port()).facility("user").appName("unit");
            var appenders = LogConfigurator.apply(s, dir);
            Rfc5424Appender syslog = (Rfc5424Appender) appenders.get(0);
            assertThat(syslog.getName()).isEqualTo("syslog");
            assertThat(syslog.server().getPort()).isEqualTo(receiver.port());
            LoggerFactory.getLogger("wrenmq.test.Unit").debug("hello syslog");
            await().atMost(Duration.ofSeconds(10)).until(() -> !receiver.datagrams().isEmpty());
            SyslogMessage m = receiver.messages().get(0);
            assertThat(m.facility()).isEqualTo(1);
            assertThat(m.severity()).isEqualTo(7);
            assertThat(m.appName()).isEqualTo("unit");
            assertThat(m.msgId()).isEqualTo("Unit");
            assertThat(m.msg()).isEqualTo("hello syslog");
            assertThat(syslog.sent()).isEqualTo(1);

            LogConfigurator.apply(new LogSettings(), dir);
            assertThat(syslog.isStarted()).isFalse();
            LoggerFactory.getLogger("wrenmq.test.Unit").info("after the switch");
            assertThat(syslog.sent()).isEqualTo(1);
        }
    }

    @Test
    void anUnresolvableSyslogHostIsAConfigErrorAndLeavesTheLoggingAsItWas() throws Exception {
        LogSettings s = new LogSettings().to(List.of(LogSettings.Target.SYSLOG));
        s.syslog().host("no-such-host.invalid");
        LoggerContext ctx = (LoggerContext) LoggerFactory.getILoggerFactory();
        var before = ctx.getLogger("ROOT").getAppender("console");
        assertThatThrownBy(() -> LogConfigurator.apply(s, dir)).isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("log.syslog.host: cannot resolve syslog server no-such-host.invalid");
        assertThat(ctx.getLogger("ROOT").getAppender("console")).isSameAs(before);
        assertThat(before.isStarted()).isTrue();
    }
}
