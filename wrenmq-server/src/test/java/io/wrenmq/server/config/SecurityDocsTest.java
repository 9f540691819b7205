package io.wrenmq.server.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.wrenmq.broker.auth.AclFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/security.md documents every security key with an example (issue #5): each key of the listeners, auth,
 * limits, flapping_detect and banned sections appears in one of its HOCON examples; and the page's production
 * example is a configuration the broker accepts, with an ACL file the parser accepts.
 */
class SecurityDocsTest {
    private static final Pattern CODE = Pattern.compile("(?ms)^```(\\w*)\\n(.*?)^```");
    private static final List<String> SECURITY_SECTIONS = List.of("listeners.ssl.", "listeners.ws.", "listeners.wss.",
            "auth.", "limits.", "flapping_detect.", "banned", "mqtt.max_subscriptions", "mqtt.max_topic_levels");

    @TempDir
    Path dir;

    private static List<String> hoconBlocks() throws Exception {
        String doc = Files.readString(ConfigFiles.repoRoot().resolve("docs/security.md"));
        List<String> out = new ArrayList<>();
        Matcher m = CODE.matcher(doc);
        while (m.find()) {
            if (m.group(1).equals("hocon") || m.group(1).isEmpty()) {
                out.add(m.group(2));
            }
        }
        return out;
    }

    @Test
    void everySecurityKeyHasAnExample() throws Exception {
        String examples = String.join("\n", hoconBlocks());
        List<String> missing = new ArrayList<>();
        for (String path : ConfigSchema.keys().keySet()) {
            if (SECURITY_SECTIONS.stream().noneMatch(path::startsWith) || ConfigSchema.key(path).isIgnored()) {
                continue;
            }
            String leaf = path.substring(path.lastIndexOf('.') + 1);
            if (!Pattern.compile("\\b" + Pattern.quote(leaf) + "\\s*[=:{]").matcher(examples).find()) {
                missing.add(path);
            }
        }
        assertThat(missing).as("keys without an example in docs/security.md").isEmpty();
    }

    @Test
    void theProductionExampleIsAValidConfigurationWithAValidAcl() throws Exception {
        List<String> blocks = hoconBlocks();
        String config = blocks.stream().filter(b -> b.contains("peer_cert_as_username = cn")).findFirst().orElseThrow();
        String acl = blocks.stream().filter(b -> b.startsWith("rules = [") && b.contains("${username}")).findFirst()
                .orElseThrow();
        Path conf = Files.writeString(dir.resolve("wrenmq.conf"), config);
        ServerConfig loaded = ConfigLoader.load(conf, Map.of());
        assertThat(loaded.broker().listeners()).singleElement().satisfies(l -> {
            assertThat(l.kind().tls()).isTrue();
            assertThat(l.tls().verifyPeer()).isTrue();
        });
        assertThat(loaded.broker().auth().allowAnonymous()).isFalse();
        assertThat(AclFile.load(Files.writeString(dir.resolve("acl.conf"), acl)).rules()).hasSize(3);
    }
}
