package io.wrenmq.server.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValueFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Environment overrides. Scheme: {@code WRENMQ_} + the key path in upper case with each dot written as a
 * DOUBLE underscore; a single underscore stays an underscore (keys contain them):
 * {@code WRENMQ_MQTT__MAX_PACKET_SIZE=20MB} sets {@code mqtt.max_packet_size},
 * {@code WRENMQ_LISTENERS__TCP__LAN__BIND=0.0.0.0:1884} sets {@code listeners.tcp.lan.bind}.
 *
 * <p>Only variables with a double underscore are config overrides, so WRENMQ_HOME, WRENMQ_JAVA_OPTS and
 * the like never clash. Every key path has at least two segments, so nothing is lost by that rule.
 * An override that names no known key is an error like a typo in the file.
 *
 * <p>One short name beside the scheme: {@code WRENMQ_DATA_DIR} sets {@code system.data_dir}, the companion of
 * WRENMQ_HOME that service units, containers and scripts set (WRENMQ_SYSTEM__DATA_DIR works too, and wins).
 */
public final class EnvOverrides {
    public static final String PREFIX = "WRENMQ_";
    /** The data directory's own variable (see the class comment). */
    public static final String DATA_DIR = "WRENMQ_DATA_DIR";

    private EnvOverrides() {
    }

    /** The overrides as a Config whose values' origin names the variable (for error messages). */
    public static Config from(Map<String, String> env) {
        Config out = ConfigFactory.empty();
        // Sorted so that the result (and any error order) does not depend on the map's order.
        for (Map.Entry<String, String> e : new TreeMap<>(env).entrySet()) {
            String path = pathOf(e.getKey());
            if (path != null) {
                out = out.withValue(path, ConfigValueFactory.fromAnyRef(e.getValue(), "environment variable " + e.getKey()));
            }
        }
        return out;
    }

    /** "WRENMQ_MQTT__MAX_PACKET_SIZE" -> "mqtt.max_packet_size"; null when the name is not an override. */
    static String pathOf(String name) {
        if (name.equals(DATA_DIR)) {
            return "system.data_dir";
        }
        if (!name.startsWith(PREFIX) || !name.contains("__")) {
            return null;
        }
        String rest = name.substring(PREFIX.length()).toLowerCase(Locale.ROOT);
        List<String> segments = new ArrayList<>();
        for (String segment : rest.split("__", -1)) {
            if (segment.isEmpty()) {
                return null;
            }
            segments.add(segment);
        }
        return ConfigUtil.joinPath(segments);
    }

    /** The variable that would set a key, for docs and messages: mqtt.max_packet_size -> WRENMQ_MQTT__MAX_PACKET_SIZE. */
    public static String variableFor(String path) {
        return PREFIX + path.replace(".", "__").toUpperCase(Locale.ROOT);
    }
}
