package io.wrenmq.server.config;

import com.typesafe.config.ConfigOrigin;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * One problem in the configuration, where it is and what to do about it. {@code source} is the file name
 * (or "environment variable X"); {@code line} is -1 when unknown.
 */
public record ConfigError(String source, int line, String key, String message, String hint) implements Comparable<ConfigError> {

    static ConfigError at(ConfigOrigin origin, String key, String message, String hint) {
        return new ConfigError(sourceOf(origin), origin == null ? -1 : origin.lineNumber(), key, message, hint);
    }

    /** The file name of an origin (or its description when it is no file). */
    public static String sourceOf(ConfigOrigin origin) {
        if (origin == null) {
            return "<unknown>";
        }
        if (origin.filename() != null) {
            return origin.filename();
        }
        // Descriptions of non-file origins end in ": <line>" for some value kinds; keep only the name.
        String description = origin.description().replaceFirst(": \\d+$", "");
        if (description.startsWith("merge of ")) {
            // A block set from several places (the environment and the command line): name each place once.
            Set<String> parts = new LinkedHashSet<>();
            for (String part : description.substring("merge of ".length()).split(",")) {
                String p = part.trim().replaceFirst(": \\d+(-\\d+)?$", "");
                if (!p.isEmpty()) {
                    parts.add(p.startsWith("withValue(") ? "environment" : p);
                }
            }
            return String.join(" + ", parts);
        }
        return description.startsWith("withValue(") ? "environment" : description;
    }

    /** "etc/wrenmq.conf:12: mqtt.max_packet_sise: unknown key (did you mean mqtt.max_packet_size?)". */
    public String format() {
        StringBuilder sb = new StringBuilder(source);
        if (line > 0) {
            sb.append(':').append(line);
        }
        sb.append(": ");
        if (key != null && !key.isEmpty()) {
            sb.append(key).append(": ");
        }
        sb.append(message);
        if (hint != null && !hint.isEmpty()) {
            sb.append(" (").append(hint).append(')');
        }
        return sb.toString();
    }

    @Override
    public int compareTo(ConfigError o) {
        int c = source.compareTo(o.source);
        if (c != 0) {
            return c;
        }
        c = Integer.compare(line, o.line);
        return c != 0 ? c : String.valueOf(key).compareTo(String.valueOf(o.key));
    }
}
