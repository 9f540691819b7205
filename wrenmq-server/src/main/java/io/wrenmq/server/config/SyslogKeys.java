package io.wrenmq.server.config;

import static io.wrenmq.server.config.ValueTypes.bool;
import static io.wrenmq.server.config.ValueTypes.integer;
import static io.wrenmq.server.config.ValueTypes.oneOf;
import static io.wrenmq.server.config.ValueTypes.text;

import com.typesafe.config.ConfigValue;
import io.wrenmq.server.log.Rfc5424Format;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The `log.syslog { ... }` keys: the syslog server that `log.to = [syslog]` sends RFC 5424 datagrams to over UDP
 * (docs/configuration.md "Logging to syslog"). A change needs a restart, like the rest of `log` but its level.
 */
final class SyslogKeys {
    /** §6.2.5: APP-NAME is 1..48 printable US-ASCII characters. */
    private static final int APP_NAME_MAX = 48;

    private SyslogKeys() {
    }

    static void register() {
        ConfigSchema.key("log.syslog.host", text(), "\"127.0.0.1\"", (t, v) -> t.log().syslog().host(v), t -> t.log().syslog().host(),
                "The syslog server (name or address, resolved at start) that log.to = [syslog] sends to; it must listen on UDP.");
        ConfigSchema.key("log.syslog.port", integer(1, 65535), "514", (t, v) -> t.log().syslog().port(v), t -> t.log().syslog().port(),
                "Its UDP port.");
        ConfigSchema.key("log.syslog.facility", oneOf(facilities()), "daemon", (t, v) -> t.log().syslog().facility(v), t -> t.log().syslog().facility(),
                "The facility of every message (its PRI is facility * 8 + severity); daemon is NanoMQ's.");
        ConfigSchema.key("log.syslog.app_name", appName(), "\"wrenmq\"", (t, v) -> t.log().syslog().appName(v), t -> t.log().syslog().appName(),
                "The APP-NAME of every message: 1 to 48 printable ASCII characters, no spaces.");
        ConfigSchema.key("log.syslog.max_datagram", integer(Rfc5424Format.MIN_DATAGRAM, Rfc5424Format.MAX_DATAGRAM), "2048",
                (t, v) -> t.log().syslog().maxDatagram(v), t -> t.log().syslog().maxDatagram(),
                "Longest datagram in bytes; a longer message is cut on a character boundary (RFC 5426: every server takes 480, most 2048).");
        ConfigSchema.key("log.syslog.bom", bool(), "true", (t, v) -> t.log().syslog().bom(v), t -> t.log().syslog().bom(),
                "Start a message that is not plain ASCII with the UTF-8 BOM, as RFC 5424 asks; rsyslog keeps the BOM in its files, false leaves it out.");
    }

    private static Map<String, String> facilities() {
        Map<String, String> m = new LinkedHashMap<>();
        Rfc5424Format.FACILITIES.keySet().forEach(name -> m.put(name, name));
        return m;
    }

    private static ValueType<String> appName() {
        ValueType<String> text = text();
        return new ValueType<>() {
            @Override
            public String parse(ConfigValue value) throws BadValue {
                String s = text.parse(value);
                if (s.length() > APP_NAME_MAX || !s.chars().allMatch(c -> c >= 33 && c <= 126)) {
                    throw new BadValue("\"" + s + "\" is not 1 to " + APP_NAME_MAX + " printable ASCII characters",
                            "RFC 5424 allows letters, digits and punctuation, without spaces, e.g. \"wrenmq-gw1\"");
                }
                return s;
            }

            @Override
            public String describe() {
                return "string";
            }
        };
    }
}
