package io.wrenmq.server.reload;

import ch.qos.logback.classic.Level;
import io.wrenmq.broker.BrokerConfig;
import io.wrenmq.broker.WrenBroker;
import io.wrenmq.broker.auth.PasswordFileException;
import io.wrenmq.broker.limits.BanList;
import io.wrenmq.broker.limits.BanRule;
import io.wrenmq.server.config.ConfigError;
import io.wrenmq.server.config.ConfigKey;
import io.wrenmq.server.config.ConfigSchema;
import io.wrenmq.server.config.ConfigTarget;
import io.wrenmq.server.config.InvalidConfigException;
import io.wrenmq.server.config.ServerConfig;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hot reload (`wrenmq reload`, SIGHUP, {@code POST /api/v4/reload}): reads the configuration file again with the
 * same loader, validates ALL of it first (syntax, every key, the ACL file, the password files) and rejects an
 * invalid file as a whole, leaving the running configuration untouched. A valid file is then applied: the keys
 * the engine reads at use time ({@link RuntimeKeys}), authentication (allow_anonymous, password lists re-read),
 * the ACL rules (re-read), the {@code banned} list and the log level; every other changed key is reported as
 * "needs restart". Registered {@link Reloadable}s (WebHooks, ...) get the new configuration last.
 */
public final class ReloadService {
    private static final Logger LOG = LoggerFactory.getLogger(ReloadService.class);
    /** Keys applied by dedicated code below, not by copying a value. */
    private static final Set<String> APPLIED_HERE = Set.of("auth.allow_anonymous", "auth.password", "auth.password_file",
            "auth.acl", "auth.acl_file", "banned", "log.level");

    private final BrokerRuntime runtime;
    private final List<Reloadable> parts = new CopyOnWriteArrayList<>();

    public ReloadService(BrokerRuntime runtime) {
        this.runtime = Objects.requireNonNull(runtime);
    }

    /** Adds a part that takes its settings from the file on every reload. */
    public void register(Reloadable part) {
        parts.add(Objects.requireNonNull(part));
    }

    /**
     * Whether a reload applies this key at once (else a change needs a restart); for POST /configuration's answer.
     */
    public static boolean isRuntimeKey(String path) {
        return RuntimeKeys.copiers().containsKey(path) || APPLIED_HERE.contains(path);
    }

    /** The runtime keys in documentation order. */
    public static List<String> runtimeKeys() {
        List<String> out = new ArrayList<>();
        for (String k : ConfigSchema.keys().keySet()) {
            if (isRuntimeKey(k)) {
                out.add(k);
            }
        }
        return out;
    }

    /** One reload at a time: two at once could interleave their copies. */
    public synchronized ReloadReport reload() {
        ReloadReport report = new ReloadReport();
        if (runtime.configFile() == null) {
            report.rejected(List.of("the broker was started without a configuration file; there is nothing to reload"));
            return report;
        }
        ServerConfig fresh;
        try {
            fresh = runtime.loadFresh();
        } catch (InvalidConfigException e) {
            report.rejected(e.errors().stream().map(ConfigError::format).toList());
            LOG.error("Reload of {} rejected, the running configuration stays:\n{}", runtime.configFile(), e.getMessage());
            return report;
        }
        ServerConfig running = runtime.config();
        WrenBroker broker = runtime.broker();
        List<ConfigKey<?>> changed = changedKeys(running, fresh); // before anything is applied
        try {
            broker.auth().reload(fresh.broker().auth()); // reads every password source before installing any
        } catch (PasswordFileException e) {
            report.rejected(List.of(e.getMessage()));
            LOG.error("Reload of {} rejected, the running configuration stays: {}", runtime.configFile(), e.getMessage());
            return report;
        } catch (IllegalStateException e) {
            report.needsRestart("auth.password_file");
            report.note(e.getMessage());
        }
        applyKeys(changed, running, fresh, report);
        applyAcl(running.broker(), fresh.broker(), broker, report);
        applyBans(running.broker(), fresh.broker(), broker.limits().banList());
        for (Reloadable part : parts) {
            try {
                part.reload(fresh, report);
            } catch (Exception e) {
                report.error(part.name() + ": " + e.getMessage());
                LOG.error("Reload of {} failed: {}", part.name(), e.toString());
            }
        }
        LOG.info("Configuration reloaded from {}: applied {}; needs restart {}", runtime.configFile(),
                report.applied(), report.needsRestart());
        return report;
    }

    /** The keys whose value differs between the running and the new configuration. */
    private static List<ConfigKey<?>> changedKeys(ServerConfig running, ServerConfig fresh) {
        ConfigTarget now = running.target();
        ConfigTarget next = fresh.target();
        List<ConfigKey<?>> changed = new ArrayList<>();
        for (ConfigKey<?> key : ConfigSchema.keys().values()) {
            if (key.getter() != null && !key.isIgnored()
                    && !Objects.equals(String.valueOf(key.getter().apply(now)), String.valueOf(key.getter().apply(next)))) {
                changed.add(key);
            }
        }
        return changed;
    }

    /** Copies the changed runtime keys, reports the others. */
    private static void applyKeys(List<ConfigKey<?>> changed, ServerConfig running, ServerConfig fresh, ReloadReport report) {
        Map<String, BiConsumer<BrokerConfig, BrokerConfig>> copiers = RuntimeKeys.copiers();
        Set<BiConsumer<BrokerConfig, BrokerConfig>> done = new HashSet<>();
        for (ConfigKey<?> key : changed) {
            String path = key.path();
            BiConsumer<BrokerConfig, BrokerConfig> copier = copiers.get(path);
            if (copier != null) {
                if (done.add(copier)) {
                    copier.accept(running.broker(), fresh.broker());
                }
                report.applied(path);
            } else if (path.equals("log.level")) {
                running.log().level(fresh.log().level());
                ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME))
                        .setLevel(Level.toLevel(fresh.log().level(), Level.INFO));
                report.applied(path);
            } else if (APPLIED_HERE.contains(path)) {
                report.applied(path);
            } else {
                report.needsRestart(path);
            }
        }
        if (!running.broker().listeners().equals(fresh.broker().listeners())) {
            report.needsRestart("listeners");
        }
        if (!Objects.equals(running.broker().auth().plaintextPasswords(), fresh.broker().auth().plaintextPasswords())) {
            report.applied("auth.password");
        }
    }

    private static void applyAcl(BrokerConfig running, BrokerConfig fresh, WrenBroker broker, ReloadReport report) {
        if (fresh.acl().rules() == null && running.acl().rules() == null) {
            return;
        }
        running.acl().rulesFile(fresh.acl().rulesFile());
        running.acl().rules(fresh.acl().rules());
        broker.replaceAclRules(fresh.acl().rules()); // validated by loadFresh: it is never a broken file
        report.note(fresh.acl().rules() == null ? "ACL: file rules removed"
                : "ACL: " + fresh.acl().rules().rules().size() + " rules from " + fresh.acl().rules().source());
    }

    /** The file's {@code banned} entries replace the previous file entries; API and flapping bans stay. */
    private static void applyBans(BrokerConfig running, BrokerConfig fresh, BanList bans) {
        Set<String> wanted = new HashSet<>();
        for (BanRule r : fresh.limits().banned()) {
            wanted.add(r.kind() + ":" + r.value());
        }
        List<BanRule> before = bans.list();
        for (BanRule r : before) {
            if ("config".equals(r.source()) && !wanted.contains(r.kind() + ":" + r.value())) {
                bans.remove(r.kind(), r.value());
            }
        }
        // only new or changed rules are added: an added rule closes the connections it names, which a rule that
        // was already in force has done before (and a sweep per unchanged rule per reload would be wasted work)
        Set<BanRule> unchanged = new HashSet<>(before);
        fresh.limits().banned().stream().filter(r -> !unchanged.contains(r)).forEach(bans::add);
        running.limits().banned(fresh.limits().banned());
    }
}
