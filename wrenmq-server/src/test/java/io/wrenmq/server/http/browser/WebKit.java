package io.wrenmq.server.http.browser;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.openqa.selenium.MutableCapabilities;
import org.openqa.selenium.remote.RemoteWebDriver;
import org.openqa.selenium.remote.http.ClientConfig;

/**
 * WebKitGTK (the engine of Safari) from Debian: its WebDriver (webkit2gtk-driver's WebKitWebDriver, WebDriver
 * classic) starts the MiniBrowser of libwebkit2gtk-4.1-0 in automation mode, on an X server of its own (Xvfb,
 * {@code -displayfd} picks a free display), driven through Selenium's RemoteWebDriver.
 */
public final class WebKit implements AutoCloseable {
    static final Path XVFB = Path.of("/usr/bin/Xvfb");
    static final Path DRIVER = Path.of("/usr/bin/WebKitWebDriver");
    static final Path MINIBROWSER = Path.of("/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser");
    private static final Duration START = Duration.ofSeconds(20);

    private final Process xvfb;
    private final Process driverProcess;
    public final RemoteWebDriver driver;

    /** Skips the calling test when Xvfb, WebKitWebDriver or the MiniBrowser is not installed. */
    public static void assumeInstalled() {
        assumeTrue(Files.isExecutable(XVFB) && Files.isExecutable(DRIVER) && Files.isExecutable(MINIBROWSER),
                "the WebKit test needs Debian's xvfb and webkit2gtk-driver (apt-get install xvfb webkit2gtk-driver;"
                        + " .ci/run installs them): " + XVFB + ", " + DRIVER + " or " + MINIBROWSER + " is missing");
    }

    public WebKit(Path logs) throws Exception {
        Files.createDirectories(logs);
        xvfb = new ProcessBuilder(XVFB.toString(), "-displayfd", "1", "-screen", "0", "1280x1024x24", "-nolisten", "tcp")
                .redirectError(logs.resolve("xvfb.log").toFile()).start();
        Process started = null;
        try {
            String display = ":" + firstLine(xvfb);
            int port;
            try (ServerSocket s = new ServerSocket(0)) {
                port = s.getLocalPort();
            }
            ProcessBuilder builder = new ProcessBuilder(DRIVER.toString(), "--port=" + port, "--host=local")
                    .redirectErrorStream(true).redirectOutput(logs.resolve("webkitwebdriver.log").toFile());
            builder.environment().put("DISPLAY", display);
            started = builder.start();
            driverProcess = started;
            URL url = new URL("http://127.0.0.1:" + port);
            await("WebKitWebDriver on " + url).atMost(START).pollInterval(Duration.ofMillis(100)).until(() -> {
                try (ServerSocket probe = new ServerSocket(port)) {
                    return false;
                } catch (Exception bound) {
                    return true;
                }
            });
            MutableCapabilities caps = new MutableCapabilities();
            caps.setCapability("browserName", "MiniBrowser");
            caps.setCapability("webkitgtk:browserOptions",
                    Map.of("binary", MINIBROWSER.toString(), "args", List.of("--automation")));
            driver = (RemoteWebDriver) RemoteWebDriver.builder().oneOf(caps)
                    .config(ClientConfig.defaultConfig().baseUrl(url).readTimeout(Duration.ofSeconds(30))).build();
            driver.manage().timeouts().pageLoadTimeout(START).scriptTimeout(START);
        } catch (Exception | AssertionError e) {
            Processes.stop(started);
            Processes.stop(xvfb);
            throw e;
        }
    }

    /** The display number Xvfb writes to its -displayfd once it is ready. */
    private static String firstLine(Process process) throws Exception {
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        String line = CompletableFuture.supplyAsync(() -> {
            try {
                return out.readLine();
            } catch (Exception e) {
                return null;
            }
        }).get(START.toSeconds(), TimeUnit.SECONDS);
        if (line == null || line.isBlank()) {
            throw new IllegalStateException("Xvfb did not start");
        }
        return line.trim();
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            Processes.stop(driverProcess);
            Processes.stop(xvfb);
        }
    }
}
