package io.wrenmq.server.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class SystemdUnitTest {
    private static final Path OPT = Path.of("/opt/wrenmq");
    private static final Path DATA = Path.of("/var/lib/wrenmq");

    @Test
    void homeDirectoriesStayReadableWhenTheInstallationIsThere() {
        assertThat(render(OPT, null)).contains("ProtectHome=yes\n");
        assertThat(render(Path.of("/home/ann/wrenmq"), null)).contains("ProtectHome=read-only\n");
        assertThat(SystemdUnit.render(new SystemdUnit.Settings("wrenmq", "wrenmq", OPT, null, DATA, "/root/.sdkman/java 17", null), "1"))
                .as("the Java in /root").contains("ProtectHome=read-only\n");
    }

    @Test
    void withoutAConfigurationFileStartUsesItsDefault() {
        assertThat(render(OPT, null)).contains("ExecStart=/opt/wrenmq/bin/wrenmq start\n");
        assertThat(render(OPT, Path.of("/etc/wren mq/a.conf"))).contains("ExecStart=/opt/wrenmq/bin/wrenmq start --conf \"/etc/wren mq/a.conf\"\n");
    }

    @Test
    void javaSettingsArePassedOnOnlyWhenGiven() {
        assertThat(render(OPT, null)).doesNotContain("JAVA_HOME").doesNotContain("WRENMQ_JAVA_OPTS");
        String unit = SystemdUnit.render(new SystemdUnit.Settings("wrenmq", "wrenmq", OPT, null, DATA, "/usr/lib/jvm/jdk 21",
                "-Xmx1g -Dname=\"a b\""), "1");
        assertThat(unit).contains("Environment=\"JAVA_HOME=/usr/lib/jvm/jdk 21\"\n")
                .contains("Environment=\"WRENMQ_JAVA_OPTS=-Xmx1g -Dname=\\\"a b\\\"\"\n");
        assertThat(UnitSettings.environment(unit, "WRENMQ_JAVA_OPTS")).contains("-Xmx1g -Dname=\"a b\"");
    }

    @Test
    void stateDirectoryOnlyUnderVarLib() {
        assertThat(settings(Path.of("/var/lib/wrenmq/edge 1")).stateDirectory()).isEqualTo("wrenmq/edge 1");
        assertThat(settings(Path.of("/var/lib")).stateDirectory()).isNull();
        assertThat(settings(Path.of("/var/library")).stateDirectory()).isNull();
        assertThat(settings(Path.of("/var/lib/../tmp/x")).stateDirectory()).isNull();
    }

    private static String render(Path home, Path conf) {
        return SystemdUnit.render(new SystemdUnit.Settings("wrenmq", "wrenmq", home, conf, DATA, null, null), "1");
    }

    private static SystemdUnit.Settings settings(Path dataDir) {
        return new SystemdUnit.Settings("wrenmq", "wrenmq", OPT, null, dataDir, null, null);
    }
}
