package io.wrenmq.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(30)
class WrenmqCommandTest {
    @TempDir
    Path dir;

    @Test
    void versionPrintsTheMavenVersion() {
        CliRun r = CliRun.run(dir, "version");
        assertThat(r.code()).isZero();
        assertThat(r.out().trim()).matches("WrenMQ \\d+\\.\\d+\\.\\d+.*").doesNotContain("${");
        assertThat(CliRun.run(dir, "--version").out()).isEqualTo(r.out());
    }

    @Test
    void helpOnEveryCommand() {
        CliRun top = CliRun.run(dir, "--help");
        assertThat(top.code()).isZero();
        assertThat(top.out()).contains("Usage: wrenmq").contains("start").contains("stop").contains("version").contains("Exit codes");
        assertThat(CliRun.run(dir, "start", "--help").out()).contains("--conf=FILE").contains("--pid-file=FILE").contains("127.0.0.1:1883");
        assertThat(CliRun.run(dir, "stop", "--help").out()).contains("--pid-file=FILE").contains("--timeout");
        assertThat(CliRun.run(dir, "version", "--help").code()).isZero();
    }

    @Test
    void aCommandLineBuildsOnlyTheSubcommandItRunsAndEveryOneOtherwise() {
        assertThat(WrenmqCommand.subcommands(new CliEnvironment(Map.of(), dir, stop -> { })).keySet())
                .as("the names needed() knows are the ones registered").containsExactlyInAnyOrderElementsOf(WrenmqCommand.SUBCOMMAND_NAMES);
        String[] start = {"start", "--conf", "x.conf"};
        assertThat(WrenmqCommand.SUBCOMMAND_NAMES).filteredOn(name -> WrenmqCommand.needed(name, start)).containsExactly("start");
        for (String[] args : new String[][] {{}, {"--help"}, {"strat"}, {"-V"}}) {
            assertThat(WrenmqCommand.SUBCOMMAND_NAMES).as(String.join(" ", args))
                    .allMatch(name -> WrenmqCommand.needed(name, args));
        }
        CliRun typo = CliRun.run(dir, "strat");
        assertThat(typo.code()).isEqualTo(2);
        assertThat(typo.err()).as("picocli's suggestion needs every name").contains("start");
    }

    @Test
    void theToolsOfModuleWrenmqToolsAreWrenmqCommandsAsBefore() {
        assertThat(CliRun.run(dir, "--help").out()).contains("pub").contains("sub").contains("bench").contains("passwd");
        assertThat(CliRun.run(dir, "pub", "--help").out()).contains("Usage: wrenmq pub").contains("--cafile");
        assertThat(CliRun.run(dir, "sub", "--help").out()).contains("Usage: wrenmq sub").contains("--topic");
        assertThat(CliRun.run(dir, "bench", "pub", "--help").out()).contains("Usage: wrenmq bench pub");
        CliRun bad = CliRun.run(dir, "pub", "-t", "a/#", "-m", "x");
        assertThat(bad.code()).isEqualTo(2);
        assertThat(bad.err()).contains("Try 'wrenmq pub --help'");
    }

    @Test
    void processDefaultsSwitchNettysLeakDetectorOffUnlessTheUserChoseALevel() {
        Properties none = new Properties();
        WrenmqCommand.applyProcessDefaults(none);
        assertThat(none.getProperty("io.netty.leakDetection.level")).isEqualTo("disabled");

        Properties chosen = new Properties();
        chosen.setProperty("io.netty.leakDetection.level", "paranoid");
        WrenmqCommand.applyProcessDefaults(chosen);
        assertThat(chosen.getProperty("io.netty.leakDetection.level")).isEqualTo("paranoid");

        Properties legacy = new Properties();
        legacy.setProperty("io.netty.leakDetectionLevel", "simple"); // Netty's older spelling still counts
        WrenmqCommand.applyProcessDefaults(legacy);
        assertThat(legacy.getProperty("io.netty.leakDetection.level")).isNull();
    }

    @Test
    void noCommandOrUnknownOptionIsAUsageError() {
        CliRun none = CliRun.run(dir);
        assertThat(none.code()).isEqualTo(2);
        assertThat(none.err()).contains("Usage: wrenmq");
        CliRun bad = CliRun.run(dir, "start", "--bogus");
        assertThat(bad.code()).isEqualTo(2);
        assertThat(bad.err()).contains("Unknown option: '--bogus'");
    }

    @Test
    void stopWithoutPidFileExplains() {
        CliRun r = CliRun.run(dir, "stop");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("no PID file at " + dir.resolve("data/wrenmq.pid"));
    }

    @Test
    void stopWithStalePidFileRemovesIt() throws Exception {
        long notRunning = ProcessHandle.current().pid() + 1_000_000;
        while (ProcessHandle.of(notRunning).isPresent()) {
            notRunning++;
        }
        Path pid = Files.writeString(dir.resolve("stale.pid"), notRunning + "\n");
        CliRun r = CliRun.run(dir, "stop", "--pid-file", "stale.pid");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("WrenMQ is not running (no process with PID " + notRunning + ")");
        assertThat(pid).doesNotExist();
    }

    @Test
    void stopRefusesAPidFileNamingAnotherProgram() throws Exception {
        // This JVM's own PID: must never be signalled by `stop`.
        Files.writeString(dir.resolve("self.pid"), Long.toString(ProcessHandle.current().pid()));
        CliRun r = CliRun.run(dir, "stop", "--pid-file", "self.pid");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("is not a WrenMQ broker");
    }

    @Test
    void startWithBadConfigExitsTwoWithAllMessagesAndNoStackTrace() throws Exception {
        Files.writeString(dir.resolve("bad.conf"), "mqtt {\n  max_packet_sise = 1KB\n  max_qos = 5\n}\n");
        CliRun r = CliRun.run(dir, "start", "--conf", "bad.conf");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err())
                .contains("Invalid configuration (2 errors)")
                .contains("bad.conf:2: mqtt.max_packet_sise: unknown key (did you mean mqtt.max_packet_size?)")
                .contains("bad.conf:3: mqtt.max_qos: out of range: 5")
                .doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(dir.resolve("data/wrenmq.pid")).doesNotExist();
    }

    @Test
    void startWithMissingConfFileExitsTwo() {
        CliRun r = CliRun.run(dir, "start", "--conf", "missing.conf");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("missing.conf: configuration file not found");
    }

    @Test
    void startWithBadEnvironmentOverrideExitsTwo() {
        CliRun r = CliRun.run(dir, Map.of("WRENMQ_MQTT__MAX_QOS", "9"), stop -> { }, "start");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("environment variable WRENMQ_MQTT__MAX_QOS: mqtt.max_qos: out of range: 9");
    }

    @Test
    void startFindsTheDefaultFileUnderWrenmqHome() throws Exception {
        Path home = Files.createDirectories(dir.resolve("home"));
        Files.createDirectories(home.resolve("etc"));
        Files.writeString(home.resolve("etc/wrenmq.conf"), "mqtt.max_qos = 4\n");
        CliRun r = CliRun.run(dir, Map.of("WRENMQ_HOME", home.toString()), stop -> { }, "start");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains(home.resolve("etc/wrenmq.conf") + ":1: mqtt.max_qos");
    }
}
