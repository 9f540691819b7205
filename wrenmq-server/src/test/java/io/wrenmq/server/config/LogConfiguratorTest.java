package io.wrenmq.server.config;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.core.rolling.FixedWindowRollingPolicy;
import ch.qos.logback.core.rolling.RollingFileAppender;
import java.nio.file.Files;
import java.nio.file.Path;
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
}
