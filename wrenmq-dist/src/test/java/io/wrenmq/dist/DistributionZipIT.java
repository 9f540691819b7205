package io.wrenmq.dist;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/** wrenmq-&lt;version&gt;.zip runs from any directory with the Java that runs this test (docs/install.md). */
@Timeout(180)
@DisabledOnOs(value = OS.WINDOWS, disabledReason = "drives bin/wrenmq (sh); bin/wrenmq.cmd is checked by reading")
class DistributionZipIT {
    @TempDir
    Path tmp;

    @Test
    void unpackedIntoAPathWithASpaceItRunsAndWritesNothingInsideTheInstallation() throws Exception {
        Installation zip = Installation.unpack(Path.of(System.getProperty("wrenmq.dist.zip")),
                tmp.resolve("install dir"), System.getProperty("wrenmq.dist.name"));
        Path java = Path.of(System.getProperty("java.home"));
        zip.env("JAVA_HOME", java.toString());
        ReadOnlyHomeScenario.run(zip, Files.createDirectories(tmp.resolve("work dir")));
    }
}
