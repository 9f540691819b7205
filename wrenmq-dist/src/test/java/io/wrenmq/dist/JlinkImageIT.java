package io.wrenmq.dist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * wrenmq-&lt;version&gt;-&lt;os&gt;-&lt;arch&gt;.tar.gz runs with no Java installed: JAVA_HOME unset and no java on the PATH.
 * Skipped when the build was told -Dwrenmq.image.skip.
 */
@Timeout(180)
@DisabledOnOs(value = OS.WINDOWS, disabledReason = "drives bin/wrenmq (sh); the Windows image is a zip")
class JlinkImageIT {
    @TempDir
    Path tmp;

    private Installation image;

    @BeforeEach
    void unpack() throws Exception {
        assumeFalse(Boolean.getBoolean("wrenmq.image.skip"), "image not built (-Dwrenmq.image.skip)");
        image = Installation.unpack(Path.of(System.getProperty("wrenmq.image.archive")),
                tmp.resolve("image dir"), System.getProperty("wrenmq.image.name"));
        image.env("JAVA_HOME", null).env("PATH", Installation.pathWithoutJava(tmp));
    }

    @Test
    void runsWithoutAnInstalledJavaAndWritesNothingInsideTheInstallation() throws Exception {
        ReadOnlyHomeScenario.run(image, Files.createDirectories(tmp.resolve("work dir")));
    }

    /**
     * After the move to another directory the JVM still maps the class-data-sharing archives: the broker's own
     * classes come from runtime/lib/wrenmq.aot (linked with JDK 25+) or wrenmq.jsa (JDK 18-24, which accept the jars
     * under a new directory) when the image has one, else at least the JDK's classes from the archive jlink made.
     */
    @Test
    void classDataSharingSurvivesTheMove() throws Exception {
        Path work = Files.createDirectories(tmp.resolve("work dir"));
        Path log = work.resolve("class-load.log");
        // Quoted: the launcher splits JDK_JAVA_OPTIONS at spaces, and "work dir" has one.
        image.env("JDK_JAVA_OPTIONS", "\"-Xlog:class+load=info:file=" + log + "\"");
        image.run(work, "version");
        String loaded = Installation.read(log);
        boolean appArchive = Files.isRegularFile(image.home().resolve("runtime/lib/wrenmq.jsa"))
                || Files.isRegularFile(image.home().resolve("runtime/lib/wrenmq.aot"));
        String probe = appArchive ? "io.wrenmq.server.cli.WrenmqCommand" : "java.lang.Object";
        assertThat(loaded).as("%s from a CDS archive", probe).contains(probe + " source: shared objects file");
    }
}
