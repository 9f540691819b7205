package io.wrenmq.server.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's Chromium, headless, driven by Debian's chromium-driver through Selenium, for the dashboard's browser
 * tests: start it (the test is skipped when either is missing), log in, wait for elements, save screenshots, and
 * check the console for CSP refusals and script errors.
 */
final class DashboardBrowser implements AutoCloseable {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path DRIVER = Path.of("/usr/bin/chromedriver");
    static final Duration WAIT = Duration.ofSeconds(15);
    /**
     * Where the screenshots go: target/dashboard-screenshots, or the folder in the system property
     * {@code wrenmq.screenshots} (docs/dashboard.md says how to refresh the committed ones in docs/dashboard/), so
     * that an ordinary build does not rewrite files of the checkout.
     */
    private static final Path SCREENSHOTS = Path.of(System.getProperty("wrenmq.screenshots",
            Path.of("target", "dashboard-screenshots").toString()));

    final WebDriver driver;
    final WebDriverWait wait;

    /** Skips the calling test (an assumption) when Chromium or its driver is not installed. */
    static void assumeInstalled() {
        assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(DRIVER),
                "the browser tests need Debian's chromium and chromium-driver (apt-get install chromium chromium-driver;"
                        + " .ci/run installs them): " + CHROMIUM + " or " + DRIVER + " is missing");
    }

    /** @param profile a fresh folder for the browser's profile */
    DashboardBrowser(Path profile) {
        ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM.toFile())
                .addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                        "--user-data-dir=" + profile, "--window-size=1280,900", "--lang=en-US");
        options.setCapability("goog:loggingPrefs", Map.of(LogType.BROWSER, "ALL"));
        // The driver's path is given, so Selenium Manager (which would download one) never runs.
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile())
                .usingAnyFreePort().withTimeout(WAIT).build();
        driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(WAIT).scriptTimeout(WAIT);
        wait = new WebDriverWait(driver, WAIT);
    }

    /** Opens the dashboard at {@code root} and logs in as admin. */
    void logIn(URI root, String password) {
        driver.get(root.toString());
        visible(By.id("login-username")).sendKeys("admin");
        driver.findElement(By.id("login-password")).sendKeys(password);
        driver.findElement(By.id("login-submit")).click();
        visible(By.id("app"));
    }

    WebElement visible(By by) {
        return wait.until(ExpectedConditions.visibilityOfElementLocated(by));
    }

    void screenshot(String name) throws Exception {
        save(name, ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
    }

    /** Writes a screenshot as {@code name}.png to the screenshot folder. */
    static void save(String name, byte[] png) throws IOException {
        Files.createDirectories(SCREENSHOTS);
        Files.write(SCREENSHOTS.resolve(name + ".png"), png);
    }

    /** The page fits a phone-sized window (390 x 844): nothing makes the page itself scroll sideways. */
    void assertFitsAPhone() {
        driver.manage().window().setSize(new Dimension(390, 844));
        try {
            Object overflow = ((JavascriptExecutor) driver).executeScript(
                    "return document.documentElement.scrollWidth > document.documentElement.clientWidth");
            assertThat(overflow).as("the page scrolls sideways at 390 px").isEqualTo(false);
        } finally {
            driver.manage().window().setSize(new Dimension(1280, 900));
        }
    }

    /** Nothing the page did was blocked by its Content-Security-Policy, and no script failed. */
    void assertNoScriptErrors() {
        List<String> console = driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .map(LogEntry::getMessage).toList();
        assertThat(console).noneMatch(DashboardBrowser::isScriptError);
    }

    /**
     * Whether a line of Chromium's console is a CSP refusal or a script error (it also logs refused requests, like
     * the 401 of a wrong password, which are expected).
     */
    static boolean isScriptError(String message) {
        return message.contains("Content Security Policy") || message.contains("Refused to")
                || message.contains("Uncaught") || message.contains("TypeError");
    }

    @Override
    public void close() {
        driver.quit();
    }
}
