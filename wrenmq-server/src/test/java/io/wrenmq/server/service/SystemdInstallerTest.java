package io.wrenmq.server.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What install and uninstall run, against a recorded system (no root, no systemd needed). */
class SystemdInstallerTest {
    @TempDir
    Path dir;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @Test
    void installCreatesTheUserWritesTheUnitAndEnablesIt() throws Exception {
        FakeHost host = new FakeHost(true).answer("id -u wrenmq", new ServiceHost.Result(1, "no such user"));
        int code = installer(host).install(settings(Path.of("/var/lib/wrenmq")), "UNIT\n", dir, true);
        assertThat(code).as(err.toString()).isZero();
        assertThat(host.commands).containsExactly("id -u", "id -u wrenmq",
                "useradd --system --user-group --no-create-home --home-dir /var/lib/wrenmq --shell /usr/sbin/nologin wrenmq",
                "systemctl daemon-reload", "systemctl enable --now wrenmq");
        Path unit = dir.resolve("wrenmq.service");
        assertThat(unit).hasContent("UNIT");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(unit))).isEqualTo("rw-r--r--");
        assertThat(out.toString()).contains("Created the system user wrenmq").contains("journalctl -u wrenmq");
    }

    @Test
    void withoutSystemdTheUnitIsWrittenAndTheMessageSaysWhatToRun() throws Exception {
        FakeHost host = new FakeHost(true).answer("systemctl daemon-reload",
                new ServiceHost.Result(1, "System has not been booted with systemd as init system (PID 1). Can't operate."));
        int code = installer(host).install(settings(Path.of("/var/lib/wrenmq")), "UNIT\n", dir, true);
        assertThat(code).isEqualTo(1);
        assertThat(dir.resolve("wrenmq.service")).exists();
        assertThat(err.toString()).contains("systemctl daemon-reload failed: System has not been booted with systemd")
                .contains("systemctl daemon-reload && systemctl enable --now wrenmq");
        assertThat(host.commands).doesNotContain("systemctl enable --now wrenmq");
    }

    @Test
    void aDataDirectoryOutsideVarLibIsCreatedForTheUser() throws Exception {
        Path data = dir.resolve("data dir");
        FakeHost host = new FakeHost(true);
        assertThat(installer(host).install(settings(data), "UNIT\n", dir, true)).isZero();
        assertThat(data).isDirectory();
        assertThat(host.commands).contains("chown wrenmq:wrenmq " + data, "chmod 750 " + data);
    }

    @Test
    void notRootIsRefusedForSystemdsDirectory() throws Exception {
        FakeHost host = new FakeHost(false);
        assertThat(installer(host).install(settings(Path.of("/var/lib/wrenmq")), "UNIT\n", dir, true)).isEqualTo(1);
        assertThat(err.toString()).contains("needs root").contains("--print");
        assertThat(dir.resolve("wrenmq.service")).doesNotExist();
        assertThat(host.commands).containsExactly("id -u");
    }

    @Test
    void ownUnitDirectoryNeedsNoRootAndRunsNoSystemctl() throws Exception {
        FakeHost host = new FakeHost(false);
        assertThat(installer(host).install(settings(Path.of("/var/lib/wrenmq")), "UNIT\n", dir, false)).isZero();
        assertThat(host.commands).containsExactly("id -u");
        assertThat(out.toString()).contains("systemctl link " + dir.resolve("wrenmq.service"));
    }

    @Test
    void unreadableInputsAreReported() throws Exception {
        Path secret = Files.writeString(Files.createDirectories(dir.resolve("home/etc")).resolve("passwd"), "x");
        Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-------"));
        Files.writeString(dir.resolve("home/etc/wrenmq.conf"), "");
        installer(new FakeHost(false)).install(settings(Path.of("/var/lib/wrenmq")), "UNIT\n", dir, false);
        assertThat(out.toString()).contains("warning: " + secret + " is not readable by the service user wrenmq")
                .contains("chgrp wrenmq").doesNotContain("wrenmq.conf is not readable");
    }

    @Test
    void uninstallDisablesRemovesAndKeepsTheData() throws Exception {
        String unit = SystemdUnit.render(settings(Path.of("/srv/wren mq 100%")), "1");
        Files.writeString(dir.resolve("wrenmq.service"), unit);
        FakeHost host = new FakeHost(true);
        assertThat(installer(host).uninstall("wrenmq", dir, true)).isZero();
        assertThat(host.commands).containsExactly("id -u", "systemctl disable --now wrenmq", "systemctl daemon-reload");
        assertThat(dir.resolve("wrenmq.service")).doesNotExist();
        assertThat(out.toString()).contains("Kept the data directory /srv/wren mq 100% and the user wrenmq");
    }

    @Test
    void uninstallWithoutAUnitSaysSo() throws Exception {
        assertThat(installer(new FakeHost(true)).uninstall("other", dir, true)).isEqualTo(1);
        assertThat(err.toString()).contains("no unit " + dir.resolve("other.service"));
    }

    private SystemdInstaller installer(ServiceHost host) {
        return new SystemdInstaller(host, new PrintWriter(out, true), new PrintWriter(err, true));
    }

    private SystemdUnit.Settings settings(Path dataDir) {
        return new SystemdUnit.Settings("wrenmq", "wrenmq", dir.resolve("home"), null, dataDir, null, null);
    }
}
