package io.wrenmq.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.wrenmq.server.WrenServer;
import io.wrenmq.tools.ExitCodes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** `wrenmq start` with an unusable ACL file stops before any listener is bound (fail closed, never "allow all"). */
@Timeout(30)
class StartCommandAclTest {
    @TempDir
    Path dir;

    private CliRun start(String conf) throws Exception {
        Files.writeString(dir.resolve("acl-start.conf"), "listeners.tcp { bind = \"127.0.0.1:0\" }\n" + conf);
        AtomicBoolean started = new AtomicBoolean();
        CliRun run = CliRun.run(dir, Map.of(), new Lifecycle() {
            @Override
            public void onShutdown(Runnable stop) {
                stop.run(); // should the broker start after all, stop it at once instead of hanging the test
            }

            @Override
            public void started(WrenServer server) {
                started.set(true);
            }
        }, "start", "--conf", "acl-start.conf", "--pid-file", dir.resolve("p.pid").toString());
        assertThat(started).as("the broker must not start").isFalse();
        return run;
    }

    @Test
    void missingAclFileStopsStartUp() throws Exception {
        CliRun r = start("auth.acl_file = \"missing_acl.conf\"\n");
        assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains(dir.resolve("missing_acl.conf").toString()).contains("not found");
    }

    @Test
    void malformedIncludedAclFileStopsStartUpWithItsLine() throws Exception {
        Files.writeString(dir.resolve("acl.conf"), "rules = [\n  {permit = allow}\n  {permit = deny, clientid = \"a\", username = \"b\"}\n]\n");
        CliRun r = start("auth { acl = {include \"acl.conf\"} }\n");
        assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("acl.conf:3").contains("and = [");
    }
}
