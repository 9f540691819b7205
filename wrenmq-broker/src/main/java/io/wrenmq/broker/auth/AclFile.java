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

    /**
     * Reads the rules of an ACL block that is already parsed: NanoMQ's {@code auth.acl = {include "acl.conf"}}
     * (HOCON merges the included file into the block) or the same rules written inline. Errors name the key
     * below the block ({@code rules[2].permit}) with the file and line the value was written at.
     *
     * @param source the file the rules were written in, for errors and rule locations
     */
    public static AclRules fromBlock(ConfigObject block, String source) {
        return new AclFile(source).read(block);
    }

    private AclRules read(Config config) {
        return read(config.root());
    }

    private AclRules read(ConfigObject root) {
        for (Map.Entry<String, ConfigValue> e : root.entrySet()) {
            if (!e.getKey().equals("rules")) {
                throw error(e.getValue(), e.getKey(), "unknown key " + e.getKey(), "an ACL file holds only rules = [ ... ]");
            }
        }
        ConfigValue rulesValue = root.get("rules");
        if (rulesValue == null) {
            throw new AclFileException(source, -1, "no rules in the ACL file",
                    "write rules = [ {permit = allow, ...} ]; an empty ACL is refused rather than read as \"allow all\"");
        }
        if (rulesValue.valueType() != ConfigValueType.LIST) {
            throw error(rulesValue, null, "rules must be a list", "rules = [ {permit = allow, ...}, ... ]");
        }
        ConfigList list = (ConfigList) rulesValue;
        if (list.isEmpty()) {
            throw error(rulesValue, null, "rules is empty",
                    "add at least one rule; for \"allow everything\" write it out: rules = [{permit = allow}]");
        }
        List<AclRule> rules = new ArrayList<>(list.size());
        for (int i = 0; i < list.size(); i++) {
            rules.add(rule(list.get(i), "rules[" + i + "]"));
        }
        return new AclRules(rules, source);
    }

    /** @param at the rule's key path, "rules[2]" */
    private AclRule rule(ConfigValue v, String at) {
        ConfigObject o = object(v, at, "a rule must be an object", "{permit = allow, username = \"u\", action = publish, topics = [\"t/#\"]}");
        for (Map.Entry<String, ConfigValue> e : o.entrySet()) {
            if (!RULE_KEYS.contains(e.getKey())) {
                throw error(e.getValue(), at + "." + e.getKey(), "unknown key " + e.getKey() + " in an ACL rule",
                        "allowed: permit, action, topics, username, clientid, ipaddr, ipaddrs, and, or");
            }
        }
        ConfigValue permitValue = o.get("permit");
        if (permitValue == null) {
            throw error(v, at, "rule without permit", "every rule needs permit = allow or permit = deny");
        }
        String permit = string(permitValue, at + ".permit", "permit");
        if (!permit.equals("allow") && !permit.equals("deny")) {
            throw error(permitValue, at + ".permit", "permit must be allow or deny: " + permit, "permit = allow | deny");
        }
        boolean publish = true;
        boolean subscribe = true;
        ConfigValue actionValue = o.get("action");
        if (actionValue != null) {
            String action = string(actionValue, at + ".action", "action");
            switch (action) {
                case "publish" -> subscribe = false;
                case "subscribe" -> publish = false;
                case "pubsub" -> { }
                default -> throw error(actionValue, at + ".action", "unknown action " + action, "action = publish | subscribe | pubsub");
            }
        }
        List<AclTopic> topics = List.of();
        ConfigValue topicsValue = o.get("topics");
        if (topicsValue != null) {
            topics = topics(topicsValue, at + ".topics");
        }
        AclCondition who = condition(o, v, at, true);
        String where = source + ":" + v.origin().lineNumber();
        return new AclRule(permit.equals("allow"), who, publish, subscribe, topics, where);
    }

    /** The condition of a rule (none = anyone) or of an and/or member (exactly one required). */
    private AclCondition condition(ConfigObject o, ConfigValue v, String at, boolean topLevel) {
        String found = null;
        for (String k : o.keySet()) {
            if (CONDITION_KEYS.contains(k)) {
                if (found != null) {
                    throw error(o.get(k), at + "." + k, "both " + found + " and " + k + " in one " + (topLevel ? "rule" : "and/or member"),
                            "combine conditions with and = [{" + found + " = ...}, {" + k + " = ...}] or or = [...]");
                }
                found = k;
            } else if (!topLevel) {
                throw error(o.get(k), at + "." + k, "unknown key " + k + " in an and/or member",
                        "each member holds one of username, clientid, ipaddr, ipaddrs, and, or");
            }
        }
        if (found == null) {
            if (!topLevel) {
                throw error(v, at, "empty and/or member", "write {username = \"u\"}, {clientid = \"c\"} or {ipaddr = \"10.0.0.0/8\"}");
            }
            return AclCondition.ANYONE;
        }
        ConfigValue value = o.get(found);
        String key = at + "." + found;
        switch (found) {
            case "username":
                return AclCondition.username(string(value, key, found));
            case "clientid":
                return AclCondition.clientId(string(value, key, found));
            case "ipaddr":
                return ip(value, key);
            case "ipaddrs": {
                List<AclCondition> any = new ArrayList<>();
                ConfigList items = list(value, key, found);
                for (int i = 0; i < items.size(); i++) {
                    any.add(ip(items.get(i), key + "[" + i + "]"));
                }
                return AclCondition.any(any);
            }
            default: { // and, or
                List<AclCondition> parts = new ArrayList<>();
                ConfigList items = list(value, key, found);
                for (int i = 0; i < items.size(); i++) {
                    ConfigValue item = items.get(i);
                    String member = key + "[" + i + "]";
                    parts.add(condition(object(item, member, found + " holds objects", found + " = [{username = \"u\"}, {ipaddr = \"127.0.0.1\"}]"),
                            item, member, false));
                }
                return found.equals("and") ? AclCondition.all(parts) : AclCondition.any(parts);
            }
        }
    }

    private AclCondition ip(ConfigValue value, String key) {
        try {
            return AclCondition.ipAddress(string(value, key, "ipaddr"));
        } catch (IllegalArgumentException e) {
            throw error(value, key, e.getMessage(), "ipaddr = \"127.0.0.1\", \"::1\", \"10.0.0.0/8\" or \"#\"");
        }
    }

    private List<AclTopic> topics(ConfigValue value, String key) {
        List<AclTopic> out = new ArrayList<>();
        ConfigList items = list(value, key, "topics");
        if (items.isEmpty()) {
            throw error(value, key, "topics is empty", "leave topics out for every topic, or list some");
        }
        for (int i = 0; i < items.size(); i++) {
            ConfigValue item = items.get(i);
            String at = key + "[" + i + "]";
            try {
                if (item.valueType() == ConfigValueType.OBJECT) {
                    ConfigObject eq = (ConfigObject) item;
                    if (eq.size() != 1 || !eq.containsKey("eq")) {
                        throw error(item, at, "a topic object must be {eq = \"...\"}", "{eq = \"#\"} matches the filter # itself only");
                    }
                    out.add(AclTopic.literal(string(eq.get("eq"), at + ".eq", "eq")));
                } else {
                    out.add(AclTopic.pattern(string(item, at, "topic")));
                }
            } catch (IllegalArgumentException e) {
                throw error(item, at, "bad topic: " + e.getMessage(), "a topic like \"t/+/x\", \"t/#\" or \"t/${clientid}\"");
            }
        }
        return out;
    }

    private ConfigList list(ConfigValue value, String key, String name) {
        if (value.valueType() != ConfigValueType.LIST) {
            throw error(value, key, name + " must be a list", name + " = [ ... ]");
        }
        return (ConfigList) value;
    }

    private ConfigObject object(ConfigValue value, String key, String message, String hint) {
        if (value.valueType() != ConfigValueType.OBJECT) {
            throw error(value, key, message, hint);
        }
        return (ConfigObject) value;
    }

    private String string(ConfigValue value, String key, String name) {
        if (value.valueType() == ConfigValueType.STRING || value.valueType() == ConfigValueType.NUMBER) {
            String s = String.valueOf(value.unwrapped());
            if (s.isEmpty()) {
                throw error(value, key, name + " is empty", "give a value, or \"#\" for anyone");
            }
            return s;
        }
        throw error(value, key, name + " must be a string, found " + value.valueType().name().toLowerCase(),
                "quote it: " + name + " = \"...\"");
    }

    /** @param key where below the file's root, e.g. "rules[2].permit"; null when the problem names it ("rules is empty") */
    private AclFileException error(ConfigValue at, String key, String problem, String hint) {
        return new AclFileException(source, at.origin() != null ? at.origin().lineNumber() : -1, key, problem, hint);
    }
}
