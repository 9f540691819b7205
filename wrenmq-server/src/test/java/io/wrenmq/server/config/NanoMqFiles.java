package io.wrenmq.server.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigList;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigSyntax;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Test helper for our copies of NanoMQ 0.23's shipped files (src/test/resources/nanomq/): their text, a copy into a
 * test directory with ports and paths swapped (nothing else), a copy without given top-level blocks, and the key
 * paths they hold (for the docs check).
 */
public final class NanoMqFiles {
    /** The files, as NanoMQ ships them in etc/. */
    public static final List<String> FILES = List.of("nanomq.conf", "nanomq_example.conf", "nanomq_bridge.conf",
            "nanomq_pwd.conf", "nanomq_acl.conf", "nanomq_zmq_gateway.conf");

    /**
     * Where the next segment is a name the user chose ({@code listeners.tcp.default_1}, {@code bridges.mqtt.emqx1}) or
     * a free map key ({@code headers.content-type}, {@code params.clientid}); written {@code <name>} in the docs.
     */
    private static final Set<String> NAMED = Set.of("listeners.tcp", "listeners.ssl", "bridges.mqtt", "bridges.aws",
            "rules.mysql", "exchange_client", "preset.session");
    private static final Set<String> MAPS = Set.of("headers", "params", "user_property");

    private NanoMqFiles() {
    }

    public static String text(String name) {
        try (InputStream in = NanoMqFiles.class.getResourceAsStream("/nanomq/" + name)) {
            assertThat(in).as("test resource nanomq/" + name).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Writes {@code text} to {@code dir/name} with each replacement applied in order; every "from" must occur (so a
     * port or path that is no longer in the file is noticed rather than silently left alone).
     */
    public static Path write(Path dir, String name, String text, Map<String, String> replacements) {
        String out = text;
        for (Map.Entry<String, String> r : replacements.entrySet()) {
            assertThat(out).as(name + " holds " + r.getKey()).contains(r.getKey());
            out = out.replace(r.getKey(), r.getValue());
        }
        try {
            return Files.writeString(dir.resolve(name), out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The text without the top-level blocks whose key is one of {@code keys} or starts with it and a dot
     * ({@code bridges.mqtt.emqx1 { ... }}); comments and quoted strings do not count as braces.
     */
    public static String withoutBlocks(String text, String... keys) {
        StringBuilder out = new StringBuilder();
        int depth = 0;
        boolean dropping = false;
        for (String line : text.split("\n", -1)) {
            if (depth == 0) {
                String head = line.strip();
                dropping = false;
                for (String k : keys) {
                    dropping |= head.startsWith(k + " ") || head.startsWith(k + ".") || head.startsWith(k + "{");
                }
            }
            depth += braces(line);
            if (!dropping) {
                out.append(line).append('\n');
            }
        }
        assertThat(depth).as("balanced braces").isZero();
        return out.toString();
    }

    private static int braces(String line) {
        int n = 0;
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    quoted = false;
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == '#' || c == '/' && i + 1 < line.length() && line.charAt(i + 1) == '/') {
                break;
            } else if (c == '{') {
                n++;
            } else if (c == '}') {
                n--;
            }
        }
        return n;
    }

    /**
     * Every key path of a file, as the docs write it: {@code mqtt.max_packet_size}, {@code listeners.tcp.<name>.bind},
     * {@code webhook.events[].topic}, {@code webhook.headers.<name>}. The password and ACL files are read as the
     * blocks they are included into: {@code auth.password.<name>}, {@code auth.acl.rules[].permit}.
     */
    public static Set<String> keyPaths(String name) {
        ConfigObject root = ConfigFactory.parseString(text(name), ConfigParseOptions.defaults()
                .setSyntax(ConfigSyntax.CONF).setAllowMissing(true)).root();
        String prefix = switch (name) {
            case "nanomq_pwd.conf" -> "auth.password";
            case "nanomq_acl.conf" -> "auth.acl";
            default -> "";
        };
        Set<String> out = new TreeSet<>();
        collect(root, prefix, out);
        return out;
    }

    private static void collect(ConfigValue v, String path, Set<String> out) {
        if (v instanceof ConfigObject o && !o.isEmpty()) {
            for (Map.Entry<String, ConfigValue> e : o.entrySet()) {
                String last = path.substring(path.lastIndexOf('.') + 1);
                boolean named = NAMED.contains(path) && !(path.equals("bridges.mqtt") && e.getKey().equals("cache"))
                        && e.getValue().valueType() == ConfigValueType.OBJECT
                        || MAPS.contains(last) || path.equals("auth.password");
                String segment = named ? "<name>" : e.getKey();
                collect(e.getValue(), path.isEmpty() ? segment : path + "." + segment, out);
            }
        } else if (v instanceof ConfigList list && !list.isEmpty() && list.get(0) instanceof ConfigObject) {
            for (ConfigValue item : list) {
                collect(item, path + "[]", out);
            }
        } else {
            out.add(path);
        }
    }
}
