package io.wrenmq.server.config;

import com.typesafe.config.ConfigValueFactory;
import io.wrenmq.broker.listener.ListenerConfig.Kind;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * NanoMQ 0.23's environment variables (NanoNNG env.h / env.c), so a NanoMQ container's settings carry over: each is
 * either mapped to the WrenMQ key with the same meaning or accepted with one WARN saying why it has no effect. A
 * mapped value is checked as the key's value would be, and an error names the variable. WRENMQ_* variables win
 * over these; these win over the file. NANOMQ_CONF_PATH (the file itself) is read by the commands, NANOMQ_VIN by
 * the bridges' reader (BridgeVin), not here.
 */
public final class NanomqEnv {
    static final String PREFIX = "NANOMQ_";
    /** The configuration file when no --conf is given. */
    public static final String CONF_PATH = "NANOMQ_CONF_PATH";
    /** The VIN that replaces ${VIN} in bridges (read by BridgeVin, not mapped to a key). */
    static final String VIN = "NANOMQ_VIN";

    @FunctionalInterface
    private interface Mapping {
        void apply(ConfigLayer layer, String variable, String value);
    }

    private static final Map<String, Mapping> MAPPED = new LinkedHashMap<>();
    private static final Map<String, String> IGNORED = new LinkedHashMap<>();
    private static final Map<String, String> DOC = new LinkedHashMap<>();

    static {
        url("NANOMQ_BROKER_URL", Set.of(Kind.TCP, Kind.SSL, Kind.WS, Kind.WSS),
                "the bind of the listener its scheme names, as `wrenmq start --url` (nmq-tcp, tls+nmq-tcp, nmq-ws, nmq-wss)");
        enable("NANOMQ_TCP_ENABLE", Kind.TCP);
        plain("NANOMQ_NUM_TASKQ_THREAD", "system.num_taskq_thread");
        plain("NANOMQ_MAX_PACKET_SIZE", "mqtt.max_packet_size");
        plain("NANOMQ_MSQ_LEN", "mqtt.max_mqueue_len");
        map("NANOMQ_QOS_DURATION", "mqtt.retry_interval (a bare number is seconds, NanoMQ's unit)",
                (l, n, v) -> l.set("mqtt.retry_interval", v.trim().matches("\\d+") ? v.trim() + "s" : v, source(n)));
        plain("NANOMQ_ALLOW_ANONYMOUS", "auth.allow_anonymous");
        enable("NANOMQ_WEBSOCKET_ENABLE", Kind.WS);
        url("NANOMQ_WEBSOCKET_URL", Set.of(Kind.WS, Kind.WSS),
                "listeners.ws.bind from nmq-ws://host:port/path (an nmq-wss:// URL sets listeners.wss.bind)");
        enable("NANOMQ_WEBSOCKET_TLS_ENABLE", Kind.WSS);
        url("NANOMQ_WEBSOCKET_TLS_URL", Set.of(Kind.WSS), "listeners.wss.bind from nmq-wss://host:port/path");
        plain("NANOMQ_HTTP_SERVER_ENABLE", "http_server.enable");
        map("NANOMQ_HTTP_SERVER_URL", "http_server.ip_addr (NanoMQ reads the address from it; \"http://host:port\" also sets the port)",
                NanomqEnv::httpServerUrl);
        plain("NANOMQ_HTTP_SERVER_PORT", "http_server.port");
        plain("NANOMQ_HTTP_SERVER_PARALLEL", "http_server.limit_conn");
        plain("NANOMQ_HTTP_SERVER_USERNAME", "http_server.username");
        plain("NANOMQ_HTTP_SERVER_PASSWORD", "http_server.password");
        map("NANOMQ_HTTP_SERVER_AUTH_TYPE", "http_server.auth_type",
                (l, n, v) -> l.set("http_server.auth_type", v.trim().toLowerCase(Locale.ROOT), source(n)));
        plain("NANOMQ_HTTP_SERVER_JWT_PUBLIC_KEYFILE", "http_server.jwt.public.keyfile");
        enable("NANOMQ_TLS_ENABLE", Kind.SSL);
        url("NANOMQ_TLS_URL", Set.of(Kind.SSL), "listeners.ssl.bind from tls+nmq-tcp://host:port");
        tls("NANOMQ_TLS_CA_CERT_PATH", "cacertfile");
        tls("NANOMQ_TLS_CERT_PATH", "certfile");
        tls("NANOMQ_TLS_KEY_PATH", "keyfile");
        tls("NANOMQ_TLS_KEY_PASSWORD", "key_password");
        tls("NANOMQ_TLS_VERIFY_PEER", "verify_peer");
        tls("NANOMQ_TLS_FAIL_IF_NO_PEER_CERT", "fail_if_no_peer_cert");
        plain("NANOMQ_LOG_LEVEL", "log.level");
        map("NANOMQ_LOG_TO", "log.to (words separated by | or ,; uds is dropped with a WARN)", NanomqEnv::logTo);
        plain("NANOMQ_LOG_DIR", "log.dir");
        plain("NANOMQ_LOG_FILE", "log.file");
        plain("NANOMQ_LOG_ROTATION_SIZE", "log.rotation.size");
        plain("NANOMQ_LOG_ROTATION_COUNT", "log.rotation.count");
        plain("NANOMQ_PID_FILE", "system.pid_file");
        DOC.put(CONF_PATH, "the configuration file when `--conf` is not given (before $WRENMQ_HOME/etc/wrenmq.conf)");
        DOC.put(VIN, "the ${VIN} in bridges' clientid and forwards/subscription topics (WRENMQ_VIN wins over it)");

        ignored("NANOMQ_EXCHANGER_URL", "NanoMQ's MQ stream exchange (a commercial add-on); WrenMQ has none");
        ignored("NANOMQ_DAEMON", "WrenMQ always runs in the foreground; use systemd, a Windows service or `&`");
        ignored("NANOMQ_MAX_TASKQ_THREAD", "WrenMQ has no task queue; NANOMQ_NUM_TASKQ_THREAD sets its event-loop threads");
        ignored("NANOMQ_PARALLEL", "WrenMQ sizes its work by system.num_taskq_thread");
        ignored("NANOMQ_PROPERTY_SIZE", "WrenMQ bounds MQTT 5 properties by mqtt.max_packet_size");
        ignored("NANOMQ_CLIENT_MAX_PACKET_SIZE", "WrenMQ uses mqtt.max_packet_size both ways and honours each MQTT 5 client's own Maximum Packet Size");
        ignored("NANOMQ_MSG_PERSISTENCE", "WrenMQ persists with persistence.type (sqlite by default)");
        ignored("NANOMQ_HTTP_SERVER_JWT_PRIVATE_KEYFILE", "WrenMQ only verifies tokens (http_server.jwt.public.keyfile); it issues none");
        ignored("NANOMQ_LOG_UDS_ADDR", NanoMqKeys.UDS_WHY);
    }

    private NanomqEnv() {
    }

    /** Every NanoMQ variable WrenMQ knows, with what it sets or why it is ignored (for the docs). */
    static Map<String, String> variables() {
        Map<String, String> out = new LinkedHashMap<>(DOC);
        IGNORED.forEach((name, why) -> out.put(name, "ignored: " + why));
        return Collections.unmodifiableMap(out);
    }

    /** The NANOMQ_* variables of {@code env} as one layer (the URL variables of a kind win over NANOMQ_BROKER_URL). */
    static ConfigLayer read(Map<String, String> env) {
        ConfigLayer layer = ConfigLayer.empty();
        Map<String, String> mine = new TreeMap<>();
        env.forEach((name, value) -> {
            if (name.startsWith(PREFIX)) {
                mine.put(name, value);
            }
        });
        String brokerUrl = mine.remove("NANOMQ_BROKER_URL");
        if (brokerUrl != null) {
            MAPPED.get("NANOMQ_BROKER_URL").apply(layer, "NANOMQ_BROKER_URL", brokerUrl);
        }
        for (Map.Entry<String, String> e : mine.entrySet()) {
            String name = e.getKey();
            Mapping m = MAPPED.get(name);
            if (m != null) {
                m.apply(layer, name, e.getValue());
            } else if (IGNORED.containsKey(name)) {
                layer.warn(source(name) + " has no effect in WrenMQ; ignored (" + IGNORED.get(name) + ")");
            } else if (!name.equals(CONF_PATH) && !name.equals(VIN)) {
                layer.warn(source(name) + " is not a NanoMQ 0.23 variable WrenMQ knows; ignored ("
                        + Hints.forUnknownKey(name, DOC.keySet(), List.of()) + ")");
            }
        }
        return layer;
    }

    static String source(String variable) {
        return "environment variable " + variable;
    }

    private static void map(String variable, String doc, Mapping mapping) {
        MAPPED.put(variable, mapping);
        DOC.put(variable, doc);
    }

    private static void plain(String variable, String key) {
        map(variable, key, (l, n, v) -> l.set(key, v, source(n)));
    }

    private static void ignored(String variable, String why) {
        IGNORED.put(variable, why);
    }

    /** A listener URL; the scheme picks the listener when several kinds are allowed. */
    private static void url(String variable, Set<Kind> kinds, String doc) {
        List<String> schemes = new ArrayList<>();
        for (Kind k : Kind.values()) {
            if (kinds.contains(k)) {
                schemes.add(ListenerUrl.scheme(k) + "://");
            }
        }
        map(variable, doc, (l, n, v) -> {
            try {
                ListenerUrl url = ListenerUrl.parse(v);
                if (!kinds.contains(url.kind())) {
                    l.error(source(n), ListenerUrl.scheme(url.kind()) + ":// is not a URL for " + n,
                            "use " + String.join(" or ", schemes) + " here");
                } else {
                    l.set(url.section() + ".bind", url.bindText(), source(n));
                }
            } catch (ValueType.BadValue bad) {
                l.error(source(n), bad.getMessage(), bad.hint());
            }
        });
    }

    /**
     * NanoMQ's switch of a listener: true turns it on, on its default address when nothing else binds it; false turns
     * off the listener that is there (and is no error when there is none).
     */
    private static void enable(String variable, Kind kind) {
        String section = ListenerKeys.section(kind);
        String defaultBind = ConfigSchema.key(section + ".bind").defaultText().replace("\"", "");
        map(variable, section + ".enable (true without a bind listens on " + defaultBind + ")", (l, n, v) -> {
            Boolean on;
            try {
                on = ValueTypes.bool().parse(ConfigValueFactory.fromAnyRef(v, source(n)));
            } catch (ValueType.BadValue bad) {
                l.error(source(n), section + ".enable: " + bad.getMessage(), bad.hint());
                return;
            }
            if (on) {
                l.set(section + ".enable", true, source(n));
                l.setBelowFile(section + ".bind", defaultBind, source(n));
            } else {
                l.setOnListener(section, "enable", false, source(n));
            }
        });
    }

    /** NanoMQ's TLS settings serve both its ssl and its wss listener; here they go to whichever of the two exists. */
    private static void tls(String variable, String key) {
        map(variable, "listeners.ssl." + key + " (and listeners.wss." + key + " when there is a wss listener)", (l, n, v) -> {
            l.setOnListener(ListenerKeys.section(Kind.SSL), key, v, source(n));
            l.setOnListener(ListenerKeys.section(Kind.WSS), key, v, source(n));
            l.requireListener(List.of(ListenerKeys.section(Kind.SSL), ListenerKeys.section(Kind.WSS)), ConfigLayer.Missing.WARN,
                    source(n), "has no effect: there is no TLS listener",
                    "set NANOMQ_TLS_ENABLE=true or NANOMQ_TLS_URL, or add listeners.ssl to the file");
        });
    }

    private static void httpServerUrl(ConfigLayer l, String variable, String value) {
        String s = value.trim().replaceFirst("(?i)^https?://", "").replaceFirst("/.*$", "");
        String host = s;
        String port = null;
        if (s.startsWith("[") && s.indexOf(']') > 0) { // [::1] or [::1]:8081
            host = s.substring(1, s.indexOf(']'));
            String rest = s.substring(s.indexOf(']') + 1);
            port = rest.startsWith(":") ? rest.substring(1) : null;
        } else if (s.indexOf(':') > 0 && s.indexOf(':') == s.lastIndexOf(':')) { // 0.0.0.0:8081 (a bare IPv6 has several)
            host = s.substring(0, s.indexOf(':'));
            port = s.substring(s.indexOf(':') + 1);
        }
        if (port != null) {
            l.set("http_server.port", port, source(variable));
        }
        l.set("http_server.ip_addr", host, source(variable));
    }

    /** NanoMQ reads "file|console|syslog" (any separator); WrenMQ has no uds destination. */
    private static void logTo(ConfigLayer l, String variable, String value) {
        List<String> kept = new ArrayList<>();
        for (String word : value.trim().split("[|,\\s]+")) {
            String w = word.toLowerCase(Locale.ROOT);
            if (w.equals("uds")) {
                l.warn(source(variable) + ": log destination uds is not supported; ignored (" + NanoMqKeys.UDS_WHY + ")");
            } else if (!w.isEmpty()) {
                kept.add(w);
            }
        }
        if (!kept.isEmpty()) {
            l.set("log.to", kept, source(variable));
        }
    }
}
