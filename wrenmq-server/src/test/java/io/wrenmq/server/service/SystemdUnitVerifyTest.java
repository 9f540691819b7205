package io.wrenmq.server.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The generated unit passes `systemd-analyze verify` (Debian package systemd, installed by .ci/run). The installation
 * path has a space, a percent sign and a dollar: verify resolves ExecStart='s executable and fails when it is not an
 * executable file, so a quoting mistake in the path fails the test. (Quotes and backslashes systemd refuses in an
 * executable's path whatever the quoting; the configuration file's path, an argument, has them.)
 */
@Timeout(120)
class SystemdUnitVerifyTest {
    @TempDir
    Path dir;
    private Path home;

    @BeforeEach
    void installation() throws Exception {
        assumeTrue(SystemdAnalyze.available(), "systemd-analyze is not installed");
        home = dir.resolve("wren mq 100% $x");
        Files.createDirectories(home.resolve("bin"));
        Files.createDirectories(home.resolve("etc"));
        Path launcher = Files.writeString(home.resolve("bin/wrenmq"), "#!/bin/sh\n");
        Files.setPosixFilePermissions(launcher, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    @Test
    void unitWithStateDirectoryVerifies() throws Exception {
        Path unit = write(settings("wrenmq", Path.of("/var/lib/wrenmq")));
        assertThat(SystemdAnalyze.problems(unit)).isEmpty();
        assertThat(Files.readString(unit)).contains("StateDirectory=wrenmq\n").contains("WorkingDirectory=/var/lib/wrenmq\n");
    }

    @Test
    void unitWithOwnDataDirectoryVerifies() throws Exception {
        Path unit = write(settings("wren-mq_2", Path.of("/srv/wren mq/data 50%")));
        assertThat(SystemdAnalyze.problems(unit)).isEmpty();
        assertThat(Files.readString(unit)).contains("ReadWritePaths=\"/srv/wren mq/data 50%%\"\n")
                .contains("WorkingDirectory=/srv/wren mq/data 50%%\n").doesNotContain("StateDirectory");
    }

    @Test
    void theCheckFailsOnABrokenUnit() throws Exception {
        Path good = write(settings("wrenmq", Path.of("/var/lib/wrenmq")));
        // A bad value systemd only warns about (exit code 0): the line naming the file is caught.
        Path badValue = dir.resolve("badvalue.service");
        Files.writeString(badValue, Files.readString(good).replace("Restart=on-failure", "Restart=sometimes"));
        assertThat(SystemdAnalyze.problems(badValue)).anyMatch(l -> l.contains("sometimes"));
        // The executable's path written without quotes: systemd splits it at the space and finds no such file.
        Path unquoted = dir.resolve("unquoted.service");
        String text = Files.readString(good);
        String execStart = text.lines().filter(l -> l.startsWith("ExecStart=")).findFirst().orElseThrow();
        Files.writeString(unquoted, text.replace(execStart, "ExecStart=" + home.resolve("bin/wrenmq") + " start"));
        assertThat(SystemdAnalyze.problems(unquoted)).isNotEmpty();
    }

    @Test
    void anInstallationPathSystemdCannotRunIsRefused() {
        SystemdUnit.Settings s = new SystemdUnit.Settings("wrenmq", "wrenmq", dir.resolve("it's"), null, Path.of("/var/lib/wrenmq"),
                null, null);
        assertThatThrownBy(() -> SystemdUnit.render(s, "1")).hasMessageContaining("without quotes or backslashes");
    }

    private SystemdUnit.Settings settings(String name, Path dataDir) {
        return new SystemdUnit.Settings(name, "wrenmq", home, home.resolve("etc/it's \"my\" \\ 100% $x.conf"), dataDir,
                "/usr/lib/jvm/java 17", "-Xmx64m -Dx=\"a b\"");
    }

    private Path write(SystemdUnit.Settings s) throws Exception {
        return Files.writeString(dir.resolve(s.fileName()), SystemdUnit.render(s, "1.2.3"));
    }
}
