package io.wrenmq.server.config;

import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import io.wrenmq.broker.auth.http.HttpRequestSpec;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Value types of the {@code auth} block that are blocks themselves: password lists and HTTP request specs. */
final class AuthValueTypes {
    private static final Set<String> REQUEST_KEYS = Set.of("url", "method", "headers", "params", "ssl");

    private AuthValueTypes() {
    }

    /** {@code auth.allow_anonymous}: true, false, or auto (null: only when every listener is on loopback). */
    static ValueType<Boolean> trueFalseAuto() {
        return new ValueType<>() {
            @Override
            public Boolean parse(ConfigValue value) throws ValueType.BadValue {
                if (value.unwrapped() instanceof Boolean b) {
                    return b;
                }
                switch (ValueTypes.scalarText(value, describe()).trim().toLowerCase(Locale.ROOT)) {
                    case "true", "yes", "on" -> { return true; }
                    case "false", "no", "off" -> { return false; }
                    case "auto" -> { return null; }
                    default -> throw new ValueType.BadValue("not true, false or auto: " + ValueTypes.render(value),
                            "use true, false, or auto (allowed only when every listener binds a loopback address)");
                }
            }

            @Override
            public String describe() {
                return "true | false | auto";
            }
        };
    }

    /** A file name where "" means none. */
    static ValueType<String> optionalPath() {
        return new ValueType<>() {
            @Override
            public String parse(ConfigValue value) throws ValueType.BadValue {
                return ValueTypes.scalarText(value, describe()).trim();
            }

            @Override
            public String describe() {
                return "file name, \"\" = none";
            }
        };
    }

    /** A list of passwords: where it came from and the pairs. */
    record PasswordList(String source, Map<String, String> pairs) {
    }

    /**
     * NanoMQ's {@code auth.password = {include "pwd.conf"}}: a block of {@code "user": "password"} string pairs, from
     * the included file or written inline ({@code password = { "admin": "public" }}): HOCON merges an include into
     * the block, so both arrive the same way.
     */
    static ValueType<PasswordList> passwordList() {
        return new ValueType<>() {
            @Override
            public PasswordList parse(ConfigValue value) throws ValueType.BadValue {
                if (value.valueType() != ConfigValueType.OBJECT) {
                    throw new ValueType.BadValue("expected a block of \"user\": \"password\" pairs", describe());
                }
                ConfigObject obj = (ConfigObject) value;
                Map<String, String> pairs = new LinkedHashMap<>();
                String source = null;
                for (Map.Entry<String, ConfigValue> e : obj.entrySet()) {
                    ConfigValue v = e.getValue();
                    source = source != null ? source : ConfigError.sourceOf(v.origin());
                    if (v.valueType() != ConfigValueType.STRING) {
                        throw new ValueType.BadValue("the password of user " + e.getKey() + " is not a string",
                                "quote it: \"" + e.getKey() + "\": \"...\"", v.origin(), quotedKey(e.getKey()));
                    }
                    pairs.put(e.getKey(), (String) v.unwrapped());
                }
                if (pairs.isEmpty()) {
                    throw new ValueType.BadValue("the password list is empty (a missing or empty password file is refused)",
                            "add \"user\": \"password\" lines, or better use auth.password_file made by `wrenmq passwd`");
                }
                return new PasswordList(source, pairs);
            }

            @Override
            public String describe() {
                return "block of \"user\": \"password\" pairs, usually {include \"pwd.conf\"}";
            }
        };
    }

    /** A user name as a key path part: quoted when it holds a dot or a space. */
    private static String quotedKey(String key) {
        return key.matches("[A-Za-z0-9_-]+") ? key : "\"" + key + "\"";
    }

    /**
     * {@code auth_req / super_req / acl_req { url, method, headers {..}, params {..} }}; {@code {}} = none. NanoMQ's
     * {@code ssl { ... }} sub-block is accepted with a warning ({@link NanoMqKeys#HTTP_CLIENT_SSL}).
     */
    static ValueType<HttpRequestSpec> httpRequest() {
        return new ValueType<>() {
            @Override
            public HttpRequestSpec parse(ConfigValue value) throws ValueType.BadValue {
                return read(value).value();
            }

            @Override
            public Parsed<HttpRequestSpec> read(ConfigValue value) throws ValueType.BadValue {
                if (value.valueType() != ConfigValueType.OBJECT) {
                    throw new ValueType.BadValue("expected a block", "write { url = \"http://127.0.0.1:8991/mqtt/auth\", "
                            + "method = post, headers { ... }, params { ... } }");
                }
                ConfigObject obj = (ConfigObject) value;
                if (obj.isEmpty()) {
                    return new Parsed<>(null, List.of());
                }
                for (String k : obj.keySet()) {
                    if (!REQUEST_KEYS.contains(k)) {
                        throw new ValueType.BadValue("unknown key", "allowed keys are url, method, headers, params",
                                obj.get(k).origin(), k);
                    }
                }
                List<Warning> warnings = obj.containsKey("ssl")
                        ? List.of(new Warning(obj.get("ssl").origin(), "ssl", "has no effect in WrenMQ; ignored (" + NanoMqKeys.HTTP_CLIENT_SSL + ")"))
                        : List.of();
                if (!obj.containsKey("url")) {
                    throw new ValueType.BadValue("url is missing", "add url = \"http://host:port/path\"");
                }
                String url = ValueTypes.scalarText(obj.get("url"), "url").trim();
                HttpRequestSpec.Method method = HttpRequestSpec.Method.POST;
                if (obj.containsKey("method")) {
                    String m = ValueTypes.scalarText(obj.get("method"), "post | get").trim().toLowerCase(Locale.ROOT);
                    switch (m) {
                        case "post" -> method = HttpRequestSpec.Method.POST;
                        case "get" -> method = HttpRequestSpec.Method.GET;
                        default -> throw new ValueType.BadValue("unknown method " + m, "use post or get",
                                obj.get("method").origin(), "method");
                    }
                }
                try {
                    return new Parsed<>(new HttpRequestSpec(new URI(url), method, strings(obj.get("headers"), "headers"),
                            strings(obj.get("params"), "params")), warnings);
                } catch (URISyntaxException | IllegalArgumentException e) {
                    throw new ValueType.BadValue("bad url: " + e.getMessage(), "write an http:// or https:// url",
                            obj.get("url").origin(), "url");
                }
            }

            @Override
            public String describe() {
                return "block { url, method = post | get, headers { }, params { } }";
            }
        };
    }

    private static Map<String, String> strings(ConfigValue v, String name) throws ValueType.BadValue {
        Map<String, String> out = new LinkedHashMap<>();
        if (v == null) {
            return out;
        }
        if (v.valueType() != ConfigValueType.OBJECT) {
            throw new ValueType.BadValue("must be a block", name + " { key = \"value\" }", v.origin(), name);
        }
        for (Map.Entry<String, ConfigValue> e : ((ConfigObject) v).entrySet()) {
            out.put(e.getKey(), ValueTypes.scalarText(e.getValue(), "string").trim());
        }
        return out;
    }
}
