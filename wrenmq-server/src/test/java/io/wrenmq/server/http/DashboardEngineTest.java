package io.wrenmq.server.http;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tests of {@link DashboardSmoke} in one browser engine, against a real broker with a ws listener: the smoke
 * test and the phone-sized run. A subclass starts its browser (or skips the test when it is not installed).
 */
@Timeout(60)
abstract class DashboardEngineTest {
    @TempDir
    Path dir;
    private ApiFixture api;
    private DashboardPage page;
    private DashboardSmoke smoke;

    /** Starts the browser, profile and logs in {@code dir}; an assumption fails when it is not installed. */
    abstract DashboardPage startBrowser(Path dir) throws Exception;

    /** The widest viewport the engine may give when asked for 390 px (see {@link DashboardSmoke#phoneSized}). */
    int widest() {
        return DashboardSmoke.PHONE_WIDTH;
    }

    @BeforeEach
    void start() throws Exception {
        page = startBrowser(dir);
        api = ApiFixture.start(dir, DashboardSmoke.WS_LISTENER);
        smoke = new DashboardSmoke(page, api);
    }

    @AfterEach
    void stop() {
        if (smoke != null) {
            smoke.close();
        }
        if (page != null) {
            page.close();
        }
        if (api != null) {
            api.close();
        }
    }

    @Test
    void logInUseItAndLogOut() throws Exception {
        smoke.logInUseItAndLogOut();
    }

    @Test
    void phoneSized() throws Exception {
        smoke.phoneSized(widest());
    }
}
