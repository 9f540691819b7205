package io.wrenmq.server.config;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.Configurator.ExecutionStatus;
import ch.qos.logback.core.ConsoleAppender;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StartupLogConfiguratorTest {
    @TempDir
    Path dir;

    @Test
    void logbackFindsItThroughTheServiceLoaderAndTheJarHasNoXmlConfiguration() {
        assertThat(ServiceLoader.load(Configurator.class).stream().map(ServiceLoader.Provider::type))
                .contains(StartupLogConfigurator.class);
        assertThat(StartupLogConfigurator.class.getResource("/logback.xml")).isNull();
    }

    @Test
    void configuresInfoToTheConsoleInTheBrokersPattern() throws Exception {
        LoggerContext context = new LoggerContext();
        StartupLogConfigurator configurator = new StartupLogConfigurator();
        configurator.setContext(context);
        // this test JVM has the broker test-jar's logback-test.xml on its class path: configure as a jar would be
        try (URLClassLoader empty = new URLClassLoader(new URL[] {dir.toUri().toURL()}, null)) {
            assertThat(configurator.configure(context, empty)).isEqualTo(ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY);
        }
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        assertThat(root.getLevel()).isEqualTo(Level.INFO);
        ConsoleAppender<?> console = (ConsoleAppender<?>) root.getAppender("console");
        assertThat(console.isStarted()).isTrue();
        assertThat(((PatternLayoutEncoder) console.getEncoder()).getPattern())
                .isEqualTo(LogConfigurator.PATTERN);
        context.stop();
    }

    @Test
    void stepsAsideForAConfigurationFileOnTheClassPath() throws Exception {
        for (String name : StartupLogConfigurator.USER_FILES) {
            Path folder = Files.createDirectories(dir.resolve(name + ".d"));
            Files.writeString(folder.resolve(name), "<configuration/>");
            try (URLClassLoader loader = new URLClassLoader(new URL[] {folder.toUri().toURL()}, null)) {
                assertThat(StartupLogConfigurator.userConfigurationPresent(loader)).as(name).isTrue();
            }
        }
        try (URLClassLoader empty = new URLClassLoader(new URL[] {dir.toUri().toURL()}, null)) {
            assertThat(StartupLogConfigurator.userConfigurationPresent(empty)).isFalse();
        }
    }
}
