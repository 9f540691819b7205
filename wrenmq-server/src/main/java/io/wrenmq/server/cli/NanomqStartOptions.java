package io.wrenmq.server.cli;

import io.wrenmq.broker.listener.ListenerConfig.Kind;
import io.wrenmq.server.config.ConfigLayer;
import io.wrenmq.server.config.ListenerUrl;
import io.wrenmq.server.config.ValueType;
import io.wrenmq.tools.UsageErrors;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * `nanomq start`'s flags on `wrenmq start`, so a NanoMQ command line works unchanged (nanomq/apps/broker.c). Flags
 * with a WrenMQ meaning become configuration values above the file and the environment; flags without one are
 * accepted with one WARN each; --old_conf (NanoMQ's pre-HOCON format) is refused. Values are checked by the
 * configuration loader like file values, and an error names the flag.
 */
final class NanomqStartOptions {
    @Option(names = "--url", paramLabel = "URL", description = "A listener, as in NanoMQ: nmq-tcp://host:port,"
            + " tls+nmq-tcp://host:port, nmq-ws://host:port/path or nmq-wss://host:port/path; replaces the file's"
            + " listener of that kind. Repeat for several kinds.")
    private List<String> urls = new ArrayList<>();

    @Option(names = "--log_level", paramLabel = "LEVEL", description = "log.level: trace, debug, info, warn, error, fatal.")
    private String logLevel;

    @Option(names = "--log_file", paramLabel = "FILE", description = "Log to this file too (sets log.dir and log.file).")
    private Path logFile;

    @Option(names = "--log_stdout", paramLabel = "true|false", description = "Log to the console, or not.")
    private String logStdout;

    @Option(names = "--log_syslog", paramLabel = "true|false", description = "Log to syslog (RFC 5424 over UDP to log.syslog.host), or not.")
    private String logSyslog;

    @Option(names = "--cacert", paramLabel = "FILE", description = "TLS listener: PEM CA certificates of clients (cacertfile).")
    private Path cacert;

    @Option(names = {"-E", "--cert"}, paramLabel = "FILE", description = "TLS listener: PEM server certificate (certfile).")
    private Path cert;

    @Option(names = "--key", paramLabel = "FILE", description = "TLS listener: PEM private key (keyfile).")
    private Path key;

    @Option(names = "--keypass", paramLabel = "PASSWORD", description = "TLS listener: password of the key (key_password).")
    private String keypass;

    @Option(names = "--verify", arity = "0..1", fallbackValue = "true", paramLabel = "true|false",
            description = "TLS listener: ask for and verify client certificates (verify_peer).")
    private String verify;

    @Option(names = "--fail", arity = "0..1", fallbackValue = "true", paramLabel = "true|false",
            description = "TLS listener: refuse clients without a certificate (fail_if_no_peer_cert).")
    private String fail;

    @Option(names = "--http", arity = "0..1", fallbackValue = "true", paramLabel = "true|false",
            description = "Serve the REST API (http_server.enable).")
    private String http;

    @Option(names = {"-p", "--port"}, paramLabel = "PORT", description = "Port of the REST API (http_server.port).")
    private String httpPort;

    @Option(names = {"-t", "--tq_thread"}, paramLabel = "N", description = "Event-loop threads (system.num_taskq_thread).")
    private String taskqThreads;

    @Option(names = {"-S", "--msq_len"}, paramLabel = "N", description = "Messages queued per session (mqtt.max_mqueue_len).")
    private String msqLen;

    @Option(names = {"-D", "--qos_duration"}, paramLabel = "SECONDS",
            description = "Resend interval of unacknowledged QoS 1/2 messages (mqtt.retry_interval).")
    private String qosDuration;

    @Option(names = {"-T", "--max_tq_thread"}, paramLabel = "N", description = "Accepted and ignored (NanoMQ's task queue).")
    private String maxTaskqThreads;

    @Option(names = {"-n", "--parallel"}, paramLabel = "N", description = "Accepted and ignored (NanoMQ's parallel contexts).")
    private String parallel;

    @Option(names = {"-s", "--property_size"}, paramLabel = "N", description = "Accepted and ignored (NanoMQ's property limit).")
    private String propertySize;

    @Option(names = {"-d", "--daemon"}, arity = "0..1", fallbackValue = "true", paramLabel = "true|false",
            description = "Accepted and ignored: WrenMQ runs in the foreground.")
    private String daemon;

    @Option(names = "--old_conf", paramLabel = "FILE", description = "Refused: NanoMQ's old key = value format; use --conf with HOCON.")
    private Path oldConf;

    /** The flags' values as a configuration layer; a bad URL or flag is a usage error (exit 2) naming the flag. */
    ConfigLayer layer(CommandSpec spec, Path workDir) {
        ConfigLayer layer = ConfigLayer.empty();
        if (oldConf != null) {
            throw usage(spec, "--old_conf: NanoMQ's old key = value configuration format is not supported; pass a HOCON file"
                    + " (NanoMQ 0.14 and later, e.g. etc/nanomq.conf) with --conf");
        }
        Set<Kind> tlsKinds = urls(spec, layer);
        tls(workDir, layer, tlsKinds);
        set(layer, "log.level", logLevel, "--log_level");
        if (logFile != null) {
            Path file = workDir.resolve(logFile).toAbsolutePath().normalize();
            layer.set("log.dir", file.getParent().toString(), source("--log_file"));
            layer.set("log.file", file.getFileName().toString(), source("--log_file"));
            layer.addWord("log.to", "file", source("--log_file"));
        }
        logDestination(spec, layer, "--log_stdout", logStdout, "console");
        logDestination(spec, layer, "--log_syslog", logSyslog, "syslog");
        set(layer, "http_server.enable", http, "--http");
        set(layer, "http_server.port", httpPort, "-p/--port");
        set(layer, "system.num_taskq_thread", taskqThreads, "-t/--tq_thread");
        set(layer, "mqtt.max_mqueue_len", msqLen, "-S/--msq_len");
        // NanoMQ's qos_duration is its retry_interval key, counted in seconds.
        set(layer, "mqtt.retry_interval", qosDuration == null || !qosDuration.trim().matches("\\d+") ? qosDuration
                : qosDuration.trim() + "s", "-D/--qos_duration");
        ignored(layer, maxTaskqThreads, "-T/--max_tq_thread", "WrenMQ has no task queue; -t/--tq_thread sets its event-loop threads");
        ignored(layer, parallel, "-n/--parallel", "WrenMQ sizes its work by its event-loop threads (-t/--tq_thread)");
        ignored(layer, propertySize, "-s/--property_size", "WrenMQ bounds MQTT 5 properties by mqtt.max_packet_size");
        ignored(layer, daemon, "-d/--daemon", "WrenMQ runs in the foreground; use systemd, a Windows service or `&`");
        return layer;
    }

    /** --log_stdout / --log_syslog true|false: adds the destination to log.to, or takes it out. */
    private static void logDestination(CommandSpec spec, ConfigLayer layer, String flag, String value, String word) {
        if (value == null) {
            return;
        }
        if (bool(spec, flag, value)) {
            layer.addWord("log.to", word, source(flag));
        } else {
            layer.removeWord("log.to", word, source(flag));
        }
    }

    /** Each --url sets (and turns on) the default listener of its kind; returns the TLS kinds among them. */
    private Set<Kind> urls(CommandSpec spec, ConfigLayer layer) {
        Map<Kind, String> seen = new LinkedHashMap<>();
        for (String text : urls) {
            ListenerUrl url;
            try {
                url = ListenerUrl.parse(text);
            } catch (ValueType.BadValue bad) {
                throw usage(spec, "--url: " + bad.getMessage() + " (" + bad.hint() + ")");
            }
            String previous = seen.put(url.kind(), text);
            if (previous != null) {
                throw usage(spec, "--url: two URLs for the " + url.kind().configName() + " listener (" + previous + ", " + text
                        + "); give one per kind, and name further listeners in the file (listeners." + url.kind().configName()
                        + ".<name> { bind = ... })");
            }
            layer.set(url.section() + ".bind", url.bindText(), source("--url"));
            layer.set(url.section() + ".enable", true, source("--url"));
        }
        Set<Kind> tls = EnumSet.noneOf(Kind.class);
        seen.keySet().stream().filter(Kind::tls).forEach(tls::add);
        return tls;
    }

    /**
     * The certificate flags go to the TLS listeners given by --url; without one, to the file's listeners.ssl and
     * listeners.wss (NanoMQ's one TLS setting serves both), and with neither there they are an error.
     */
    private void tls(Path workDir, ConfigLayer layer, Set<Kind> urlKinds) {
        Map<String, Object> values = new LinkedHashMap<>();
        Map<String, String> flags = new LinkedHashMap<>();
        put(values, flags, "keyfile", key == null ? null : workDir.resolve(key).toString(), "--key");
        put(values, flags, "certfile", cert == null ? null : workDir.resolve(cert).toString(), "-E/--cert");
        put(values, flags, "cacertfile", cacert == null ? null : workDir.resolve(cacert).toString(), "--cacert");
        put(values, flags, "key_password", keypass, "--keypass");
        put(values, flags, "verify_peer", verify, "--verify");
        put(values, flags, "fail_if_no_peer_cert", fail, "--fail");
        if (values.isEmpty()) {
            return;
        }
        List<String> sections = (urlKinds.isEmpty() ? List.of(Kind.SSL, Kind.WSS) : List.copyOf(urlKinds)).stream()
                .map(k -> "listeners." + k.configName()).toList();
        for (Map.Entry<String, Object> e : values.entrySet()) {
            for (String section : sections) {
                if (urlKinds.isEmpty()) {
                    layer.setOnListener(section, e.getKey(), e.getValue(), source(flags.get(e.getKey())));
                } else {
                    layer.set(section + "." + e.getKey(), e.getValue(), source(flags.get(e.getKey())));
                }
            }
        }
        layer.requireListener(sections, ConfigLayer.Missing.ERROR, source(String.join(", ", flags.values())),
                "needs a TLS listener", "add --url tls+nmq-tcp://0.0.0.0:8883 or --url nmq-wss://0.0.0.0:8084/mqtt,"
                        + " or a listeners.ssl block with bind to the configuration file");
    }

    private static void put(Map<String, Object> values, Map<String, String> flags, String key, Object value, String flag) {
        if (value != null) {
            values.put(key, value);
            flags.put(key, flag);
        }
    }

    private static void set(ConfigLayer layer, String path, String value, String flag) {
        if (value != null) {
            layer.set(path, value, source(flag));
        }
    }

    private static void ignored(ConfigLayer layer, String value, String flag, String why) {
        if (value != null) {
            layer.warn(source(flag) + " has no effect in WrenMQ; ignored (" + why + ")");
        }
    }

    private static boolean bool(CommandSpec spec, String flag, String value) {
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on" -> true;
            case "false", "no", "off" -> false;
            default -> throw usage(spec, flag + ": not a boolean: \"" + value + "\" (use true or false)");
        };
    }

    private static String source(String flag) {
        return "command-line option " + flag;
    }

    private static ParameterException usage(CommandSpec spec, String message) {
        return UsageErrors.of(spec, message);
    }
}
