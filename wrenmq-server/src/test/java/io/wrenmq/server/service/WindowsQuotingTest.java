package io.wrenmq.server.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class WindowsQuotingTest {

    @Test
    void quotesOnlyWhatNeedsIt() {
        assertThat(WindowsQuoting.quote("-Xss512k")).isEqualTo("-Xss512k");
        assertThat(WindowsQuoting.quote("C:\\WrenMQ\\lib\\*")).isEqualTo("C:\\WrenMQ\\lib\\*");
        assertThat(WindowsQuoting.quote("C:\\Program Files\\WrenMQ")).isEqualTo("\"C:\\Program Files\\WrenMQ\"");
        assertThat(WindowsQuoting.quote("")).isEqualTo("\"\"");
    }

    @Test
    void backslashesBeforeAQuoteOrTheClosingQuoteAreDoubled() {
        assertThat(WindowsQuoting.quote("C:\\Program Files\\")).isEqualTo("\"C:\\Program Files\\\\\"");
        assertThat(WindowsQuoting.quote("say \"hi\"")).isEqualTo("\"say \\\"hi\\\"\"");
        assertThat(WindowsQuoting.quote("a\\\"b")).isEqualTo("\"a\\\\\\\"b\"");
    }

    @Test
    void theCRuntimeSplitsTheLineBackIntoTheSameArguments() {
        List<String> args = List.of("-Dwrenmq.home=C:\\Program Files\\Wren & Co", "-cp", "C:\\Program Files\\Wren & Co\\lib\\*",
                "C:\\dir with space\\", "quote\"inside", "back\\\\\"slashes", "", "tab\there", "%ProgramData%\\WrenMQ", "plain");
        assertThat(WindowsArgv.split(WindowsQuoting.commandLine(args))).isEqualTo(args);
    }
}
