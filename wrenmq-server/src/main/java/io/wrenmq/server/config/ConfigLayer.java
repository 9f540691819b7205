package io.wrenmq.server.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigList;
import com.typesafe.config.ConfigValue;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Configuration values that do not come from the file: `wrenmq start`'s flags (--url, --log_level and NanoMQ's
 * other flags) or NanoMQ's NANOMQ_* environment variables. Every value carries its source (the flag or variable), so
 * an error names it as a file error names its line. {@link ConfigLoader} stacks the layers: command line, WRENMQ_*,
 * NANOMQ_*, the file, then what a layer implies below the file (an enabled listener's default bind).
 *
 * <p>Some values only make sense for a listener that exists: TLS certificate flags need a TLS listener. They are
 * applied when the listener has a bind in the result, and otherwise reported as the layer says.
 */
public final class ConfigLayer {
    /** What happens to a value for a listener that is not there. */
    public enum Missing { SILENT, WARN, ERROR }

    private Config values = ConfigFactory.empty();
    private Config implied = ConfigFactory.empty();
    private final List<ListenerValue> listenerValues = new ArrayList<>();
    private final List<Requirement> requirements = new ArrayList<>();
    private final Map<String, List<WordEdit>> wordEdits = new LinkedHashMap<>();
    private final List<ServerConfig.Notice> notices = new ArrayList<>();
    private final List<ConfigError> errors = new ArrayList<>();

    private record ListenerValue(String section, String key, Object value, String source) {
    }

    private record Requirement(List<String> sections, Missing missing, String source, String message, String hint) {
    }

    private record WordEdit(String word, boolean add, String source) {
    }

    /** A layer with nothing in it. */
    public static ConfigLayer empty() {
        return new ConfigLayer();
    }

    /** Sets a key; {@code source} names where it came from ("command-line option --log_level"). */
    public ConfigLayer set(String path, Object value, String source) {
        values = value(path, value, source).withFallback(values);
        return this;
    }

    /** A value used only where neither the file nor a higher layer sets the key (an enabled listener's bind). */
    public ConfigLayer setBelowFile(String path, Object value, String source) {
        implied = value(path, value, source).withFallback(implied);
        return this;
    }

    /** Sets {@code key} of the listener {@code section} (listeners.ssl) only if that listener has a bind in the result. */
    public ConfigLayer setOnListener(String section, String key, Object value, String source) {
        listenerValues.add(new ListenerValue(section, key, value, source));
        return this;
    }

    /** When none of {@code sections} has a bind in the result: nothing, a WARN or an error, with this message. */
    public ConfigLayer requireListener(List<String> sections, Missing missing, String source, String message, String hint) {
        requirements.add(new Requirement(List.copyOf(sections), missing, source, message, hint));
        return this;
    }

    /** Adds a word to a list key (log.to) as the lower layers leave it. */
    public ConfigLayer addWord(String path, String word, String source) {
        wordEdits.computeIfAbsent(path, p -> new ArrayList<>()).add(new WordEdit(word, true, source));
        return this;
    }

    /** Removes a word from a list key (log.to) as the lower layers leave it. */
    public ConfigLayer removeWord(String path, String word, String source) {
        wordEdits.computeIfAbsent(path, p -> new ArrayList<>()).add(new WordEdit(word, false, source));
        return this;
    }

    public ConfigLayer warn(String message) {
        notices.add(new ServerConfig.Notice(ConfigKey.IgnoredLevel.WARN, message));
        return this;
    }

    public ConfigLayer error(String source, String message, String hint) {
        errors.add(new ConfigError(source, -1, null, message, hint));
        return this;
    }

    public boolean isEmpty() {
        return values.isEmpty() && implied.isEmpty() && listenerValues.isEmpty() && wordEdits.isEmpty()
                && notices.isEmpty() && errors.isEmpty() && requirements.isEmpty();
    }

    /** The plain values (no listener values, no list edits): enough to know which blocks this layer sets. */
    Config values() {
        return values;
    }

    Config belowFile() {
        return implied;
    }

    List<ServerConfig.Notice> notices() {
        return notices;
    }

    List<ConfigError> errors() {
        return errors;
    }

    /**
     * Every value of the layer, given {@code probe}: the result without this layer's listener values and list edits.
     * Requirements that fail add to {@code errors} or {@code notices}.
     */
    Config valuesGiven(Config probe, List<ConfigError> errors, List<ServerConfig.Notice> notices) {
        Config out = values;
        for (Requirement r : requirements) {
            if (r.sections().stream().noneMatch(s -> has(probe, s + ".bind"))) {
                switch (r.missing()) {
                    case ERROR -> errors.add(new ConfigError(r.source(), -1, null, r.message(), r.hint()));
                    case WARN -> notices.add(new ServerConfig.Notice(ConfigKey.IgnoredLevel.WARN,
                            r.source() + ": " + r.message() + " (" + r.hint() + ")"));
                    case SILENT -> { }
                }
            }
        }
        for (ListenerValue v : listenerValues) {
            if (has(probe, v.section() + ".bind")) {
                out = value(v.section() + "." + v.key(), v.value(), v.source()).withFallback(out);
            }
        }
        for (Map.Entry<String, List<WordEdit>> e : wordEdits.entrySet()) {
            Set<String> words = words(probe, e.getKey());
            if (words == null) {
                continue; // the lower value is not a list of words: its own error says so
            }
            Set<String> sources = new LinkedHashSet<>();
            for (WordEdit edit : e.getValue()) {
                if (edit.add()) {
                    words.add(edit.word());
                } else {
                    words.remove(edit.word());
                }
                sources.add(edit.source());
            }
            out = value(e.getKey(), List.copyOf(words), String.join(", ", sources)).withFallback(out);
        }
        return out;
    }

    /** One value whose blocks, too, name {@code source} (so an error about a listener block names the flag or variable). */
    private static Config value(String path, Object value, String source) {
        return ConfigFactory.parseMap(Map.of(path, value), source);
    }

    /** The words of a list key in {@code probe} (a list, or comma-separated text from the environment), else its default. */
    private static Set<String> words(Config probe, String path) {
        ConfigValue value;
        try {
            value = probe.hasPath(path) ? probe.getValue(path)
                    : ConfigFactory.parseString("v = " + ConfigSchema.key(path).defaultText()).getValue("v");
        } catch (ConfigException e) {
            return null;
        }
        Set<String> out = new LinkedHashSet<>();
        if (value instanceof ConfigList list) {
            for (ConfigValue item : list) {
                out.add(String.valueOf(item.unwrapped()).trim());
            }
        } else if (value.unwrapped() instanceof String s) {
            for (String w : s.replace("[", "").replace("]", "").split(",")) {
                if (!w.isBlank()) {
                    out.add(w.trim());
                }
            }
        } else {
            return null;
        }
        return out;
    }

    /** Whether {@code path} is set; a value not resolved yet (a ${...}) counts as set. */
    static boolean has(Config c, String path) {
        try {
            return c.hasPathOrNull(path);
        } catch (ConfigException e) {
            return true;
        }
    }
}
