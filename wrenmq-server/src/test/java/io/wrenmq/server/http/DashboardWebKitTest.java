package io.wrenmq.server.http;

import io.wrenmq.server.http.browser.WebKit;
import java.nio.file.Path;

/**
 * The dashboard in WebKitGTK, Safari's engine (Debian's MiniBrowser on Xvfb, driven by WebKitWebDriver through
 * Selenium, see {@link WebKit}): the smoke test and the phone-sized run of {@link DashboardSmoke}. Real Safari
 * (macOS, iOS) is not tested here. Skipped when xvfb or webkit2gtk-driver is not installed (.ci/run installs them).
 */
class DashboardWebKitTest extends DashboardEngineTest {
    @Override
    DashboardPage startBrowser(Path dir) throws Exception {
        WebKit.assumeInstalled();
        WebKit webKit = new WebKit(dir.resolve("webkit-logs"));
        return new SeleniumPage("webkit", webKit.driver, false, webKit::close);
    }

    /** The MiniBrowser's window is at least 447 px wide (its toolbar), still below the 600 px phone breakpoint. */
    @Override
    int widest() {
        return 600;
    }
}
