package io.wrenmq.server.config;

import com.typesafe.config.ConfigValue;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * NanoMQ keys and blocks that have no meaning in WrenMQ. Each is accepted, so a NanoMQ file starts unchanged, and
 * each produces exactly one WARN line naming it and saying why it has no effect (a user who wrote it may expect
 * one). A whole block counts as one: {@code parquet { ... }} gives one line, not one per key inside it. NanoMQ's
 * older forms of what WrenMQ reads in NanoMQ's current form are refused with a hint instead: ignoring them would
 * silently drop what the file asks for (rules that store or forward data). The keys
 * NanoMQ shares with WrenMQ are in their own sections of {@link ConfigSchema}; docs/configuration.md ("NanoMQ
 * compatibility") lists every key of NanoMQ's shipped files with what WrenMQ does with it.
 */
final class NanoMqKeys {
    /**
     * Log destinations NanoMQ has and WrenMQ does not, with why. NanoMQ's uds sends to a Unix datagram socket
     * (uds_addr, like /dev/log); Java 17 opens only stream Unix sockets, so WrenMQ reaches syslog over UDP.
     */
    static final String UDS_WHY = "Java cannot open a Unix datagram socket such as /dev/log;"
            + " use log.to = [syslog] with a syslog server listening on UDP (log.syslog)";
    private static final Map<String, String> FOREIGN_LOG_TARGETS = Map.of("uds", UDS_WHY);

    /** What to write instead of NanoMQ's old rule keys. */
    private static final String RULES_HINT = "write the rules in NanoMQ's HOCON form: rules.sqlite { path = \"...\","
            + " rules = [ { sql = \"SELECT ...\", table = ... } ] }, rules.repub { ... }, rules.mysql.<name> { ... }"
            + " (docs/rules.md)";

    private NanoMqKeys() {
    }

    static void register() {
        ConfigSchema.ignored("system.hook_ipc_url",
                "NanoMQ's IPC endpoint for its WebHook process; WrenMQ posts WebHooks itself (webhook { ... }).");
        ConfigSchema.ignored("system.cmd_ipc_url",
                "NanoMQ's IPC endpoint for `nanomq reload` and `nanomq stop`; `wrenmq reload` and `wrenmq stop` use the PID file.");
        ConfigSchema.ignored("system.enable_ipc_internal", "NanoMQ's internal IPC listener; WrenMQ has none.");
        ConfigSchema.ignored("log.uds_addr", "NanoMQ's Unix datagram log socket; " + UDS_WHY + ".");
        ConfigSchema.ignored("http_server.jwt.private.keyfile",
                "NanoMQ's key for making tokens; WrenMQ only checks them, with http_server.jwt.public.keyfile.");
        ConfigSchema.ignored("auth.enable", "authentication is on whenever auth.password, auth.password_file or auth.http_auth is set.");
        ConfigSchema.ignored("preset", "NanoMQ's preset sessions; WrenMQ keeps a session from its client's first connect with"
                + " clean_start = false (v5: a session expiry interval) and queues its messages while it is away.");
        ConfigSchema.ignored("exchange_client", "NanoMQ's embedded message queue (ringbus); WrenMQ has none.");
        ConfigSchema.ignored("parquet", "NanoMQ's Parquet files of the embedded message queue; WrenMQ has none.");
        ConfigSchema.ignored("blf", "NanoMQ's BLF files of the embedded message queue; WrenMQ has none.");
        ConfigSchema.ignored("plugin", "NanoMQ loads C plugins (.so files); WrenMQ has no plugin loader (embed WrenBroker in Java instead).");
        // nanomq_rule.conf and nanomq_rule_<kind>.conf, the rule engine's files in NanoMQ's older key=value format:
        // rule_option.sqlite = enable, rule.sqlite.path = ..., rule.event.publish.sql = "...".
        ConfigSchema.refused("rule_option", "NanoMQ's pre-HOCON rule engine switches (nanomq_rule.conf) are not read",
                RULES_HINT);
        ConfigSchema.refused("rule", "NanoMQ's pre-HOCON rule settings (nanomq_rule_sqlite.conf, ...) are not read",
                RULES_HINT);
    }

    /** Why a NanoMQ {@code ssl { ... }} block of an HTTP client (webhook, http_auth requests) has no effect. */
    static final String HTTP_CLIENT_SSL = "NanoMQ's client certificate block; WrenMQ reaches https:// urls with the JDK's"
            + " trusted CAs and sends no client certificate";

    /**
     * {@code log.to}: WrenMQ's console, file and syslog, plus NanoMQ's uds, which is left out with a warning
     * (only console left when nothing else remains, so a log still exists).
     */
    static ValueType<List<LogSettings.Target>> logTo(Map<String, LogSettings.Target> targets) {
        Map<String, String> names = new LinkedHashMap<>();
        targets.keySet().forEach(k -> names.put(k, k));
        FOREIGN_LOG_TARGETS.keySet().forEach(k -> names.put(k, k));
        ValueType<List<String>> words = ValueTypes.listOf(names);
        return new ValueType<>() {
            @Override
            public List<LogSettings.Target> parse(ConfigValue value) throws BadValue {
                return read(value).value();
            }

            @Override
            public Parsed<List<LogSettings.Target>> read(ConfigValue value) throws BadValue {
                List<LogSettings.Target> used = new ArrayList<>();
                List<String> foreign = new ArrayList<>();
                for (String word : words.parse(value)) {
                    LogSettings.Target t = targets.get(word);
                    if (t == null && !foreign.contains(word)) {
                        foreign.add(word);
                    } else if (t != null && !used.contains(t)) {
                        used.add(t);
                    }
                }
                if (used.isEmpty()) {
                    used.add(LogSettings.Target.CONSOLE);
                }
                List<Warning> warnings = new ArrayList<>();
                for (String word : foreign) {
                    warnings.add(new Warning(null, "", word + " is a NanoMQ log destination that has no effect in WrenMQ;"
                            + " ignored (" + FOREIGN_LOG_TARGETS.get(word) + "); logging to "
                            + String.join(" and ", used.stream().map(t -> t.name().toLowerCase(Locale.ROOT)).toList())));
                }
                return new Parsed<>(List.copyOf(used), warnings);
            }

            @Override
            public String describe() {
                return words.describe();
            }
        };
    }
}
