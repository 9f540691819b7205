package io.wrenmq.server.http;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.wrenmq.server.http.browser.Firefox;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The dashboard in Debian's Firefox ESR (headless, WebDriver BiDi, no geckodriver): the smoke test and the
 * phone-sized run of {@link DashboardSmoke}. Skipped when firefox-esr is not installed (.ci/run installs it).
 */
class DashboardFirefoxTest extends DashboardEngineTest {
    @Override
    DashboardPage startBrowser(Path dir) throws Exception {
        assumeTrue(Files.isExecutable(Firefox.BINARY), "the Firefox test needs Debian's firefox-esr"
                + " (apt-get install firefox-esr; .ci/run installs it): " + Firefox.BINARY + " is missing");
        return new BidiPage(dir.resolve("firefox-profile"));
    }
}
