package io.wrenmq.server.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wrenmq.broker.listener.ListenerConfig;
import io.wrenmq.server.config.ConfigKey;
import io.wrenmq.server.config.ConfigLoader;
import io.wrenmq.server.config.InvalidConfigException;
import io.wrenmq.server.config.LogSettings;
import io.wrenmq.server.config.ServerConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine;

/** `nanomq start`'s flags as `wrenmq start` reads them: which key each sets, and command line > WRENMQ_* > NANOMQ_* > file. */
class NanomqStartOptionsTest {
    @TempDir
    Path dir;

    @Command(name = "start")
    static final class Start {
        @Mixin
        NanomqStartOptions options = new NanomqStartOptions();
    }

    private ServerConfig load(Path file, Map<String, String> env, String... args) throws InvalidConfigException {
        Start start = new Start();
        CommandLine cl = new CommandLine(start);
        cl.parseArgs(args);
        return ConfigLoader.load(file, env, start.options.layer(cl.getCommandSpec(), dir));
    }

    @Test
    void flagsWithAWrenmqMeaningSetTheirKeys() throws Exception {
        ServerConfig c = load(null, Map.of(), "--log_level", "warn", "-t", "2", "-S", "50", "-D", "4", "--http", "-p", "0",
                "--url", "nmq-tcp://127.0.0.1:0");
        assertThat(c.log().level()).isEqualTo("warn");
        assertThat(c.broker().eventLoopThreads()).isEqualTo(2);
        assertThat(c.broker().maxMqueueLen()).isEqualTo(50);
        assertThat(c.broker().retryInterval()).isEqualTo(Duration.ofSeconds(4));
        assertThat(c.httpServer().enable()).isTrue();
        assertThat(c.httpServer().port()).isZero();
        assertThat(c.notices()).isEmpty();
        assertThat(load(null, Map.of(), "--http", "false").httpServer().enable()).isFalse();
    }

    @Test
    void logFileAndLogStdoutEditTheFilesLogDestinations() throws Exception {
        Path f = Files.writeString(dir.resolve("log.conf"), "log { to = [console], dir = \"logs\" }\n");
        ServerConfig both = load(f, Map.of(), "--log_file", "out/nano.log");
        assertThat(both.log().to()).containsExactly(LogSettings.Target.CONSOLE, LogSettings.Target.FILE);
        assertThat(both.log().dir()).isEqualTo(dir.resolve("out").toString());
        assertThat(both.log().file()).isEqualTo("nano.log");

        ServerConfig fileOnly = load(f, Map.of(), "--log_file", "nano.log", "--log_stdout", "false");
        assertThat(fileOnly.log().to()).containsExactly(LogSettings.Target.FILE);
        // The environment's comma-separated form is edited the same way.
        assertThat(load(null, Map.of("WRENMQ_LOG__TO", "file"), "--log_stdout", "true").log().to())
                .containsExactly(LogSettings.Target.FILE, LogSettings.Target.CONSOLE);
    }

    @Test
    void certificateFlagsWithoutATlsUrlGoToTheFilesTlsListener() throws Exception {
        Path f = Files.writeString(dir.resolve("tls.conf"), """
                listeners.tcp.bind = "127.0.0.1:0"
                listeners.ssl { bind = "127.0.0.1:0", keyfile = "old.key", certfile = "old.crt" }
                """);
        ServerConfig c = load(f, Map.of(), "--key", "new.key", "-E", "new.crt", "--keypass", "pw", "--verify", "--cacert", "ca.pem");
        ListenerConfig ssl = c.broker().listeners().get(1);
        assertThat(ssl.id()).isEqualTo("ssl:default");
        assertThat(ssl.tls().keyfile()).isEqualTo(dir.resolve("new.key"));
        assertThat(ssl.tls().certfile()).isEqualTo(dir.resolve("new.crt"));
        assertThat(ssl.tls().cacertfile()).isEqualTo(dir.resolve("ca.pem"));
        assertThat(ssl.tls().keyPassword()).isEqualTo("pw");
        assertThat(ssl.tls().verifyPeer()).isTrue();
        assertThat(ssl.tls().failIfNoPeerCert()).isFalse();
    }

    @Test
    void flagsWithoutAMeaningWarnOnceEach() throws Exception {
        ServerConfig c = load(null, Map.of(), "-T", "4", "-n", "8", "-s", "64", "-d");
        assertThat(c.notices()).hasSize(4).allSatisfy(n -> {
            assertThat(n.level()).isEqualTo(ConfigKey.IgnoredLevel.WARN);
            assertThat(n.message()).contains("has no effect in WrenMQ; ignored (");
        });
        assertThat(c.notices()).extracting(ServerConfig.Notice::message).anySatisfy(m -> assertThat(m).startsWith("command-line option -T/--max_tq_thread "))
                .anySatisfy(m -> assertThat(m).startsWith("command-line option -n/--parallel "))
                .anySatisfy(m -> assertThat(m).startsWith("command-line option -s/--property_size "))
                .anySatisfy(m -> assertThat(m).startsWith("command-line option -d/--daemon "));
    }

    @Test
    void logSyslogAddsOrRemovesTheSyslogDestination() throws Exception {
        assertThat(load(null, Map.of(), "--log_syslog", "true").log().to())
                .containsExactly(LogSettings.Target.CONSOLE, LogSettings.Target.SYSLOG);
        Path f = Files.writeString(dir.resolve("s.conf"), "log.to = [file, syslog]\n");
        ServerConfig off = load(f, Map.of(), "--log_syslog", "false");
        assertThat(off.log().to()).containsExactly(LogSettings.Target.FILE);
        assertThat(off.notices()).isEmpty();
    }

    @Test
    void commandLineWinsOverWrenmqWhichWinsOverNanomqWhichWinsOverTheFile() throws Exception {
        Path f = Files.writeString(dir.resolve("p.conf"), "mqtt.max_mqueue_len = 1\nlog.level = error\n");
        Map<String, String> env = new HashMap<>();
        assertThat(load(f, env).broker().maxMqueueLen()).isEqualTo(1);
        env.put("NANOMQ_MSQ_LEN", "2");
        env.put("NANOMQ_LOG_LEVEL", "debug");
        assertThat(load(f, env).broker().maxMqueueLen()).isEqualTo(2);
        env.put("WRENMQ_MQTT__MAX_MQUEUE_LEN", "3");
        env.put("WRENMQ_LOG__LEVEL", "trace");
        ServerConfig wrenmq = load(f, env);
        assertThat(wrenmq.broker().maxMqueueLen()).isEqualTo(3);
        assertThat(wrenmq.log().level()).isEqualTo("trace");
        ServerConfig flags = load(f, env, "-S", "4", "--log_level", "warn");
        assertThat(flags.broker().maxMqueueLen()).isEqualTo(4);
        assertThat(flags.log().level()).isEqualTo("warn");
    }

    @Test
    void aFlagsBadValueIsNamedInTheError() {
        assertThatThrownBy(() -> load(null, Map.of(), "--log_level", "loud", "-p", "99999"))
                .hasMessageContaining("command-line option --log_level: log.level: unknown value")
                .hasMessageContaining("command-line option -p/--port: http_server.port: out of range: 99999");
        assertThatThrownBy(() -> load(null, Map.of(), "--log_stdout", "maybe"))
                .isInstanceOf(CommandLine.ParameterException.class).hasMessageContaining("--log_stdout: not a boolean: \"maybe\"");
    }
}
