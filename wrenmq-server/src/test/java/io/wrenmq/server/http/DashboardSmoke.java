package io.wrenmq.server.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5Client;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The same scenario in every browser engine ({@link DashboardPage}): the smoke test (a wrong password refused, then
 * the overview's live figures and charts, a client on the clients page, the WebSocket client tool publishing to a
 * HiveMQ subscriber through the broker's ws listener, no script errors, logout) and the phone-sized run (every page
 * reachable from the navigation at 390 x 844, none scrolling sideways). The broker needs a ws listener
 * ({@link #WS_LISTENER}).
 */
final class DashboardSmoke implements AutoCloseable {
    static final String WS_LISTENER = "listeners.ws { bind = \"127.0.0.1:0\" }\n";
    static final int PHONE_WIDTH = 390;
    static final int PHONE_HEIGHT = 844;
    private static final List<String> PAGES = List.of("overview", "clients", "subscriptions", "retained",
            "integrations", "bans", "configuration", "websocket");
    /** The phone-sized pages saved as screenshots (all of them would be too many to commit). */
    private static final Set<String> PHONE_SHOTS = Set.of("overview", "websocket");

    private final DashboardPage page;
    private final ApiFixture api;
    private Mqtt5BlockingClient device;

    DashboardSmoke(DashboardPage page, ApiFixture api) {
        this.page = page;
        this.api = api;
    }

    /** The smoke test: everything a page of the dashboard needs from the engine, once. */
    void logInUseItAndLogOut() throws Exception {
        String engine = page.engine();
        page.viewport(1280, 900);
        page.open(api.uri("/"));
        awaitVisible("#login-username");
        page.type("#login-username", "admin");
        page.type("#login-password", "wrong");
        page.click("#login-submit");
        awaitText("#login-error", "Wrong username or password.");
        assertThat(visible("#app")).isFalse();

        CompletableFuture<Mqtt5Publish> received = connectDevice("smoke-" + engine);
        page.type("#login-password", ApiFixture.PASSWORD);
        page.click("#login-submit");
        awaitVisible("#app");
        awaitText("#user-name", "admin");

        // Overview: the live figures from the REST API, and the three charts drawn by Chart.js.
        awaitText("#stat-connections", "1");
        awaitText("#stat-subscriptions", "1");
        awaitTrue("the version", "const v = document.getElementById('stat-version').textContent;"
                + " return v.length > 0 && v !== '—'");
        awaitTrue("three charts drawn", "return [...document.querySelectorAll('.chart-box canvas')]"
                + ".filter(c => window.Chart && Chart.getChart(c) && c.width > 0 && c.height > 0).length === 3");
        screenshot(engine + "-overview");

        // Clients: the HiveMQ client is listed.
        page.click("#nav-clients");
        String row = "#clients-table tr[data-clientid='smoke-" + engine + "']";
        awaitVisible(row);
        assertThat(text(row)).contains("smoke-" + engine, "connected", "MQTT 5");

        // The WebSocket client tool (MQTT.js) through the broker's ws listener, to the HiveMQ subscriber.
        page.click("#nav-websocket");
        awaitTrue("the ws URL filled in", "return document.getElementById('ws-url').value.startsWith('ws://')");
        assertThat(page.script("return document.getElementById('ws-url').value"))
                .isEqualTo("ws://127.0.0.1:" + wsPort(api) + "/mqtt");
        page.type("#ws-clientid", "tool-" + engine);
        page.click("#ws-connect");
        awaitText("#ws-status", "Connected as tool-" + engine);
        page.type("#pub-topic", "smoke/" + engine);
        page.type("#pub-payload", "hello from " + engine);
        page.click("#pub-button");
        Mqtt5Publish publish = received.get(10, TimeUnit.SECONDS);
        assertThat(publish.getTopic().toString()).isEqualTo("smoke/" + engine);
        assertThat(new String(publish.getPayloadAsBytes(), StandardCharsets.UTF_8)).isEqualTo("hello from " + engine);
        assertThat(api.getJson("/api/v4/clients/tool-" + engine).get("data").get(0).get("listener").asText())
                .contains("ws");
        assertThat(page.scriptErrors()).as("script errors in " + engine).isEmpty();

        page.click("#logout");
        awaitVisible("#login-page");
        assertThat(visible("#app")).isFalse();
        assertThat(page.scriptErrors()).as("script errors in " + engine).isEmpty();
    }

    /**
     * Phone-sized (390 x 844 CSS pixels, an iPhone 12 to 14): every page is reachable from the navigation (its
     * link is on screen and takes a real click) and, once loaded, the page does not scroll sideways (wide tables
     * scroll inside their own box).
     *
     * @param widest the widest viewport the engine may give instead of 390 px: WebKitGTK's MiniBrowser cannot
     *     make its window narrower than its toolbar (447 px), which is still below the style sheet's 600 px
     *     breakpoint for phones
     */
    void phoneSized(int widest) throws Exception {
        connectDevice("a-phone-sized-client-with-a-rather-long-client-id-" + page.engine());
        page.viewport(PHONE_WIDTH, PHONE_HEIGHT);
        assertThat((Long) page.script("return window.innerWidth")).as("the viewport's width in " + page.engine())
                .isBetween((long) PHONE_WIDTH, (long) widest);
        page.open(api.uri("/"));
        awaitVisible("#login-username");
        assertFits("login");
        page.type("#login-username", "admin");
        page.type("#login-password", ApiFixture.PASSWORD);
        page.click("#login-submit");
        awaitVisible("#app");
        for (String name : PAGES) {
            page.script("window.scrollTo(0, 0)");
            assertThat(page.script("const r = document.getElementById(arguments[0]).getBoundingClientRect();"
                    + " return r.width > 0 && r.height > 0 && r.left >= 0 && r.right <= window.innerWidth"
                    + " && r.top >= 0 && r.bottom <= window.innerHeight", "nav-" + name))
                    .as("the link to " + name + " is on screen in " + page.engine()).isEqualTo(true);
            page.click("#nav-" + name);
            awaitTrue(name + " loaded", "const v = document.getElementById('view'); return location.hash === '#/'"
                    + " + arguments[0] && document.getElementById('nav-' + arguments[0]).classList.contains('active')"
                    + " && v.childElementCount > 0 && !v.textContent.includes('Loading')", name);
            assertFits(name);
            if (PHONE_SHOTS.contains(name)) {
                screenshot(page.engine() + "-phone-" + name);
            }
        }
        assertThat(page.scriptErrors()).as("script errors in " + page.engine()).isEmpty();
    }

    /**
     * Nothing is wider than the viewport: the document's scroll width is at most its client width (the viewport
     * less a vertical scroll bar, where the engine draws one beside the page, as Firefox and WebKitGTK do).
     */
    private void assertFits(String name) {
        String widths = (String) page.script("const d = document.documentElement;"
                + " return d.scrollWidth + ' ' + d.clientWidth + ' ' + window.innerWidth");
        String[] w = widths.split(" ");
        assertThat(Integer.parseInt(w[0])).as("the " + name + " page scrolls sideways in " + page.engine()
                + " (scrollWidth, clientWidth, innerWidth: " + widths + ")").isLessThanOrEqualTo(Integer.parseInt(w[1]));
    }

    /** Connects a HiveMQ client subscribed to smoke/#; the future completes with the first message it gets. */
    private CompletableFuture<Mqtt5Publish> connectDevice(String id) throws Exception {
        CompletableFuture<Mqtt5Publish> received = new CompletableFuture<>();
        device = Mqtt5Client.builder().identifier(id).serverHost("127.0.0.1").serverPort(api.mqttPort()).buildBlocking();
        device.connect();
        device.toAsync().subscribeWith().topicFilter("smoke/#").qos(MqttQos.AT_LEAST_ONCE)
                .callback(received::complete).send().get(10, TimeUnit.SECONDS);
        return received;
    }

    /** The port of the broker's ws listener, as the dashboard's listeners endpoint reports it. */
    static int wsPort(ApiFixture api) throws Exception {
        for (JsonNode l : api.getJson("/api/v4/dashboard/listeners")) {
            if (l.get("type").asText().equals("ws")) {
                String bind = l.get("bind").asText();
                return Integer.parseInt(bind.substring(bind.lastIndexOf(':') + 1));
            }
        }
        throw new AssertionError("no ws listener");
    }

    private boolean visible(String css) {
        return Boolean.TRUE.equals(page.script("const e = document.querySelector(arguments[0]);"
                + " return !!e && e.getClientRects().length > 0 && getComputedStyle(e).visibility !== 'hidden'", css));
    }

    private String text(String css) {
        Object text = page.script("const e = document.querySelector(arguments[0]); return e ? e.innerText : null", css);
        return text == null ? null : text.toString();
    }

    private void awaitVisible(String css) {
        await(css + " visible in " + page.engine()).atMost(DashboardBrowser.WAIT).pollInterval(Duration.ofMillis(100))
                .until(() -> visible(css));
    }

    private void awaitText(String css, String expected) {
        await(css + " reads " + expected + " in " + page.engine()).atMost(DashboardBrowser.WAIT)
                .pollInterval(Duration.ofMillis(100)).until(() -> text(css), expected::equals);
    }

    private void awaitTrue(String what, String body, Object... args) {
        await(what + " in " + page.engine()).atMost(DashboardBrowser.WAIT).pollInterval(Duration.ofMillis(100))
                .until(() -> page.script(body, args), Boolean.TRUE::equals);
    }

    private void screenshot(String name) throws Exception {
        DashboardBrowser.save(name, page.screenshot());
    }

    @Override
    public void close() {
        if (device != null && device.getState().isConnected()) {
            device.disconnect();
        }
    }
}
