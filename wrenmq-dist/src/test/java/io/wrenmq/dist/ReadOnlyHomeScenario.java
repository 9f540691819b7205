package io.wrenmq.dist;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The Done-when scenario of issue #17, shared by the zip and the image: start the unpacked release with its shipped
 * etc/wrenmq.conf from another working directory, connect, publish, receive, `wrenmq stop`; then the installation
 * is byte for byte what was unpacked and the data directory is ./data of the working directory.
 */
final class ReadOnlyHomeScenario {
    private ReadOnlyHomeScenario() { }

    static void run(Installation installation, Path workDir) throws Exception {
        Map<String, String> before = InstallTree.snapshot(installation.home());
        int port = Installation.freePort();
        installation.env("WRENMQ_LISTENERS__TCP__BIND", "127.0.0.1:" + port);
        Path output = workDir.resolve("broker.out");
        Process broker = installation.start(workDir, output);
        try {
            BrokerRoundTrip.publishAndReceive(port);
            installation.run(workDir, "stop");
            assertThat(broker.waitFor(30, TimeUnit.SECONDS)).as("broker stopped").isTrue();
        } finally {
            broker.destroyForcibly();
        }
        assertThat(InstallTree.changes(before, InstallTree.snapshot(installation.home())))
                .as("nothing written inside %s; broker output:%n%s", installation.home(), Installation.read(output))
                .isEmpty();
        assertThat(workDir.resolve("data")).as("the data directory, ./data of the working directory").isDirectory();
    }
}
