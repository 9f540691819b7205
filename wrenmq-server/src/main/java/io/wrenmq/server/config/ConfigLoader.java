package io.wrenmq.server.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigOrigin;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigResolveOptions;
import com.typesafe.config.ConfigSyntax;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueFactory;
import com.typesafe.config.ConfigValueType;
import io.wrenmq.broker.listener.ListenerConfig;
import io.wrenmq.server.bridge.BridgesConfig;
import io.wrenmq.server.gateway.GatewaysConfig;
import io.wrenmq.server.rule.RulesConfig;
import io.wrenmq.server.webhook.WebhookConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads a HOCON file plus environment overrides into a {@link ServerConfig}, checking every key against
 * {@link ConfigSchema}. All problems are collected and thrown together in one {@link InvalidConfigException}.
 * With no file the result is the built-in defaults: one listener on 127.0.0.1:1883 (secure by default).
 */
public final class ConfigLoader {
    /** The shipped file's place under WRENMQ_HOME. */
    public static final String DEFAULT_FILE = "etc/wrenmq.conf";

    private final List<ConfigError> errors = new ArrayList<>();
    private final List<Positioned> notices = new ArrayList<>();
    private final BlockValues.Warnings warnings = new BlockValues.Warnings() {
        @Override
        public void add(ConfigOrigin origin, String key, String message) {
            warn(origin, key, message);
        }

        @Override
        public void ignored(ConfigOrigin origin, String key, String why) {
            ignoredKey(origin, key, why);
        }
    };
    private final Path baseDir;
    private final Path workDir;
    private List<ListenerConfig> listeners;
    private List<WebhookConfig> webhooks = List.of();
    private ConfigValue bridges;
    private ConfigValue rules;
    private ConfigValue gateway;

    private ConfigLoader(Path baseDir, Path workDir) {
        this.baseDir = baseDir;
        this.workDir = workDir;
    }

    /** `$WRENMQ_HOME/etc/wrenmq.conf` when it exists. */
    public static Optional<Path> defaultFile(Path home) {
        if (home == null) {
            return Optional.empty();
        }
        Path p = home.resolve(DEFAULT_FILE);
        return Files.isRegularFile(p) ? Optional.of(p) : Optional.empty();
    }

    /**
     * @param file the HOCON file, or null for defaults plus environment overrides only
     * @param env  the process environment (a parameter so tests need not set real variables)
     */
    public static ServerConfig load(Path file, Map<String, String> env) throws InvalidConfigException {
        return load(file, env, ConfigLayer.empty());
    }

    /**
     * As {@link #load(Path, Map)} with the values of `wrenmq start`'s flags on top. Precedence, highest first: the
     * command line, WRENMQ_* variables, NanoMQ's NANOMQ_* variables, the file, the built-in defaults.
     */
    public static ServerConfig load(Path file, Map<String, String> env, ConfigLayer commandLine) throws InvalidConfigException {
        Path home = home(env);
        return load(file, env, commandLine, home != null ? home : Path.of("").toAbsolutePath());
    }

    /**
     * As {@link #load(Path, Map, ConfigLayer)}, with the directory the file's relative paths are resolved against
     * (WRENMQ_HOME, else the working directory) for the files the loader checks itself (the bridges' certificates) and
     * the rule engine's SQLite file.
     */
    public static ServerConfig load(Path file, Map<String, String> env, ConfigLayer commandLine, Path baseDir)
            throws InvalidConfigException {
        return load(file, env, commandLine, baseDir, baseDir);
    }

    /**
     * As {@link #load(Path, Map, ConfigLayer, Path)}, with the directory a relative {@code system.data_dir} is resolved
     * against: the working directory of `wrenmq start`, so the installation under {@code baseDir} is never written to.
     * The loaded configuration's data directory is absolute.
     */
    public static ServerConfig load(Path file, Map<String, String> env, ConfigLayer commandLine, Path baseDir, Path workDir)
            throws InvalidConfigException {
        return new ConfigLoader(baseDir, workDir).run(file, env, commandLine);
    }

    private ServerConfig run(Path file, Map<String, String> env, ConfigLayer commandLine) throws InvalidConfigException {
        Config fileConfig = ConfigFactory.empty();
        if (file != null) {
            if (!Files.isRegularFile(file)) {
                throw new InvalidConfigException(List.of(new ConfigError(file.toString(), -1, null,
                        "configuration file not found", "check the --conf path")));
            }
            try {
                fileConfig = ConfigFactory.parseFile(file.toFile(), ConfigParseOptions.defaults().setSyntax(ConfigSyntax.CONF)
                        .setAllowMissing(false).setIncluder(new StrictIncluder(file, home(env))));
            } catch (StrictIncluder.MissingInclude e) {
                throw new InvalidConfigException(List.of(e.toError(
                        "a relative include is looked up next to the config file, then under WRENMQ_HOME")));
            } catch (ConfigException e) {
                throw new InvalidConfigException(List.of(fromTypesafe(e, "fix the syntax")));
            }
        }
        Config merged;
        try {
            // Overrides first, so they win; resolve afterwards so ${...} in the file sees them.
            merged = layered(fileConfig, EnvOverrides.from(env), NanomqEnv.read(env), commandLine)
                    .resolve(ConfigResolveOptions.defaults().setUseSystemEnvironment(false));
        } catch (ConfigException e) {
            throw new InvalidConfigException(List.of(fromTypesafe(e, "define the substitution or use ${?NAME} for an optional one")));
        }
        warnAboutSingleUnderscoreVariables(env);
        ConfigTarget target = ConfigTarget.defaults();
        walk(merged.root(), "", target);
        Path dataDir = target.process().resolveDataDir(workDir).dataDir();
        // bridges.nng.* are NanoMQ's NNG bridges: gateways here (NngGatewayKeys), not MQTT bridges.
        ConfigValue nng = bridges instanceof ConfigObject b ? b.get("nng") : null;
        if (nng != null) {
            bridges = ((ConfigObject) bridges).withoutKey("nng");
        }
        BridgesConfig bridgesConfig = bridges == null ? BridgesConfig.NONE // read after the walk: it needs system.node_name
                : BridgeKeys.read(bridges, new BridgeKeys.Context(target.broker().nodeName(), BridgeVin.of(env), baseDir,
                        errors, warnings));
        RulesConfig rulesConfig = rules == null ? RulesConfig.NONE // after the bridges: a bridge action names one
                : RuleKeys.read(rules, new RuleKeys.Context(target.broker().nodeName(), dataDir,
                        BridgeKeys.writtenNames(bridges), errors, warnings));
        GatewayKeys.Context gatewayContext = new GatewayKeys.Context(target.broker().nodeName(), false, errors, warnings);
        GatewaysConfig gatewaysConfig = gateway == null ? GatewaysConfig.NONE : GatewayKeys.read(gateway, gatewayContext);
        if (nng != null) {
            gatewaysConfig = gatewaysConfig.with(NngGatewayKeys.read(nng, gatewayContext));
        }
        switchOnWrittenBlocks(fileConfig.root(), merged, target);
        warnAboutDefaultApiPassword(merged, target);
        if (listeners != null && errors.isEmpty()) {
            target.broker().listeners(listeners);
        }
        if (!errors.isEmpty()) {
            Collections.sort(errors);
            throw new InvalidConfigException(errors);
        }
        notices.sort(null); // file order, so the warnings read like the file
        return new ServerConfig(target.broker(), target.httpServer(), target.log(), notices.stream().map(Positioned::notice).toList(),
                Optional.ofNullable(file), webhooks, target.process(), bridgesConfig, rulesConfig, gatewaysConfig);
    }

    /** command line > WRENMQ_* > NANOMQ_* > file > what the layers imply below the file. */
    private Config layered(Config file, Config wrenmq, ConfigLayer nanomq, ConfigLayer commandLine) {
        Config above = commandLine.values().withFallback(wrenmq).withFallback(nanomq.values());
        Config below = commandLine.belowFile().withFallback(nanomq.belowFile());
        if (!ConfigLayer.has(file, "listeners") && above.hasPath("listeners") && !above.hasPath(ConfigSchema.TCP)) {
            // Listeners given only outside the file join the built-in TCP listener, as in NanoMQ, instead of replacing it.
            below = below.withFallback(ConfigFactory.parseString(ConfigSchema.TCP + ".bind = "
                    + ConfigSchema.key(ConfigSchema.TCP + ".bind").defaultText(), ConfigParseOptions.defaults()
                    .setOriginDescription("built-in default")));
        }
        Config probe = above.withFallback(file).withFallback(below);
        List<ServerConfig.Notice> layerNotices = new ArrayList<>();
        for (ConfigLayer layer : List.of(nanomq, commandLine)) {
            errors.addAll(layer.errors());
            layerNotices.addAll(layer.notices());
        }
        Config out = commandLine.valuesGiven(probe, errors, layerNotices).withFallback(wrenmq)
                .withFallback(nanomq.valuesGiven(probe, errors, layerNotices)).withFallback(file).withFallback(below);
        layerNotices.forEach(n -> notice(null, n)); // no place in the file: they come first
        return out;
    }

    private static Path home(Map<String, String> env) {
        String home = env.get("WRENMQ_HOME");
        return home == null || home.isBlank() ? null : Path.of(home).toAbsolutePath();
    }

    private void walk(ConfigObject obj, String prefix, ConfigTarget target) {
        for (Map.Entry<String, ConfigValue> e : obj.entrySet()) {
            String path = prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey();
            ConfigValue value = e.getValue();
            ConfigKey<?> key = ConfigSchema.key(path);
            ConfigSchema.Refusal refusal = ConfigSchema.refused().get(path);
            if (path.equals("listeners")) {
                ListenersReader reader = new ListenersReader(errors);
                listeners = reader.read(value);
                reader.limits().forEach(target.broker().limits()::listener); // per-listener rates
            } else if (path.equals("webhook")) {
                webhooks = WebhookKeys.read(value, errors, warnings);
            } else if (path.equals("bridges")) {
                bridges = value;
            } else if (path.equals("rules")) {
                rules = value;
            } else if (path.equals("gateway")) {
                gateway = value;
            } else if (refusal != null) {
                errors.add(ConfigError.at(value.origin(), path, refusal.message(), refusal.hint()));
            } else if (key != null) {
                apply(key, path, value, target);
            } else if (ConfigSchema.sections().contains(path)) {
                if (value.valueType() == ConfigValueType.OBJECT) {
                    walk((ConfigObject) value, path, target);
                } else {
                    errors.add(ConfigError.at(value.origin(), path, "wrong type: found " + value.valueType().name().toLowerCase(),
                            "expected a block " + path + " { ... }"));
                }
            } else {
                errors.add(ConfigError.at(value.origin(), path, "unknown key", Hints.forUnknownKey(path, candidates(), sameSection(prefix))));
            }
        }
    }

    private void apply(ConfigKey<?> key, String path, ConfigValue value, ConfigTarget target) {
        List<ValueType.Warning> warnings;
        try {
            warnings = key.apply(target, value);
        } catch (ValueType.BadValue bad) {
            errors.add(ConfigError.at(bad.origin() != null ? bad.origin() : value.origin(), subPath(path, bad.subKey()),
                    bad.getMessage(), bad.hint()));
            return;
        }
        for (ValueType.Warning w : warnings) {
            warn(w.origin() != null ? w.origin() : value.origin(), subPath(path, w.subKey()), w.message());
        }
        if (key.isIgnored()) {
            notice(value.origin(), ignoredNotice(key.ignored(), value.origin(), path, key.doc()));
        }
    }

    /** One line per ignored key (or block), at WARN: a user who wrote it may expect an effect. */
    private void ignoredKey(ConfigOrigin origin, String path, String why) {
        notice(origin, ignoredNotice(ConfigKey.IgnoredLevel.WARN, origin, path, why));
    }

    private static ServerConfig.Notice ignoredNotice(ConfigKey.IgnoredLevel level, ConfigOrigin origin, String path, String why) {
        return new ServerConfig.Notice(level, location(origin) + path + " is a NanoMQ key that has no effect in WrenMQ;"
                + " ignored (" + why.replaceFirst("\\.$", "") + ")");
    }

    /** Logs {@code message} about {@code key} at WARN once logging is set up, with file and line. */
    void warn(ConfigOrigin origin, String key, String message) {
        notice(origin, new ServerConfig.Notice(ConfigKey.IgnoredLevel.WARN, location(origin) + key + ": " + message));
    }

    private void notice(ConfigOrigin origin, ServerConfig.Notice n) {
        ConfigError where = ConfigError.at(origin, null, "", "");
        notices.add(new Positioned(where.source(), where.line(), notices.size(), n));
    }

    /** A notice with where it was written, to log the notices in file order. */
    private record Positioned(String source, int line, int seq, ServerConfig.Notice notice) implements Comparable<Positioned> {
        @Override
        public int compareTo(Positioned o) {
            int c = source.compareTo(o.source);
            c = c != 0 ? c : Integer.compare(line, o.line);
            return c != 0 ? c : Integer.compare(seq, o.seq);
        }
    }

    /** "file:line: " (or "file: " without a line). */
    private static String location(ConfigOrigin origin) {
        ConfigError where = ConfigError.at(origin, null, "", "");
        return where.source() + (where.line() > 0 ? ":" + where.line() : "") + ": ";
    }

    /** "auth.acl" + "rules[2].permit" = "auth.acl.rules[2].permit"; a list index needs no dot. */
    static String subPath(String path, String subKey) {
        if (subKey == null || subKey.isEmpty()) {
            return path;
        }
        return subKey.startsWith("[") ? path + subKey : path + "." + subKey;
    }

    /**
     * NanoMQ turns a feature on by writing its block (http_server { ... }, auth.http_auth { ... }); WrenMQ does the
     * same unless the block says enable = false. Only a block in the file counts: an environment override such as
     * WRENMQ_HTTP_SERVER__PORT sets that key and switches nothing on.
     */
    private void switchOnWrittenBlocks(ConfigObject fileRoot, Config merged, ConfigTarget target) {
        for (String block : ConfigSchema.switchedOnByBlock()) {
            String enable = block + ".enable";
            if (writtenObject(fileRoot, block) && !merged.hasPath(enable)) {
                apply(ConfigSchema.key(enable), enable, ConfigValueFactory.fromAnyRef(true, "written block"), target);
            }
        }
    }

    private static boolean writtenObject(ConfigObject root, String path) {
        ConfigValue v = root;
        for (String part : path.split("\\.")) {
            if (!(v instanceof ConfigObject o)) {
                return false;
            }
            v = o.get(part);
        }
        return v != null && v.valueType() == ConfigValueType.OBJECT;
    }

    /** NanoMQ's files ship admin/public: fine on loopback, an open door on 0.0.0.0. */
    private void warnAboutDefaultApiPassword(Config merged, ConfigTarget target) {
        String warning = HttpServerKeys.defaultPasswordWarning(target.httpServer());
        if (warning != null) {
            ConfigValue at = merged.hasPath("http_server.password") ? merged.getValue("http_server.password") : merged.root();
            warn(at.origin(), "http_server.password", warning);
        }
    }

    /** `WRENMQ_MQTT_MAX_PACKET_SIZE` looks like an override but is not one; say so instead of ignoring it silently. */
    private void warnAboutSingleUnderscoreVariables(Map<String, String> env) {
        for (String name : new TreeSet<>(env.keySet())) {
            if (!name.startsWith(EnvOverrides.PREFIX) || name.contains("__")) {
                continue;
            }
            String flat = name.substring(EnvOverrides.PREFIX.length()).toLowerCase();
            for (String path : ConfigSchema.keys().keySet()) {
                if (path.replace('.', '_').equals(flat)) {
                    notice(null, new ServerConfig.Notice(ConfigKey.IgnoredLevel.WARN, "environment variable " + name
                            + " is not a config override (paths use a double underscore); did you mean " + EnvOverrides.variableFor(path) + "?"));
                }
            }
        }
    }

    static ConfigError fromTypesafe(ConfigException e, String hint) {
        String message = e.getMessage();
        ConfigOrigin origin = e.origin();
        if (origin != null && message.startsWith(origin.description())) {
            // Typesafe prefixes its own "file: line" which ConfigError adds back in one format.
            message = message.substring(origin.description().length()).replaceFirst("^:\\s*", "");
        }
        return ConfigError.at(origin, null, message, hint);
    }

    private static Set<String> candidates() {
        Set<String> all = new LinkedHashSet<>(ConfigSchema.keys().keySet());
        all.addAll(ConfigSchema.sections());
        return all;
    }

    private static List<String> sameSection(String prefix) {
        Set<String> out = new LinkedHashSet<>();
        String start = prefix.isEmpty() ? "" : prefix + ".";
        for (String path : candidates()) {
            if (path.startsWith(start)) {
                String rest = path.substring(start.length());
                out.add(rest.contains(".") ? rest.substring(0, rest.indexOf('.')) : rest);
            }
        }
        return List.copyOf(out);
    }
}
