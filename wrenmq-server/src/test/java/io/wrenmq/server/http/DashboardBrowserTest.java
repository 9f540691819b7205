package io.wrenmq.server.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5Client;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5DisconnectException;
import com.hivemq.client.mqtt.mqtt5.message.disconnect.Mqtt5DisconnectReasonCode;
import java.io.File;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
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
 * The dashboard in Debian's Chromium (headless, driven by Debian's chromium-driver through Selenium) against a real
 * broker: a wrong password is refused; after logging in, a client that a HiveMQ client connected is listed, its
 * details show its subscription, kicking it disconnects it and it is gone; logging out returns to the login page
 * and the old cookie no longer works. Each page visited is saved as a screenshot (see SCREENSHOTS).
 */
@Timeout(90)
class DashboardBrowserTest {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path DRIVER = Path.of("/usr/bin/chromedriver");
    private static final Duration WAIT = Duration.ofSeconds(15);
    /**
     * Where the screenshots go: target/dashboard-screenshots, or the folder in the system property
     * {@code wrenmq.screenshots} (docs/dashboard.md says how to refresh the committed ones in docs/dashboard/), so
     * that an ordinary build does not rewrite files of the checkout.
     */
    private static final Path SCREENSHOTS = Path.of(System.getProperty("wrenmq.screenshots",
            Path.of("target", "dashboard-screenshots").toString()));

    @TempDir
    Path dir;
    private ApiFixture api;
    private WebDriver browser;
    private WebDriverWait wait;
    private Mqtt5BlockingClient device;

    @BeforeEach
    void start() throws Exception {
        assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(DRIVER),
                "the browser tests need Debian's chromium and chromium-driver (apt-get install chromium chromium-driver;"
                        + " .ci/run installs them): " + CHROMIUM + " or " + DRIVER + " is missing");
        api = ApiFixture.start(dir, "");
        ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM.toFile())
                .addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                        "--user-data-dir=" + dir.resolve("chromium"), "--window-size=1280,900", "--lang=en-US");
        options.setCapability("goog:loggingPrefs", Map.of(LogType.BROWSER, "ALL"));
        // The driver's path is given, so Selenium Manager (which would download one) never runs.
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile())
                .usingAnyFreePort().withTimeout(WAIT).build();
        browser = new ChromeDriver(service, options);
        browser.manage().timeouts().pageLoadTimeout(WAIT).scriptTimeout(WAIT);
        wait = new WebDriverWait(browser, WAIT);
    }

    @AfterEach
    void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (device != null && device.getState().isConnected()) {
            device.disconnect();
        }
        if (api != null) {
            api.close();
        }
    }

    @Test
    void logInSeeAClientKickItAndLogOut() throws Exception {
        browser.get(api.uri("/").toString());
        WebElement user = visible(By.id("login-username"));

        user.sendKeys("admin");
        browser.findElement(By.id("login-password")).sendKeys("wrong");
        browser.findElement(By.id("login-submit")).click();
        assertThat(visible(By.id("login-error")).getText()).isEqualTo("Wrong username or password.");
        assertThat(browser.findElement(By.id("app")).isDisplayed()).isFalse();
        screenshot("login");

        CompletableFuture<Throwable> kicked = new CompletableFuture<>();
        device = Mqtt5Client.builder().identifier("sensor-42").serverHost("127.0.0.1").serverPort(api.mqttPort())
                .addDisconnectedListener(ctx -> kicked.complete(ctx.getCause())).buildBlocking();
        device.connectWith().keepAlive(30).send();
        device.subscribeWith().topicFilter("plant/+/temperature").qos(MqttQos.AT_LEAST_ONCE).send();

        browser.findElement(By.id("login-password")).sendKeys(ApiFixture.PASSWORD);
        browser.findElement(By.id("login-submit")).click();
        visible(By.id("app"));
        assertThat(browser.findElement(By.id("user-name")).getText()).isEqualTo("admin");
        Cookie cookie = browser.manage().getCookieNamed("wrenmq_session");
        assertThat(cookie.isHttpOnly()).isTrue();
        assertThat(cookie.getSameSite()).isEqualTo("Strict");
        assertThat(browser.findElement(By.tagName("body")).getText()).doesNotContain(cookie.getValue());

        // Overview: the numbers from the REST API, the listeners, the charts.
        wait.until(ExpectedConditions.textToBe(By.id("stat-connections"), "1"));
        wait.until(ExpectedConditions.textToBe(By.id("stat-subscriptions"), "1"));
        assertThat(browser.findElement(By.id("stat-version")).getText()).isNotEqualTo("—");
        assertThat(visible(By.id("listeners-table")).getText()).contains("tcp", "127.0.0.1:" + api.mqttPort());
        assertThat(browser.findElements(By.cssSelector(".chart-box canvas"))).hasSize(3);
        screenshot("overview");

        // The page's scripts cannot read the cookie, and a request without the CSRF token is refused.
        assertThat(((JavascriptExecutor) browser).executeScript("return document.cookie")).isEqualTo("");
        Object forged = ((JavascriptExecutor) browser).executeAsyncScript("const done = arguments[0];"
                + "fetch('/api/v4/clients/sensor-42', {method: 'DELETE'}).then(r => done(r.status), e => done(String(e)));");
        assertThat(forged).isEqualTo(403L);
        assertThat(device.getState().isConnected()).isTrue();

        // Clients: the device is listed and found by search.
        browser.findElement(By.id("nav-clients")).click();
        By row = By.cssSelector("#clients-table tr[data-clientid='sensor-42']");
        visible(row);
        browser.findElement(By.id("client-search")).sendKeys("sensor");
        assertThat(visible(row).getText()).contains("sensor-42", "connected", "MQTT 5");
        screenshot("clients");

        // Details: its subscription; kick.
        browser.findElement(row).findElement(By.linkText("sensor-42")).click();
        assertThat(visible(By.id("client-subs")).getText()).contains("plant/+/temperature");
        assertThat(browser.findElement(By.id("client-details")).getText())
                .contains("State\nconnected", "Protocol\nMQTT 5", "Keep alive\n30 s").doesNotContain("[object");
        screenshot("client");
        browser.findElement(By.id("kick")).click();
        visible(By.id("kick-confirm")).click();

        Throwable cause = kicked.get(10, TimeUnit.SECONDS);
        assertThat(cause).isInstanceOf(Mqtt5DisconnectException.class);
        assertThat(((Mqtt5DisconnectException) cause).getMqttMessage().getReasonCode())
                .isEqualTo(Mqtt5DisconnectReasonCode.ADMINISTRATIVE_ACTION);
        visible(By.id("clients-table"));
        wait.until(ExpectedConditions.numberOfElementsToBe(row, 0));
        assertThat(visible(By.id("flash")).getText()).isEqualTo("Kicked sensor-42.");

        // Phone-sized: the clients page still fits (no horizontal scrolling of the page itself).
        browser.manage().window().setSize(new Dimension(390, 844));
        Object overflow = ((JavascriptExecutor) browser).executeScript(
                "return document.documentElement.scrollWidth > document.documentElement.clientWidth");
        assertThat(overflow).isEqualTo(false);
        browser.findElement(By.id("nav-overview")).click();
        wait.until(ExpectedConditions.textToBe(By.id("stat-connections"), "0"));
        screenshot("overview-phone");
        browser.manage().window().setSize(new Dimension(1280, 900));

        // Log out: back to the login page; the old cookie is dead on the server.
        browser.findElement(By.id("logout")).click();
        visible(By.id("login-page"));
        assertThat(browser.findElement(By.id("app")).isDisplayed()).isFalse();
        api.authorization = null;
        HttpResponse<String> replay = api.send("GET", "/api/v4/clients", null,
                Map.of("Cookie", "wrenmq_session=" + cookie.getValue()));
        assertThat(replay.statusCode()).isEqualTo(401);
        browser.navigate().refresh();
        visible(By.id("login-username"));

        // Nothing the page did was blocked by its Content-Security-Policy, and no script failed. (The console
        // does show the refused requests: 401 before login and for the wrong password, 403 for the forged DELETE.)
        List<String> console = browser.manage().logs().get(LogType.BROWSER).getAll().stream()
                .map(LogEntry::getMessage).toList();
        assertThat(console).noneMatch(m -> m.contains("Content Security Policy") || m.contains("Refused to")
                || m.contains("Uncaught") || m.contains("TypeError"));
    }

    private WebElement visible(By by) {
        return wait.until(ExpectedConditions.visibilityOfElementLocated(by));
    }

    private void screenshot(String name) throws Exception {
        File png = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
        Files.createDirectories(SCREENSHOTS);
        Files.copy(png.toPath(), SCREENSHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }
}
