package io.wrenmq.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.wrenmq.server.http.browser.BidiSession;
import io.wrenmq.server.http.browser.Firefox;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The dashboard in Firefox, driven over WebDriver BiDi (W3C WebDriver BiDi: browsingContext.navigate,
 * script.callFunction, input.performActions, browsingContext.setViewport and captureScreenshot). Console errors and
 * uncaught script errors come from the log.entryAdded event; a preload script (script.addPreloadScript, run in each
 * document before the page's own scripts) turns Content-Security-Policy refusals into console errors, since Firefox
 * does not report those as log entries.
 */
final class BidiPage implements DashboardPage {
    private static final String REPORT_CSP = "() => document.addEventListener('securitypolicyviolation', e =>"
            + " console.error('Content Security Policy refused ' + e.violatedDirective + ': ' + e.blockedURI))";

    private final Firefox firefox;
    private final BidiSession bidi;
    private final String context;
    private final List<String> errors = new CopyOnWriteArrayList<>();

    BidiPage(Path profile) throws Exception {
        firefox = Firefox.start(profile);
        bidi = firefox.session();
        try {
            context = bidi.send("browsingContext.getTree", BidiSession.params()).get("contexts").get(0)
                    .get("context").asText();
            bidi.onEvent("log.entryAdded", entry -> {
                if ("error".equals(entry.path("level").asText())) {
                    errors.add(entry.path("type").asText() + ": " + entry.path("text").asText());
                }
            });
            ObjectNode subscribe = BidiSession.params();
            subscribe.putArray("events").add("log.entryAdded");
            bidi.send("session.subscribe", subscribe);
            bidi.send("script.addPreloadScript", BidiSession.params().put("functionDeclaration", REPORT_CSP));
        } catch (RuntimeException | AssertionError e) {
            firefox.close();
            throw e;
        }
    }

    @Override
    public String engine() {
        return "firefox";
    }

    @Override
    public void open(URI uri) {
        bidi.send("browsingContext.navigate", withContext().put("url", uri.toString()).put("wait", "complete"));
    }

    @Override
    public Object script(String body, Object... args) {
        JsonNode value = call("function() {" + body + "}", args);
        return switch (value.path("type").asText()) {
            case "string" -> value.get("value").asText();
            case "boolean" -> value.get("value").asBoolean();
            case "number" -> value.get("value").isIntegralNumber() ? (Object) value.get("value").asLong()
                    : (Object) value.get("value").asDouble();
            case "null", "undefined" -> null;
            default -> throw new AssertionError("a script returned " + value);
        };
    }

    @Override
    public void type(String css, String text) {
        Object focused = script("const e = document.querySelector(arguments[0]); e.scrollIntoView({block: 'center'});"
                + " e.focus(); e.value = ''; e.dispatchEvent(new Event('input', {bubbles: true}));"
                + " return document.activeElement === e;", css);
        if (!Boolean.TRUE.equals(focused)) {
            throw new AssertionError("cannot focus " + css);
        }
        ArrayNode keys = BidiSession.params().arrayNode();
        // WebDriver's key for Enter is U+E007; in a textarea it starts a new line.
        text.replace("\n", "\uE007").codePoints().mapToObj(Character::toString).forEach(key -> {
            keys.addObject().put("type", "keyDown").put("value", key);
            keys.addObject().put("type", "keyUp").put("value", key);
        });
        perform(BidiSession.params().put("type", "key").put("id", "keyboard").set("actions", keys));
    }

    @Override
    public void click(String css) {
        JsonNode element = call("function() { const e = document.querySelector(arguments[0]);"
                + " if (e) { e.scrollIntoView({block: 'center', inline: 'center'}); } return e; }", css);
        if (!element.has("sharedId")) {
            throw new AssertionError("no element " + css);
        }
        ObjectNode origin = BidiSession.params().put("type", "element");
        origin.putObject("element").put("sharedId", element.get("sharedId").asText());
        ArrayNode moves = BidiSession.params().arrayNode();
        moves.addObject().put("type", "pointerMove").put("x", 0).put("y", 0).set("origin", origin);
        moves.addObject().put("type", "pointerDown").put("button", 0);
        moves.addObject().put("type", "pointerUp").put("button", 0);
        ObjectNode mouse = BidiSession.params().put("type", "pointer").put("id", "mouse");
        mouse.putObject("parameters").put("pointerType", "mouse");
        perform(mouse.set("actions", moves));
    }

    @Override
    public void viewport(int width, int height) {
        ObjectNode params = withContext();
        params.putObject("viewport").put("width", width).put("height", height);
        bidi.send("browsingContext.setViewport", params);
    }

    @Override
    public byte[] screenshot() {
        return Base64.getDecoder().decode(bidi.send("browsingContext.captureScreenshot", withContext())
                .get("data").asText());
    }

    @Override
    public List<String> scriptErrors() {
        return new ArrayList<>(errors);
    }

    @Override
    public void close() {
        firefox.close();
    }

    /** script.callFunction in the page; the remote value it returns (an exception is an AssertionError). */
    private JsonNode call(String function, Object... args) {
        ObjectNode params = BidiSession.params().put("functionDeclaration", function).put("awaitPromise", false)
                .put("resultOwnership", "none");
        params.putObject("target").put("context", context);
        ArrayNode arguments = params.putArray("arguments");
        for (Object arg : args) {
            ObjectNode value = arguments.addObject();
            if (arg instanceof String s) {
                value.put("type", "string").put("value", s);
            } else if (arg instanceof Boolean b) {
                value.put("type", "boolean").put("value", b);
            } else {
                value.put("type", "number").put("value", ((Number) arg).doubleValue());
            }
        }
        JsonNode result = bidi.send("script.callFunction", params);
        if (!"success".equals(result.path("type").asText())) {
            throw new AssertionError("script failed: " + result.path("exceptionDetails").path("text").asText());
        }
        return result.get("result");
    }

    private void perform(ObjectNode source) {
        ObjectNode params = withContext();
        params.putArray("actions").add(source);
        bidi.send("input.performActions", params);
    }

    private ObjectNode withContext() {
        return BidiSession.params().put("context", context);
    }
}
