package io.wrenmq.server.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5Client;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5ConnAckException;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5DisconnectException;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAckReasonCode;
import com.hivemq.client.mqtt.mqtt5.message.disconnect.Mqtt5DisconnectReasonCode;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
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
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard in Debian's Chromium (headless, driven by Debian's chromium-driver through Selenium) against a real
 * broker: a wrong password is refused; after logging in, a client that a HiveMQ client connected is listed, its
 * details show its subscription, kicking it disconnects it and it is gone; logging out returns to the login page
 * and the old cookie no longer works. Then one test a page: the WebSocket client publishes to a HiveMQ subscriber,
 * a retained message is viewed and deleted, a setting is refused, changed and reloaded, subscriptions and the topic
 * tree, a ban added and lifted. Each page visited is saved as a screenshot (see {@link DashboardBrowser}).
 */
@Timeout(90)
class DashboardBrowserTest {
    @TempDir
    Path dir;
    private ApiFixture api;
    private DashboardBrowser ui;
    private WebDriver browser;
    private WebDriverWait wait;
    private Mqtt5BlockingClient device;

    @BeforeEach
    void start() throws Exception {
        DashboardBrowser.assumeInstalled();
        // A WebSocket listener for the MQTT client page, on an ephemeral loopback port like the TCP one.
        api = ApiFixture.start(dir, DashboardSmoke.WS_LISTENER);
        ui = new DashboardBrowser(dir.resolve("chromium"));
        browser = ui.driver;
        wait = ui.wait;
    }

    @AfterEach
    void stop() {
        if (ui != null) {
            ui.close();
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

        // (The console does show the refused requests: 401 before login and for the wrong password, 403 for the
        // forged DELETE.)
        assertNoScriptErrors();
    }

    @Test
    void publishFromTheWebSocketToolArrivesAtASubscriber() throws Exception {
        CompletableFuture<Mqtt5Publish> received = new CompletableFuture<>();
        device = Mqtt5Client.builder().identifier("listener").serverHost("127.0.0.1").serverPort(api.mqttPort())
                .buildBlocking();
        device.connect();
        device.toAsync().subscribeWith().topicFilter("tool/#").qos(MqttQos.AT_LEAST_ONCE)
                .callback(received::complete).send().get(10, TimeUnit.SECONDS);
        logIn();

        browser.findElement(By.id("nav-websocket")).click();
        WebElement url = visible(By.id("ws-url"));
        wait.until(d -> url.getDomProperty("value").startsWith("ws://"));
        assertThat(url.getDomProperty("value")).isEqualTo("ws://127.0.0.1:" + wsPort() + "/mqtt");
        browser.findElement(By.id("ws-clientid")).clear();
        browser.findElement(By.id("ws-clientid")).sendKeys("web-tool");
        browser.findElement(By.id("ws-connect")).click();
        wait.until(ExpectedConditions.textToBe(By.id("ws-status"), "Connected as web-tool"));
        // Its own subscription too: the message comes back into the page's log.
        browser.findElement(By.id("sub-topic")).clear();
        browser.findElement(By.id("sub-topic")).sendKeys("tool/#");
        browser.findElement(By.id("sub-button")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("ws-subs"), "tool/# (granted QoS 0)"));

        browser.findElement(By.id("pub-topic")).clear();
        browser.findElement(By.id("pub-topic")).sendKeys("tool/lamp");
        browser.findElement(By.id("pub-payload")).sendKeys("{\"on\": true}");
        new Select(browser.findElement(By.id("pub-qos"))).selectByValue("1");
        browser.findElement(By.id("pub-content-type")).sendKeys("application/json");
        browser.findElement(By.id("pub-expiry")).sendKeys("120");
        browser.findElement(By.id("pub-user-props")).sendKeys("site=north\nline=3");
        browser.findElement(By.id("pub-button")).click();

        Mqtt5Publish p = received.get(10, TimeUnit.SECONDS);
        assertThat(p.getTopic().toString()).isEqualTo("tool/lamp");
        assertThat(new String(p.getPayloadAsBytes(), StandardCharsets.UTF_8)).isEqualTo("{\"on\": true}");
        assertThat(p.getQos()).isEqualTo(MqttQos.AT_LEAST_ONCE);
        assertThat(p.getContentType()).hasValueSatisfying(t -> assertThat(t.toString()).isEqualTo("application/json"));
        assertThat(p.getMessageExpiryInterval().orElseThrow()).isBetween(100L, 120L);
        assertThat(p.getUserProperties().asList()).extracting(u -> u.getName() + "=" + u.getValue())
                .containsExactly("site=north", "line=3");
        assertThat(api.getJson("/api/v4/clients/web-tool").get("data").get(0).get("listener").asText()).contains("ws");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("ws-log"), "⇐ in"));
        assertThat(browser.findElement(By.id("ws-log")).getText()).contains("⇒ out", "tool/lamp",
                "content type application/json", "site=north");
        browser.manage().window().setSize(new Dimension(1280, 1000));
        screenshot("websocket");
        ui.assertFitsAPhone();
        assertNoScriptErrors();
    }

    @Test
    void viewARetainedMessageAndDeleteIt() throws Exception {
        device = Mqtt5Client.builder().identifier("plant").serverHost("127.0.0.1").serverPort(api.mqttPort()).buildBlocking();
        device.connect();
        device.publishWith().topic("plant/1/state").payload("{\"temp\":21.5,\"ok\":true}".getBytes(StandardCharsets.UTF_8))
                .qos(MqttQos.AT_LEAST_ONCE).retain(true).send();
        device.publishWith().topic("plant/2/state").payload(new byte[] {0, 1, (byte) 0xff, 'A'}).retain(true).send();
        logIn();

        browser.findElement(By.id("nav-retained")).click();
        By first = By.cssSelector("#retained-table tr[data-topic='plant/1/state']");
        By second = By.cssSelector("#retained-table tr[data-topic='plant/2/state']");
        assertThat(visible(first).getText()).contains("plant/1/state", "1", "23 B", "plant");
        assertThat(visible(second).getText()).contains("4 B");
        browser.findElement(By.id("retained-filter")).sendKeys("plant/+/state");
        browser.findElement(By.id("retained-search")).click();
        wait.until(ExpectedConditions.textToBe(By.id("retained-count"), "2 retained"));

        // Binary: shown as hex at once.
        browser.findElement(second).findElement(By.linkText("plant/2/state")).click();
        wait.until(ExpectedConditions.textToBe(By.id("retained-topic"), "plant/2/state"));
        assertThat(browser.findElement(By.id("retained-payload")).getText()).isEqualTo("00000000  00 01 ff 41"
                + " ".repeat(36) + "  |...A|");
        browser.findElement(By.id("view-text")).click();
        assertThat(browser.findElement(By.id("retained-payload")).getText()).isEqualTo("(not UTF-8 text: see Hex)");

        browser.findElement(first).findElement(By.linkText("plant/1/state")).click();
        wait.until(ExpectedConditions.textToBe(By.id("retained-topic"), "plant/1/state"));
        assertThat(browser.findElement(By.id("retained-payload")).getText()).isEqualTo("{\"temp\":21.5,\"ok\":true}");
        browser.findElement(By.id("view-json")).click();
        assertThat(browser.findElement(By.id("retained-payload")).getText())
                .isEqualTo("{\n  \"temp\": 21.5,\n  \"ok\": true\n}");
        screenshot("retained");
        ui.assertFitsAPhone();

        browser.findElement(By.id("retained-delete")).click();
        visible(By.id("retained-delete-confirm")).click();
        wait.until(ExpectedConditions.numberOfElementsToBe(first, 0));
        assertThat(visible(By.id("flash")).getText()).isEqualTo("Deleted the retained message on plant/1/state.");
        assertThat(browser.findElement(second).isDisplayed()).isTrue();
        assertThat(api.get("/api/v4/mqtt/retained/" + "plant%2F1%2Fstate").statusCode()).isEqualTo(404);

        // A new subscriber gets the retained message that is left, and not the deleted one.
        List<String> topics = new CopyOnWriteArrayList<>();
        CompletableFuture<Void> gotSecond = new CompletableFuture<>();
        Mqtt5BlockingClient late = Mqtt5Client.builder().identifier("late").serverHost("127.0.0.1")
                .serverPort(api.mqttPort()).buildBlocking();
        late.connect();
        try {
            late.toAsync().subscribeWith().topicFilter("plant/+/state").callback(p -> {
                topics.add(p.getTopic().toString());
                if (p.getTopic().toString().equals("plant/2/state")) {
                    gotSecond.complete(null);
                }
            }).send().get(10, TimeUnit.SECONDS);
            gotSecond.get(10, TimeUnit.SECONDS);
            Thread.sleep(300); // the broker sends all matching retained messages right after the SUBACK
            assertThat(topics).containsExactly("plant/2/state");
        } finally {
            late.disconnect();
        }
        assertNoScriptErrors();
    }

    @Test
    void changeASettingSeeTheValidationErrorThenSaveAndReload() throws Exception {
        logIn();
        browser.findElement(By.id("nav-configuration")).click();
        WebElement window = visible(By.id("cfg-max_inflight_window"));
        assertThat(new Select(browser.findElement(By.id("config-section"))).getFirstSelectedOption().getText()).isEqualTo("mqtt");
        assertThat(window.getDomProperty("value")).isEqualTo("32");
        new Select(browser.findElement(By.id("config-section"))).selectByValue("http_server");
        WebElement password = visible(By.id("cfg-password"));
        assertThat(password.getDomProperty("value")).isEqualTo("******");
        assertThat(password.getDomProperty("readOnly")).isEqualTo("true");
        assertThat(browser.findElement(By.id("view")).getText()).doesNotContain(ApiFixture.PASSWORD);
        new Select(browser.findElement(By.id("config-section"))).selectByValue("mqtt");

        // An invalid value: the server's message next to the field, the file untouched.
        String before = Files.readString(api.confFile);
        replace(visible(By.id("cfg-max_qos")), "9");
        browser.findElement(By.id("cfg-max_mqueue_len")).clear(); // an emptied number is sent as "", not as 0
        browser.findElement(By.id("config-save")).click();
        WebElement error = visible(By.id("cfg-max_qos-error"));
        assertThat(error.getText()).isNotBlank();
        assertThat(visible(By.id("cfg-max_mqueue_len-error")).getText()).isNotBlank();
        assertThat(visible(By.id("config-error")).getText()).startsWith("Not saved:");
        assertThat(Files.readString(api.confFile)).isEqualTo(before);
        screenshot("configuration-error");

        replace(browser.findElement(By.id("cfg-max_qos")), "2");
        replace(browser.findElement(By.id("cfg-max_mqueue_len")), "1024");
        replace(browser.findElement(By.id("cfg-max_inflight_window")), "7");
        browser.findElement(By.id("config-save")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("config-result"), "Applied by a reload: mqtt.max_inflight_window"));
        assertThat(browser.findElement(By.id("config-result")).getText()).doesNotContain("max_qos");
        assertThat(api.broker().config().maxInflightWindow()).as("written, not applied yet").isEqualTo(32);
        browser.findElement(By.id("config-reload")).click();
        wait.until(ExpectedConditions.textToBe(By.id("config-report"), "Reloaded."));
        assertThat(browser.findElement(By.id("config-result")).getText()).contains("Applied: mqtt.max_inflight_window");
        assertThat(api.broker().config().maxInflightWindow()).isEqualTo(7);
        assertThat(api.getJson("/api/v4/reload").get("data").get("mqtt.max_inflight_window").asInt()).isEqualTo(7);
        assertThat(visible(By.id("cfg-max_inflight_window")).getDomProperty("value")).isEqualTo("7");
        ((JavascriptExecutor) browser).executeScript("window.scrollTo(0, 0)"); // the reload's report, above the form
        screenshot("configuration");
        ui.assertFitsAPhone();
        assertNoScriptErrors();
    }

    @Test
    void subscriptionsAreListedSearchableAndShownAsATopicTree() throws Exception {
        device = Mqtt5Client.builder().identifier("sensor-1").serverHost("127.0.0.1").serverPort(api.mqttPort()).buildBlocking();
        device.connect();
        device.subscribeWith().topicFilter("plant/+/temperature").qos(MqttQos.AT_LEAST_ONCE).send();
        Mqtt5BlockingClient panel = Mqtt5Client.builder().identifier("panel").serverHost("127.0.0.1")
                .serverPort(api.mqttPort()).buildBlocking();
        panel.connect();
        try {
            panel.subscribeWith().topicFilter("plant/+/temperature").send();
            panel.subscribeWith().topicFilter("alarms/#").qos(MqttQos.EXACTLY_ONCE).send();
            logIn();
            browser.findElement(By.id("nav-subscriptions")).click();
            wait.until(ExpectedConditions.textToBe(By.id("subs-count"), "3 of 3"));
            assertThat(browser.findElement(By.cssSelector("#subs-table tr[data-sub='panel alarms/#']")).getText())
                    .contains("panel", "alarms/#", "2");
            browser.findElement(By.id("subs-search")).sendKeys("temperature");
            wait.until(ExpectedConditions.textToBe(By.id("subs-count"), "2 of 3"));

            WebElement leaf = visible(By.cssSelector("#topic-tree details[data-filter='plant/+/temperature'] > summary"));
            assertThat(leaf.getText()).isEqualTo("temperature · 2 clients: panel, sensor-1");
            assertThat(browser.findElement(By.cssSelector("#topic-tree details[data-filter='plant'] > summary")).getText())
                    .isEqualTo("plant");
            assertThat(browser.findElement(By.cssSelector("#topic-tree details[data-filter='alarms/#'] > summary")).getText())
                    .isEqualTo("# · 1 client: panel");
            screenshot("subscriptions");
            ui.assertFitsAPhone();
            leaf.findElement(By.linkText("sensor-1")).click();
            assertThat(visible(By.id("client-subs")).getText()).contains("plant/+/temperature");
        } finally {
            panel.disconnect();
        }
        assertNoScriptErrors();
    }

    @Test
    void banAClientIdItIsRefusedLiftTheBanItConnects() throws Exception {
        logIn();
        browser.findElement(By.id("nav-bans")).click();
        wait.until(ExpectedConditions.textToBe(By.id("bans-table"), "Nobody is banned."));
        new Select(browser.findElement(By.id("ban-as"))).selectByValue("clientid");
        browser.findElement(By.id("ban-who")).sendKeys("rogue-7");
        browser.findElement(By.id("ban-reason")).sendKeys("floods plant/#");
        browser.findElement(By.id("ban-add")).click();
        By row = By.cssSelector("#bans-table tr[data-ban='clientid:rogue-7']");
        assertThat(visible(row).getText()).contains("rogue-7", "floods plant/#", "api", "lifted by hand");
        assertThat(visible(By.id("flash")).getText()).isEqualTo("Banned clientid rogue-7.");
        screenshot("bans");
        ui.assertFitsAPhone();

        Mqtt5BlockingClient rogue = Mqtt5Client.builder().identifier("rogue-7").serverHost("127.0.0.1")
                .serverPort(api.mqttPort()).buildBlocking();
        assertThatThrownBy(rogue::connect).isInstanceOfSatisfying(Mqtt5ConnAckException.class, e ->
                assertThat(e.getMqttMessage().getReasonCode()).isEqualTo(Mqtt5ConnAckReasonCode.BANNED));

        browser.findElement(row).findElement(By.cssSelector("button.lift")).click();
        wait.until(ExpectedConditions.numberOfElementsToBe(row, 0));
        assertThat(visible(By.id("flash")).getText()).isEqualTo("Lifted the ban on clientid rogue-7.");
        rogue.connect();
        rogue.disconnect();
        assertNoScriptErrors();
    }

    @Test
    void phoneSizedEveryPageIsReachableAndNoneScrollsSideways() throws Exception {
        try (DashboardSmoke smoke = new DashboardSmoke(new SeleniumPage("chromium", browser, true, ui::close), api)) {
            smoke.phoneSized(DashboardSmoke.PHONE_WIDTH);
        }
        assertNoScriptErrors();
    }

    private static void replace(WebElement input, String text) {
        input.clear();
        input.sendKeys(text);
    }

    private int wsPort() throws Exception {
        return DashboardSmoke.wsPort(api);
    }

    private void logIn() {
        ui.logIn(api.uri("/"), ApiFixture.PASSWORD);
    }

    private void assertNoScriptErrors() {
        ui.assertNoScriptErrors();
    }

    private WebElement visible(By by) {
        return ui.visible(by);
    }

    private void screenshot(String name) throws Exception {
        ui.screenshot(name);
    }
}
