package io.wrenmq.server.http.browser;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Debian's firefox-esr, headless, with WebDriver BiDi on (it speaks BiDi itself: no geckodriver, which Debian does
 * not package). {@code --remote-debugging-port=0} lets Firefox pick a free port; it writes the port to
 * WebDriverBiDiServer.json in the profile. The profile is fresh, with a user.js that keeps Firefox off the
 * network (updates, telemetry, safe browsing, remote settings...), the prefs geckodriver and mozprofile set for
 * automation.
 */
public final class Firefox implements AutoCloseable {
    public static final Path BINARY = Path.of("/usr/bin/firefox-esr");
    private static final List<String> PREFS = List.of(
            "app.update.disabledForTesting", "true",
            "app.update.auto", "false",
            "browser.shell.checkDefaultBrowser", "false",
            "browser.startup.homepage_override.mstone", "\"ignore\"",
            "browser.startup.page", "0",
            "browser.aboutwelcome.enabled", "false",
            "browser.safebrowsing.update.enabled", "false",
            "browser.safebrowsing.malware.enabled", "false",
            "browser.safebrowsing.phishing.enabled", "false",
            "browser.search.update", "false",
            "browser.newtabpage.enabled", "false",
            "browser.ping-centre.telemetry", "false",
            "datareporting.healthreport.uploadEnabled", "false",
            "datareporting.policy.dataSubmissionEnabled", "false",
            "toolkit.telemetry.enabled", "false",
            "toolkit.telemetry.server", "\"\"",
            "app.normandy.enabled", "false",
            "app.shield.optoutstudies.enabled", "false",
            "extensions.update.enabled", "false",
            "extensions.getAddons.cache.enabled", "false",
            "network.captive-portal-service.enabled", "false",
            "network.connectivity-service.enabled", "false",
            "network.dns.disablePrefetch", "true",
            "network.prefetch-next", "false",
            "services.settings.server", "\"http://127.0.0.1:9/\"",
            "messaging-system.rsexperimentloader.enabled", "false",
            "dom.disable_open_during_load", "false",
            "remote.prefs.recommended", "true");

    private final Process process;
    private final BidiSession session;

    private Firefox(Process process, BidiSession session) {
        this.process = process;
        this.session = session;
    }

    /** Starts Firefox on a fresh profile in {@code profile} (created) and opens a BiDi session to it. */
    public static Firefox start(Path profile) throws Exception {
        Files.createDirectories(profile);
        StringBuilder userJs = new StringBuilder();
        for (int i = 0; i < PREFS.size(); i += 2) {
            userJs.append("user_pref(\"").append(PREFS.get(i)).append("\", ").append(PREFS.get(i + 1)).append(");\n");
        }
        Files.writeString(profile.resolve("user.js"), userJs);
        Path log = profile.resolveSibling(profile.getFileName() + ".log");
        Process process = new ProcessBuilder(BINARY.toString(), "--headless", "--remote-debugging-port=0",
                "--profile", profile.toString(), "--no-remote", "about:blank")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            Path portFile = profile.resolve("WebDriverBiDiServer.json");
            JsonNode server = await("Firefox's WebDriverBiDiServer.json (output in " + log + ")")
                    .atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                    .until(() -> readPort(portFile), n -> n != null && n.path("ws_port").asInt() > 0);
            URI endpoint = URI.create("ws://127.0.0.1:" + server.get("ws_port").asInt() + "/session");
            return new Firefox(process, BidiSession.open(endpoint));
        } catch (Exception | AssertionError e) {
            process.destroyForcibly();
            throw e;
        }
    }

    private static JsonNode readPort(Path file) {
        try {
            return Files.exists(file) ? new ObjectMapper().readTree(file.toFile()) : null;
        } catch (IOException e) {
            return null; // still being written
        }
    }

    public BidiSession session() {
        return session;
    }

    @Override
    public void close() {
        try {
            session.close();
        } finally {
            Processes.stop(process);
        }
    }
}
