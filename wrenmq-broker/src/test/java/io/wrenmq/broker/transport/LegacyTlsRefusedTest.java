package io.wrenmq.broker.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS 1.0 and 1.1 are refused by the broker's own version list, not just by the JDK's defaults: proven in
 * a JVM whose {@code jdk.tls.disabledAlgorithms} allows them again (see {@link LegacyTlsProbe}).
 */
class LegacyTlsRefusedTest {
    @TempDir
    Path dir;

    @Test
    @Timeout(90)
    void tls10And11AreRefusedEvenWhenTheJvmAllowsThem() throws Exception {
        Path security = Files.writeString(dir.resolve("java.security"),
                // The JDK 17 list without TLSv1 and TLSv1.1.
                "jdk.tls.disabledAlgorithms=SSLv3, RC4, DES, MD5withRSA, DH keySize < 1024, EC keySize < 224, "
                        + "3DES_EDE_CBC, anon, NULL\n");
        Path pkiDir = Files.createDirectories(dir.resolve("pki"));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(List.of(java, "-Djava.security.properties=" + security, "-Xmx256m",
                "-cp", System.getProperty("java.class.path"), LegacyTlsProbe.class.getName(), pkiDir.toString()))
                .redirectErrorStream(true).redirectOutput(dir.resolve("probe.log").toFile()).start();
        try {
            assertThat(p.waitFor(80, TimeUnit.SECONDS)).as("the probe finished").isTrue();
        } finally {
            p.destroyForcibly();
        }
        String out = Files.readString(dir.resolve("probe.log"));
        assertThat(out).contains("control TLSv1.1 with a JDK server: accepted")
                .contains("broker TLSv1: refused").contains("broker TLSv1.1: refused")
                .contains("broker TLSv1.2: accepted");
        assertThat(p.exitValue()).as(out).isZero();
    }
}
