package io.wrenmq.server.config;

import com.typesafe.config.ConfigList;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueFactory;
import com.typesafe.config.ConfigValueType;
import io.wrenmq.broker.limits.BanRule;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** The value types of the limits keys: rates ("100/s", "1MB/s") and the {@code banned} list. */
final class LimitsValueTypes {
    private static final Set<String> BAN_KEYS = Set.of("clientid", "username", "ipaddr", "until", "reason");

    private LimitsValueTypes() {
    }

    /**
     * A rate per second: {@code 0} or {@code "infinity"} (no limit), a number (per second) or "N/s", "N/m", "N/h".
     * With {@code bytes}, N may carry a size unit: "64KB/s", "1MB/s".
     */
    static ValueType<Double> rate(boolean bytes) {
        return new ValueType<>() {
            @Override
            public Double parse(ConfigValue value) throws ValueType.BadValue {
                String s = ValueTypes.scalarText(value, describe()).trim().toLowerCase(Locale.ROOT);
                if (s.equals("infinity")) {
                    return 0.0;
                }
                int slash = s.indexOf('/');
                String amount = slash < 0 ? s : s.substring(0, slash).trim();
                String per = slash < 0 ? "s" : s.substring(slash + 1).trim();
                double seconds = switch (per) {
                    case "s", "1s" -> 1;
                    case "m", "1m" -> 60;
                    case "h", "1h" -> 3600;
                    default -> throw new ValueType.BadValue("unknown time unit \"/" + per + "\" in " + ValueTypes.render(value),
                            "use /s, /m or /h, e.g. " + example());
                };
                long n;
                if (bytes) {
                    n = ValueTypes.size(0, Long.MAX_VALUE).parse(ConfigValueFactory.fromAnyRef(amount));
                } else {
                    try {
                        n = Long.parseLong(amount);
                    } catch (NumberFormatException e) {
                        throw new ValueType.BadValue("not a rate: " + ValueTypes.render(value), "expected " + describe());
                    }
                }
                if (n < 0) {
                    throw new ValueType.BadValue("a rate cannot be negative: " + ValueTypes.render(value), "expected " + describe());
                }
                return n / seconds;
            }

            private String example() {
                return bytes ? "\"1MB/s\"" : "\"100/s\"";
            }

            @Override
            public String describe() {
                return (bytes ? "bytes" : "count") + " per second or per minute/hour, e.g. " + example()
                        + "; 0 = no limit";
            }
        };
    }

    /** {@code banned = [ { clientid = "x" }, { username = "u", until = "2027-01-01T00:00:00Z" }, { ipaddr = "10.0.0.0/8" } ]}. */
    static ValueType<List<BanRule>> banList() {
        return new ValueType<>() {
            @Override
            public List<BanRule> parse(ConfigValue value) throws ValueType.BadValue {
                if (value.valueType() != ConfigValueType.LIST) {
                    throw new ValueType.BadValue("wrong type: found " + value.valueType().name().toLowerCase(Locale.ROOT),
                            "expected " + describe());
                }
                List<BanRule> out = new ArrayList<>();
                int index = 0;
                for (ConfigValue entry : (ConfigList) value) {
                    out.add(rule(entry, index++));
                }
                return out;
            }

            @Override
            public String describe() {
                return "a list of { clientid | username | ipaddr = \"...\", until = \"2027-01-01T00:00:00Z\" (optional), reason = \"...\" (optional) }";
            }
        };
    }

    private static BanRule rule(ConfigValue entry, int index) throws ValueType.BadValue {
        String where = "banned[" + index + "] (line " + entry.origin().lineNumber() + ")";
        String hint = "each entry is { clientid = \"...\" }, { username = \"...\" } or { ipaddr = \"10.0.0.0/8\" },"
                + " optionally with until = \"2027-01-01T00:00:00Z\" and reason = \"...\"";
        if (entry.valueType() != ConfigValueType.OBJECT) {
            throw new ValueType.BadValue(where + ": not a block { ... }", hint);
        }
        ConfigObject obj = (ConfigObject) entry;
        BanRule.Kind kind = null;
        String who = null;
        for (String key : obj.keySet()) {
            if (!BAN_KEYS.contains(key)) {
                throw new ValueType.BadValue(where + ": unknown key " + key, hint);
            }
        }
        for (BanRule.Kind k : BanRule.Kind.values()) {
            ConfigValue v = obj.get(k.key());
            if (v != null) {
                if (kind != null) {
                    throw new ValueType.BadValue(where + ": both " + kind.key() + " and " + k.key(), "one ban entry names one of them; write two entries");
                }
                kind = k;
                who = ValueTypes.text().parse(v);
            }
        }
        if (kind == null) {
            throw new ValueType.BadValue(where + ": says whom to ban with none of clientid, username, ipaddr", hint);
        }
        Instant until = obj.get("until") == null ? null : instant(ValueTypes.text().parse(obj.get("until")), where);
        String reason = obj.get("reason") == null ? "" : ValueTypes.text().parse(obj.get("reason"));
        try {
            return new BanRule(kind, who, until, reason, "config");
        } catch (IllegalArgumentException e) {
            throw new ValueType.BadValue(where + ": " + e.getMessage(), "ipaddr takes an address (\"192.168.1.7\", \"::1\") or a CIDR range (\"10.1.0.0/16\"), not a host name");
        }
    }

    private static Instant instant(String s, String where) throws ValueType.BadValue {
        try {
            return Instant.parse(s);
        } catch (DateTimeParseException e) {
            try {
                return LocalDate.parse(s).atStartOfDay().toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException e2) {
                throw new ValueType.BadValue(where + ": until is not a date or time: \"" + s + "\"",
                        "use UTC ISO-8601, e.g. \"2027-01-01T00:00:00Z\" or \"2027-01-01\"");
            }
        }
    }
}
