package io.wrenmq.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigResolveOptions;
import com.typesafe.config.ConfigSyntax;
import com.typesafe.config.ConfigValueFactory;
import io.wrenmq.server.config.ConfigKey;
import io.wrenmq.server.config.ConfigSchema;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;

/**
 * The configuration as JSON for {@code GET /configuration}: the file's values over the schema's defaults, with
 * secrets masked (any key naming a password, and the plaintext password list).
 */
final class ConfigDocument {
    static final String MASK = "******";

    private ConfigDocument() {
    }

    static ObjectNode render(Path file) throws IOException {
        Config defaults = ConfigFactory.empty();
        for (ConfigKey<?> k : ConfigSchema.keys().values()) {
            if (k.isIgnored() || k.isPattern() || k.defaultText().isEmpty() || k.path().equals("auth.password")
                    || k.path().equals("auth.acl")) {
                continue;
            }
            try {
                defaults = ConfigFactory.parseString("\"x\" = " + k.defaultText()).getValue("x").atPath(k.path())
                        .withFallback(defaults);
            } catch (ConfigException e) {
                defaults = ConfigValueFactory.fromAnyRef(k.defaultText()).atPath(k.path()).withFallback(defaults);
            }
        }
        Config fileConfig = ConfigFactory.empty();
        if (file != null) {
            fileConfig = ConfigFactory.parseFile(file.toFile(), ConfigParseOptions.defaults().setSyntax(ConfigSyntax.CONF))
                    .resolve(ConfigResolveOptions.defaults().setAllowUnresolved(true).setUseSystemEnvironment(false));
        }
        for (String block : ConfigSchema.switchedOnByBlock()) { // as the loader reads it: a written block is on
            if (fileConfig.hasPath(block) && !fileConfig.hasPath(block + ".enable")) {
                fileConfig = fileConfig.withValue(block + ".enable", ConfigValueFactory.fromAnyRef(true));
            }
        }
        String json = fileConfig.withFallback(defaults).root().render(ConfigRenderOptions.concise().setJson(true));
        ObjectNode root = (ObjectNode) Json.MAPPER.readTree(json);
        mask(root);
        return root;
    }

    private static void mask(ObjectNode node) {
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            if (isSecret(e.getKey())) {
                if (!e.getValue().isTextual() || !e.getValue().asText().isEmpty()) {
                    e.setValue(Json.MAPPER.getNodeFactory().textNode(MASK));
                }
            } else if (e.getValue().isObject()) {
                mask((ObjectNode) e.getValue());
            }
        }
    }

    /** password, key_password, keypass, secret, token, key (NanoMQ's parquet.encryption.key): never shown. */
    static boolean isSecret(String key) {
        String k = key.toLowerCase(Locale.ROOT);
        return k.contains("password") || k.contains("keypass") || k.contains("secret") || k.contains("token") || k.equals("key");
    }
}
