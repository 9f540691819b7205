package io.wrenmq.server.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class SystemdQuotingTest {

    @Test
    void plainWordsStayAsTheyAre() {
        assertThat(SystemdQuoting.execWord("/opt/wrenmq/bin/wrenmq")).isEqualTo("/opt/wrenmq/bin/wrenmq");
        assertThat(SystemdQuoting.execWord("--conf")).isEqualTo("--conf");
        assertThat(SystemdQuoting.listItem("wrenmq")).isEqualTo("wrenmq");
    }

    @Test
    void spacesQuotesAndBackslashesAreQuotedAndEscaped() {
        assertThat(SystemdQuoting.execWord("/opt/wren mq/bin/wrenmq")).isEqualTo("\"/opt/wren mq/bin/wrenmq\"");
        assertThat(SystemdQuoting.execWord("a\"b")).isEqualTo("\"a\\\"b\"");
        assertThat(SystemdQuoting.execWord("a\\b")).isEqualTo("\"a\\\\b\"");
        assertThat(SystemdQuoting.execWord("it's")).isEqualTo("\"it's\"");
        assertThat(SystemdQuoting.execWord(";")).as("a lone ; separated commands").isEqualTo("\";\"");
        assertThat(SystemdQuoting.execWord("")).isEqualTo("\"\"");
    }

    @Test
    void specifiersAndVariablesAreEscaped() {
        assertThat(SystemdQuoting.execWord("/data/100%")).isEqualTo("/data/100%%");
        assertThat(SystemdQuoting.execWord("/data/$HOME")).isEqualTo("/data/$$HOME");
        assertThat(SystemdQuoting.execWord("/a b/${X}")).isEqualTo("\"/a b/$${X}\"");
        assertThat(SystemdQuoting.listItem("/a/$x")).as("lists do not substitute variables").isEqualTo("/a/$x");
        assertThat(SystemdQuoting.path("/srv/wren mq/50%")).isEqualTo("/srv/wren mq/50%%");
    }

    @Test
    void commandLinesAndEnvironmentAssignments() {
        assertThat(SystemdQuoting.commandLine("/opt/w mq/bin/wrenmq", List.of("start", "--conf", "/etc/w $x.conf")))
                .isEqualTo("\"/opt/w mq/bin/wrenmq\" start --conf \"/etc/w $$x.conf\"");
        assertThat(SystemdQuoting.executable("/opt/$x/100%/wrenmq")).as("no $ substitution in the executable")
                .isEqualTo("/opt/$x/100%%/wrenmq");
        assertThatThrownBy(() -> SystemdQuoting.executable("/opt/it's/wrenmq")).hasMessageContaining("without quotes");
        assertThatThrownBy(() -> SystemdQuoting.executable("/opt/a\\b/wrenmq")).hasMessageContaining("without quotes");
        assertThat(SystemdQuoting.environment("WRENMQ_DATA_DIR", "/var/lib/wrenmq")).isEqualTo("WRENMQ_DATA_DIR=/var/lib/wrenmq");
        assertThat(SystemdQuoting.environment("WRENMQ_JAVA_OPTS", "-Xmx1g -Dp=\"a b\""))
                .isEqualTo("\"WRENMQ_JAVA_OPTS=-Xmx1g -Dp=\\\"a b\\\"\"");
        assertThatThrownBy(() -> SystemdQuoting.environment("A B", "x")).hasMessageContaining("\"A B\"");
    }

    @Test
    void unquoteReversesQuoting() {
        for (String s : List.of("plain", "/a b/c", "q\"uote", "back\\slash\\", "100% $x", "")) {
            assertThat(SystemdQuoting.unquoteWord(SystemdQuoting.listItem(s))).isEqualTo(s);
        }
    }

    @Test
    void controlCharactersAndRelativePathsAreRefused() {
        assertThatThrownBy(() -> SystemdQuoting.execWord("a\nExecStartPre=/bin/evil")).hasMessageContaining("control character");
        assertThatThrownBy(() -> SystemdQuoting.path("relative/dir")).hasMessageContaining("absolute");
        assertThatThrownBy(() -> SystemdQuoting.path("/trailing ")).hasMessageContaining("absolute");
    }
}
