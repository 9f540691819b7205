package io.wrenmq.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.wrenmq.server.service.FakeHost;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** `wrenmq service install|uninstall` as the user types it, against a recorded system. */
class ServiceCommandTest {
    @TempDir
    Path dir;
    private Path home;
    private final FakeHost host = new FakeHost(false);

    @BeforeEach
    void installation() throws Exception {
        home = dir.resolve("wren mq");
        Path launcher = Files.writeString(Files.createDirectories(home.resolve("bin")).resolve("wrenmq"), "#!/bin/sh\n");
        Files.setPosixFilePermissions(launcher, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.writeString(Files.createDirectories(home.resolve("etc")).resolve("wrenmq.conf"), "");
    }

    @Test
    void printShowsTheUnitAndDoesNothingElse() {
        CliRun r = run("install", "--print");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("ExecStart=\"" + home + "/bin/wrenmq\" start --conf \"" + home + "/etc/wrenmq.conf\"\n")
                .contains("Environment=WRENMQ_DATA_DIR=/var/lib/wrenmq\n")
                .contains("Environment=JAVA_HOME=" + System.getProperty("java.home"))
                .contains("User=wrenmq\n").contains("ProtectSystem=strict\n");
        assertThat(host.commands).isEmpty();
        assertThat(r.out()).isEqualTo(CliRun.run(dir, Map.of("WRENMQ_HOME", home.toString()), stop -> { },
                "service", "install", "--print").out()).as("registered in `wrenmq`");
    }

    @Test
    void optionsReachTheUnit() {
        CliRun r = run("install", "--print", "--name", "edge", "--user", "mqtt", "--data-dir", "/srv/mqtt data",
                "--conf", "my.conf");
        assertThat(r.out()).contains("User=mqtt\n").contains("Group=mqtt\n").contains("--conf " + dir.resolve("my.conf"))
                .contains("ReadWritePaths=\"/srv/mqtt data\"\n").contains("SyslogIdentifier=edge\n");
    }

    @Test
    void badNamesAreUsageErrors() {
        CliRun r = run("install", "--print", "--name", "my broker");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("--name: \"my broker\" is not a unit name");
        assertThat(run("install", "--print", "--user", "Root!").err()).contains("--user");
    }

    @Test
    void notRootIsRefusedWithWhatToDo() {
        CliRun r = run("install");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("needs root");
    }

    @Test
    void unitDirOfOnesOwnIsWrittenWithoutRoot() throws Exception {
        Path units = Files.createDirectories(dir.resolve("units"));
        CliRun r = run("install", "--unit-dir", units.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(Files.readString(units.resolve("wrenmq.service"))).contains("ExecStart=\"" + home + "/bin/wrenmq\" start");
        if (home.startsWith("/tmp")) {
            assertThat(r.err()).as("an installation under /tmp is invisible to the service").contains("PrivateTmp");
        }
        CliRun u = run("uninstall", "--unit-dir", units.toString());
        assertThat(u.code()).as(u.err()).isZero();
        assertThat(units.resolve("wrenmq.service")).doesNotExist();
        assertThat(u.out()).contains("Kept the data directory /var/lib/wrenmq and the user wrenmq");
    }

    @Test
    void windowsConfigurationIsWrittenWithTheSteps() throws Exception {
        CliRun r = run("install", "--windows", "--home", "C:\\Program Files\\Wren & Co", "--dir", "svc");
        assertThat(r.code()).as(r.err()).isZero();
        String xml = Files.readString(dir.resolve("svc/wrenmq-service.xml"));
        assertThat(xml).contains("<id>wrenmq</id>").contains("C:\\Program Files\\Wren &amp; Co\\etc\\wrenmq.conf")
                .contains("<executable>%JAVA_HOME%\\bin\\java.exe</executable>");
        assertThat(r.out()).contains("WinSW").contains(dir.resolve("svc/wrenmq-service.exe") + "\" install")
                .contains("wrenmq-service.exe\" start");
        assertThat(run("uninstall", "--windows", "--dir", "svc").out()).contains("wrenmq-service.exe\" uninstall");
    }

    @Test
    void windowsOnAnotherOsNeedsTheWindowsHome() {
        CliRun r = run("install", "--windows", "--print");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("--home");
    }

    private CliRun run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CliEnvironment env = new CliEnvironment(Map.of("WRENMQ_HOME", home.toString()), dir, stop -> { });
        CommandLine cl = ServiceCommand.commandLine(env, host);
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args);
        return new CliRun(code, out.toString(), err.toString());
    }
}
