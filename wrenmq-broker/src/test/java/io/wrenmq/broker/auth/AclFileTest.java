package io.wrenmq.broker.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The ACL file: NanoMQ's syntax is read; anything unusable stops with file, line and a hint (fail closed). */
class AclFileTest {
    @TempDir
    Path dir;

    @Test
    void readsNanoMqExampleFile() throws Exception {
        Path f = dir.resolve("nanomq_acl.conf");
        Files.writeString(f, """
                rules = [
                  ## Allow MQTT client using username "dashboard"  to subscribe to "$SYS/#" topics
                  {"permit": "allow", "username": "dashboard", "action": "subscribe", "topics": ["$SYS/#"]}

                  ## Deny "All Users" subscribe to "$SYS/#" "#" Topics
                  {"permit": "deny", "username": "#", "action": "subscribe", "topics": ["$SYS/#", "#"]}

                  ## Allow any other publish/subscribe operation
                  {"permit": "allow"}
                ]
                """);
        AclRules rules = AclFile.load(f);
        assertThat(rules.rules()).hasSize(3);
        assertThat(rules.rules().get(1).source()).isEqualTo(f + ":6");
        assertThat(rules.source()).isEqualTo(f.toString());
    }

    @Test
    void missingFileFailsClosed() {
        Path f = dir.resolve("nope.conf");
        assertThatThrownBy(() -> AclFile.load(f)).isInstanceOf(AclFileException.class)
                .hasMessageContaining(f.toString()).hasMessageContaining("not found");
    }

    @Test
    void emptyFileFailsClosed() throws Exception {
        Path f = dir.resolve("empty.conf");
        Files.writeString(f, "# nothing here\n");
        assertThatThrownBy(() -> AclFile.load(f)).isInstanceOf(AclFileException.class)
                .hasMessageContaining("no rules").hasMessageContaining("allow all");
        Files.writeString(f, "rules = []\n");
        assertThatThrownBy(() -> AclFile.load(f)).hasMessageContaining(f + ":1: rules is empty");
    }

    @Test
    void malformedFileNamesFileAndLine() throws Exception {
        Path f = dir.resolve("bad.conf");
        Files.writeString(f, "rules = [\n  {permit = allow}\n  {permit = allow, topics = [\"a\"\n]\n");
        AclFileException e = (AclFileException) org.assertj.core.api.Assertions.catchThrowable(() -> AclFile.load(f));
        assertThat(e.file()).isEqualTo(f.toString());
        assertThat(e.line()).isGreaterThan(1);
        assertThat(e.getMessage()).contains("malformed ACL file");
    }

    @Test
    void badRulesNameTheirLine() {
        assertBad("rules = [\n{permit = allow}\n{permit = maybe}\n]", 3, "permit must be allow or deny");
        assertBad("rules = [\n{topics = [\"a\"]}\n]", 2, "rule without permit");
        assertBad("rules = [\n{permit = allow,\n usrname = \"bob\"}\n]", 3, "unknown key usrname");
        assertBad("rules = [\n{permit = allow, username = \"a\", clientid = \"b\"}\n]", 2, "and = [");
        assertBad("rules = [\n{permit = allow, action = read}\n]", 2, "unknown action read");
        assertBad("rules = [\n{permit = allow, ipaddr = \"localhost\"}\n]", 2, "not an IP address");
        assertBad("rules = [\n{permit = allow, ipaddr = \"10.0.0.0/33\"}\n]", 2, "prefix length must be 0..32");
        // The ban list's parser (IpRange): a negative prefix is an error, not a single address.
        assertBad("rules = [\n{permit = allow, ipaddr = \"10.0.0.0/-1\"}\n]", 2, "prefix length must be 0..32");
        assertBad("rules = [\n{permit = allow, topics = [\"a/#/b\"]}\n]", 2, "'#' must be the last level");
        assertBad("rules = [\n{permit = allow, topics = [\"a/${user}\"]}\n]", 2, "unknown placeholder");
        assertBad("rules = [\n{permit = allow, topics = []}\n]", 2, "topics is empty");
        assertBad("rules = [\n{permit = allow, and = [{}]}\n]", 2, "empty and/or member");
        assertBad("rules = [\n{permit = allow, topics = [{equal = \"#\"}]}\n]", 2, "{eq = ");
        assertBad("rule = []", 1, "unknown key rule");
    }

    private static void assertBad(String text, int line, String message) {
        assertThatThrownBy(() -> AclFile.parse(text, "acl.conf")).isInstanceOf(AclFileException.class)
                .satisfies(e -> assertThat(((AclFileException) e).line()).as(text).isEqualTo(line))
                .hasMessageContaining("acl.conf:" + line + ": ").hasMessageContaining(message);
    }
}
