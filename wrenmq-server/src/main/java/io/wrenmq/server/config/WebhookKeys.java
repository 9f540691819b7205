package io.wrenmq.server.config;

import static io.wrenmq.server.config.ValueTypes.bool;
import static io.wrenmq.server.config.ValueTypes.clampedDuration;
import static io.wrenmq.server.config.ValueTypes.clampedInteger;
import static io.wrenmq.server.config.ValueTypes.duration;
import static io.wrenmq.server.config.ValueTypes.integer;
import static io.wrenmq.server.config.ValueTypes.oneOf;
import static io.wrenmq.server.config.ValueTypes.text;

import com.typesafe.config.ConfigList;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import io.wrenmq.broker.hook.EventType;
import io.wrenmq.codec.TopicSyntax;
import io.wrenmq.server.webhook.PayloadEncoding;
import io.wrenmq.server.webhook.WebhookConfig;
import io.wrenmq.server.webhook.WebhookRule;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code webhook} block: its schema rows, and the reader. NanoMQ's single {@code webhook { url, ... }} is the
 * target named {@code default}; each nested block {@code webhook.<name> { url, ... }} that is not one of the keys is
 * a further target with the same keys (like {@code listeners.tcp.<name>}). A key left out takes the row's default.
 */
final class WebhookKeys {
    static final String W = "webhook.";
    private static final String SSL = "ssl";
    private static final List<String> KEYS = List.of("enable", "url", "headers", "body", "pool_size", "events",
            "queue_size", "max_retries", "retry_interval", "max_retry_interval", "cancel_timeout");

    private WebhookKeys() {
    }

    static void register() {
        ConfigSchema.key(W + "enable", bool(), "true", null, null,
                "Whether this WebHook target is on (a target you write is on unless enable = false).");
        ConfigSchema.key(W + "url", url(), "\"\"", null, null,
                "Required: the http:// or https:// URL every event is POSTed to as JSON.");
        ConfigSchema.key(W + "headers", headers(), "{}", null, null,
                "Extra request headers, e.g. headers { Authorization = \"Bearer s3cret\" }; Content-Type is application/json.");
        ConfigSchema.key(W + "body.encoding", oneOf(encodings()), "plain", null, null,
                "How message payloads are written: plain (UTF-8 text), base64, or base62 (EMQX's reversible form).");
        ConfigSchema.key(W + "pool_size", clampedInteger(1, 1024), "32", null, null,
                "Requests in flight at once to this target; further events wait in the queue.");
        ConfigSchema.key(W + "events", rules(), "[]", null, null,
                "Which events to send: [ { event = \"on_message_publish\", topic = \"a/#\" }, { event = \"on_client_connected\" } ]; topic filters apply to the on_message_* events.");
        ConfigSchema.key(W + "queue_size", integer(1, 10_000_000), "10000", null, null,
                "Events waiting to be sent; when full, new events are dropped and counted (publishers never wait).");
        ConfigSchema.key(W + "max_retries", integer(0, 100), "3", null, null,
                "Retries of a request that failed (not 2xx, timeout, connection refused) before it counts as failed.");
        ConfigSchema.key(W + "retry_interval", duration(Duration.ofMillis(1), Duration.ofHours(1)), "1s", null, null,
                "Delay before the first retry; each further retry waits twice as long, up to max_retry_interval.");
        ConfigSchema.key(W + "max_retry_interval", duration(Duration.ofMillis(1), Duration.ofHours(1)), "30s", null, null,
                "Longest delay between retries.");
        ConfigSchema.key(W + "cancel_timeout", clampedDuration(Duration.ofMillis(10), Duration.ofMinutes(10)), "5s", null, null,
                "Longest a request may take (NanoMQ's key); a slower answer counts as a failure and is retried.");
    }

    /** Reads the block into its targets; problems go to {@code errors}, warnings to {@code warnings} (with file and line). */
    static List<WebhookConfig> read(ConfigValue block, List<ConfigError> errors, BlockValues.Warnings warnings) {
        if (block.valueType() != ConfigValueType.OBJECT) {
            errors.add(ConfigError.at(block.origin(), "webhook", "wrong type: found " + block.valueType().name().toLowerCase(),
                    "expected a block webhook { url = \"http://...\", events = [ ... ] }"));
            return List.of();
        }
        ConfigObject obj = (ConfigObject) block;
        List<WebhookConfig> out = new ArrayList<>();
        Map<String, ConfigObject> named = new LinkedHashMap<>();
        boolean direct = false;
        for (Map.Entry<String, ConfigValue> e : obj.entrySet()) {
            if (KEYS.contains(e.getKey())) {
                direct = true;
            } else if (e.getKey().equals(SSL)) {
                ignoredSsl(e.getValue(), "webhook", warnings);
            } else if (e.getValue().valueType() == ConfigValueType.OBJECT) {
                named.put(e.getKey(), (ConfigObject) e.getValue());
            } else {
                unknown(errors, "webhook", e.getKey(), e.getValue());
            }
        }
        if (direct) {
            target("default", "webhook", obj, errors, warnings, false, out);
        }
        named.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(e -> target(e.getKey(), "webhook." + e.getKey(), e.getValue(), errors, warnings, true, out));
        return out;
    }

    private static void target(String name, String path, ConfigObject obj, List<ConfigError> errors,
            BlockValues.Warnings warnings, boolean checkKeys, List<WebhookConfig> out) {
        if (checkKeys) {
            obj.forEach((k, v) -> {
                if (k.equals(SSL)) {
                    ignoredSsl(v, path, warnings);
                } else if (!KEYS.contains(k)) {
                    unknown(errors, path, k, v);
                }
            });
        }
        int before = errors.size();
        if (obj.get("body") instanceof ConfigObject body) {
            body.forEach((k, bv) -> {
                if (!k.equals("encoding")) {
                    unknown(errors, path + ".body", k, bv);
                }
            });
        }
        BlockValues values = new BlockValues(obj, W, path, errors, warnings);
        Boolean enable = values.get("enable"); // boxed: null after an error, checked below
        URI url = values.get("url");
        Map<String, String> headers = values.get("headers");
        PayloadEncoding encoding = values.get("body.encoding");
        Integer poolSize = values.get("pool_size");
        List<WebhookRule> rules = values.get("events");
        Integer queueSize = values.get("queue_size");
        Integer maxRetries = values.get("max_retries");
        Duration retry = values.get("retry_interval");
        Duration maxRetry = values.get("max_retry_interval");
        Duration timeout = values.get("cancel_timeout");
        if (errors.size() > before) {
            return;
        }
        if (enable && url == null) {
            errors.add(ConfigError.at(obj.origin(), path + ".url", "missing",
                    "a WebHook target needs url = \"http://host:port/path\" (or enable = false)"));
            return;
        }
        out.add(new WebhookConfig(name, enable, url, headers, encoding, poolSize, rules, queueSize, maxRetries,
                retry, maxRetry, timeout));
    }

    /** NanoMQ's {@code webhook.ssl { keyfile, certfile, cacertfile }}: accepted, with one warning. */
    private static void ignoredSsl(ConfigValue v, String path, BlockValues.Warnings warnings) {
        warnings.add(v.origin(), path + "." + SSL, "has no effect in WrenMQ; ignored (" + NanoMqKeys.HTTP_CLIENT_SSL + ")");
    }

    private static void unknown(List<ConfigError> errors, String path, String key, ConfigValue v) {
        errors.add(BlockValues.unknown(path, key, v, KEYS));
    }

    /** An http:// or https:// URL; "" = none (null). Also rules.http.&lt;name&gt;.url. */
    static ValueType<URI> url() {
        return new ValueType<>() {
            @Override
            public URI parse(ConfigValue value) throws BadValue {
                String s = ValueTypes.scalarText(value, "URL").trim();
                if (s.isEmpty()) {
                    return null;
                }
                try {
                    URI u = new URI(s);
                    if (!("http".equals(u.getScheme()) || "https".equals(u.getScheme())) || u.getHost() == null) {
                        throw new BadValue("not an http(s) URL: " + s, "expected e.g. \"http://127.0.0.1:8080/hook\"");
                    }
                    return u;
                } catch (URISyntaxException e) {
                    throw new BadValue("not a URL: " + s + " (" + e.getReason() + ")", "expected e.g. \"http://127.0.0.1:8080/hook\"");
                }
            }

            @Override
            public String describe() {
                return "http(s) URL";
            }
        };
    }

    /** Request headers as a block of Name = "value". Also rules.http.&lt;name&gt;.headers. */
    static ValueType<Map<String, String>> headers() {
        return new ValueType<>() {
            @Override
            public Map<String, String> parse(ConfigValue value) throws BadValue {
                if (value.valueType() != ConfigValueType.OBJECT) {
                    throw new BadValue("wrong type: found " + value.valueType().name().toLowerCase(), "expected headers { Name = \"value\" }");
                }
                Map<String, String> out = new LinkedHashMap<>();
                for (Map.Entry<String, Object> e : ((ConfigObject) value).unwrapped().entrySet()) {
                    if (e.getValue() instanceof Map || e.getValue() instanceof List || e.getValue() == null) {
                        throw new BadValue("header " + e.getKey() + " is not a text value", "expected headers { Name = \"value\" }");
                    }
                    String name = e.getKey();
                    if (name.isEmpty() || !name.chars().allMatch(c -> c > 32 && c < 127 && c != ':')
                            || name.equalsIgnoreCase("content-length") || name.equalsIgnoreCase("host")) {
                        throw new BadValue("header name " + name + " cannot be set", "use a token such as Authorization or X-Api-Key");
                    }
                    out.put(name, String.valueOf(e.getValue()));
                }
                return out;
            }

            @Override
            public String describe() {
                return "block of header = \"value\"";
            }
        };
    }

    private static ValueType<List<WebhookRule>> rules() {
        String hint = "expected events = [ { event = \"on_message_publish\", topic = \"sensors/#\" } ]; events: "
                + String.join(", ", Arrays.stream(EventType.values()).map(EventType::hookName).toList());
        return new ValueType<>() {
            @Override
            public List<WebhookRule> parse(ConfigValue value) throws BadValue {
                if (value.valueType() != ConfigValueType.LIST) {
                    throw new BadValue("wrong type: found " + value.valueType().name().toLowerCase(), hint);
                }
                List<WebhookRule> out = new ArrayList<>();
                for (Object item : ((ConfigList) value).unwrapped()) {
                    if (!(item instanceof Map<?, ?> m) || !(m.get("event") instanceof String name)) {
                        throw new BadValue("an entry without event = \"...\": " + item, hint);
                    }
                    for (Object k : m.keySet()) {
                        if (!k.equals("event") && !k.equals("topic")) {
                            throw new BadValue("unknown key " + k + " in an events entry", hint);
                        }
                    }
                    EventType type = EventType.byHookName(name);
                    if (type == null) {
                        throw new BadValue("unknown event " + name, hint);
                    }
                    Object topic = m.get("topic");
                    if (topic != null) {
                        String reason = TopicSyntax.invalidFilterReason(String.valueOf(topic));
                        if (reason != null) {
                            throw new BadValue("bad topic filter " + topic + ": " + reason, hint);
                        }
                        if (!type.isMessage()) {
                            throw new BadValue("topic only applies to on_message_publish, on_message_delivered and"
                                    + " on_message_acked, not " + name, hint);
                        }
                    }
                    out.add(new WebhookRule(type, topic == null ? null : String.valueOf(topic)));
                }
                return out;
            }

            @Override
            public String describe() {
                return "list of { event, topic }";
            }
        };
    }

    private static Map<String, PayloadEncoding> encodings() {
        Map<String, PayloadEncoding> m = new LinkedHashMap<>();
        m.put("plain", PayloadEncoding.PLAIN);
        m.put("base64", PayloadEncoding.BASE64);
        m.put("base62", PayloadEncoding.BASE62);
        return m;
    }
}
