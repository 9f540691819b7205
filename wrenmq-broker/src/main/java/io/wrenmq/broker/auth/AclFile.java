package io.wrenmq.broker.auth;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigList;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigSyntax;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads an ACL file in NanoMQ's syntax (HOCON):
 *
 * <pre>
 * rules = [
 *   {permit = allow, username = "dashboard", action = subscribe, topics = ["$SYS/#"]}
 *   {permit = deny, username = "#", action = subscribe, topics = ["$SYS/#", {eq = "#"}]}
 *   {permit = allow, and = [{username = "sensor"}, {ipaddr = "10.0.0.0/8"}], action = publish, topics = ["sensors/${clientid}/#"]}
 *   {permit = allow}
 * ]
 * </pre>
 *
 * Stricter than NanoMQ where leniency would open a hole: an unknown key (a typo such as {@code usrname} would
 * otherwise turn a rule into "anyone"), two conditions in one rule without {@code and}/{@code or}, an empty
 * {@code topics} list, and a missing, empty or rule-less file are errors with file, line and a hint.
 */
public final class AclFile {
    private static final Set<String> RULE_KEYS = Set.of("permit", "action", "topics", "username", "clientid",
            "ipaddr", "ipaddrs", "and", "or");
    private static final Set<String> CONDITION_KEYS = Set.of("username", "clientid", "ipaddr", "ipaddrs", "and", "or");

    private final String source;

    private AclFile(String source) {
        this.source = source;
    }

    /** Reads and checks {@code file}; throws {@link AclFileException} when it cannot be used. */
    public static AclRules load(Path file) {
        String name = file.toString();
        if (!Files.isRegularFile(file)) {
            throw new AclFileException(name, -1, "ACL file not found",
                    "create it or fix the path; WrenMQ never falls back to \"allow all\"");
        }
        Config config;
        try {
            config = ConfigFactory.parseFile(file.toFile(),
                    ConfigParseOptions.defaults().setSyntax(ConfigSyntax.CONF).setAllowMissing(false));
        } catch (ConfigException e) {
            throw fromTypesafe(name, e);
        }
        return new AclFile(name).read(config);
    }

    /** Parses ACL text (for tests and embedders); {@code source} names it in errors. */
    public static AclRules parse(String text, String source) {
        Config config;
        try {
            config = ConfigFactory.parseString(text, ConfigParseOptions.defaults().setSyntax(ConfigSyntax.CONF)
                    .setOriginDescription(source));
        } catch (ConfigException e) {
            throw fromTypesafe(source, e);
        }
        return new AclFile(source).read(config);
    }

    private static AclFileException fromTypesafe(String name, ConfigException e) {
        int line = e.origin() != null ? e.origin().lineNumber() : -1;
        String message = e.getMessage();
        if (e.origin() != null && message.startsWith(e.origin().description())) {
            message = message.substring(e.origin().description().length()).replaceFirst("^:\\s*", "");
        }
        return new AclFileException(name, line, "malformed ACL file: " + message,
                "the file holds rules = [ {permit = allow|deny, ...}, ... ] in HOCON");
    }

    private AclRules read(Config config) {
        ConfigObject root = config.root();
        for (Map.Entry<String, ConfigValue> e : root.entrySet()) {
            if (!e.getKey().equals("rules")) {
                throw error(e.getValue(), "unknown key " + e.getKey(), "an ACL file holds only rules = [ ... ]");
            }
        }
        ConfigValue rulesValue = root.get("rules");
        if (rulesValue == null) {
            throw new AclFileException(source, -1, "no rules in the ACL file",
                    "write rules = [ {permit = allow, ...} ]; an empty ACL is refused rather than read as \"allow all\"");
        }
        if (rulesValue.valueType() != ConfigValueType.LIST) {
            throw error(rulesValue, "rules must be a list", "rules = [ {permit = allow, ...}, ... ]");
        }
        ConfigList list = (ConfigList) rulesValue;
        if (list.isEmpty()) {
            throw error(rulesValue, "rules is empty",
                    "add at least one rule; for \"allow everything\" write it out: rules = [{permit = allow}]");
        }
        List<AclRule> rules = new ArrayList<>(list.size());
        for (ConfigValue v : list) {
            rules.add(rule(v));
        }
        return new AclRules(rules, source);
    }

    private AclRule rule(ConfigValue v) {
        ConfigObject o = object(v, "a rule must be an object", "{permit = allow, username = \"u\", action = publish, topics = [\"t/#\"]}");
        for (Map.Entry<String, ConfigValue> e : o.entrySet()) {
            if (!RULE_KEYS.contains(e.getKey())) {
                throw error(e.getValue(), "unknown key " + e.getKey() + " in an ACL rule",
                        "allowed: permit, action, topics, username, clientid, ipaddr, ipaddrs, and, or");
            }
        }
        ConfigValue permitValue = o.get("permit");
        if (permitValue == null) {
            throw error(v, "rule without permit", "every rule needs permit = allow or permit = deny");
        }
        String permit = string(permitValue, "permit");
        if (!permit.equals("allow") && !permit.equals("deny")) {
            throw error(permitValue, "permit must be allow or deny: " + permit, "permit = allow | deny");
        }
        boolean publish = true;
        boolean subscribe = true;
        ConfigValue actionValue = o.get("action");
        if (actionValue != null) {
            String action = string(actionValue, "action");
            switch (action) {
                case "publish" -> subscribe = false;
                case "subscribe" -> publish = false;
                case "pubsub" -> { }
                default -> throw error(actionValue, "unknown action " + action, "action = publish | subscribe | pubsub");
            }
        }
        List<AclTopic> topics = List.of();
        ConfigValue topicsValue = o.get("topics");
        if (topicsValue != null) {
            topics = topics(topicsValue);
        }
        AclCondition who = condition(o, v, true);
        String where = source + ":" + v.origin().lineNumber();
        return new AclRule(permit.equals("allow"), who, publish, subscribe, topics, where);
    }

    /** The condition of a rule (none = anyone) or of an and/or member (exactly one required). */
    private AclCondition condition(ConfigObject o, ConfigValue at, boolean topLevel) {
        String found = null;
        for (String k : o.keySet()) {
            if (CONDITION_KEYS.contains(k)) {
                if (found != null) {
                    throw error(o.get(k), "both " + found + " and " + k + " in one " + (topLevel ? "rule" : "and/or member"),
                            "combine conditions with and = [{" + found + " = ...}, {" + k + " = ...}] or or = [...]");
                }
                found = k;
            } else if (!topLevel) {
                throw error(o.get(k), "unknown key " + k + " in an and/or member",
                        "each member holds one of username, clientid, ipaddr, ipaddrs, and, or");
            }
        }
        if (found == null) {
            if (!topLevel) {
                throw error(at, "empty and/or member", "write {username = \"u\"}, {clientid = \"c\"} or {ipaddr = \"10.0.0.0/8\"}");
            }
            return AclCondition.ANYONE;
        }
        ConfigValue value = o.get(found);
        switch (found) {
            case "username":
                return AclCondition.username(string(value, found));
            case "clientid":
                return AclCondition.clientId(string(value, found));
            case "ipaddr":
                return ip(value);
            case "ipaddrs": {
                List<AclCondition> any = new ArrayList<>();
                for (ConfigValue item : list(value, found)) {
                    any.add(ip(item));
                }
                return AclCondition.any(any);
            }
            default: { // and, or
                List<AclCondition> parts = new ArrayList<>();
                for (ConfigValue item : list(value, found)) {
                    parts.add(condition(object(item, found + " holds objects", found + " = [{username = \"u\"}, {ipaddr = \"127.0.0.1\"}]"),
                            item, false));
                }
                return found.equals("and") ? AclCondition.all(parts) : AclCondition.any(parts);
            }
        }
    }

    private AclCondition ip(ConfigValue value) {
        try {
            return AclCondition.ipAddress(string(value, "ipaddr"));
        } catch (IllegalArgumentException e) {
            throw error(value, e.getMessage(), "ipaddr = \"127.0.0.1\", \"::1\", \"10.0.0.0/8\" or \"#\"");
        }
    }

    private List<AclTopic> topics(ConfigValue value) {
        List<AclTopic> out = new ArrayList<>();
        ConfigList items = list(value, "topics");
        if (items.isEmpty()) {
            throw error(value, "topics is empty", "leave topics out for every topic, or list some");
        }
        for (ConfigValue item : items) {
            try {
                if (item.valueType() == ConfigValueType.OBJECT) {
                    ConfigObject eq = (ConfigObject) item;
                    if (eq.size() != 1 || !eq.containsKey("eq")) {
                        throw error(item, "a topic object must be {eq = \"...\"}", "{eq = \"#\"} matches the filter # itself only");
                    }
                    out.add(AclTopic.literal(string(eq.get("eq"), "eq")));
                } else {
                    out.add(AclTopic.pattern(string(item, "topic")));
                }
            } catch (IllegalArgumentException e) {
                throw error(item, "bad topic: " + e.getMessage(), "a topic like \"t/+/x\", \"t/#\" or \"t/${clientid}\"");
            }
        }
        return out;
    }

    private ConfigList list(ConfigValue value, String key) {
        if (value.valueType() != ConfigValueType.LIST) {
            throw error(value, key + " must be a list", key + " = [ ... ]");
        }
        return (ConfigList) value;
    }

    private ConfigObject object(ConfigValue value, String message, String hint) {
        if (value.valueType() != ConfigValueType.OBJECT) {
            throw error(value, message, hint);
        }
        return (ConfigObject) value;
    }

    private String string(ConfigValue value, String key) {
        if (value.valueType() == ConfigValueType.STRING || value.valueType() == ConfigValueType.NUMBER) {
            String s = String.valueOf(value.unwrapped());
            if (s.isEmpty()) {
                throw error(value, key + " is empty", "give a value, or \"#\" for anyone");
            }
            return s;
        }
        throw error(value, key + " must be a string, found " + value.valueType().name().toLowerCase(),
                "quote it: " + key + " = \"...\"");
    }

    private AclFileException error(ConfigValue at, String problem, String hint) {
        return new AclFileException(source, at.origin() != null ? at.origin().lineNumber() : -1, problem, hint);
    }
}
