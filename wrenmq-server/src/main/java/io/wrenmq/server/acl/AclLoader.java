package io.wrenmq.server.acl;

import io.wrenmq.broker.WrenBroker;
import io.wrenmq.broker.auth.AclConfig;
import io.wrenmq.broker.auth.AclFile;
import io.wrenmq.broker.auth.AclFileException;
import io.wrenmq.broker.auth.AclRules;
import io.wrenmq.server.config.ConfigError;
import io.wrenmq.server.config.InvalidConfigException;
import java.nio.file.Path;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the ACL file named by {@code auth.acl} or {@code auth.acl_file} into the broker's config at start-up
 * (a missing, empty or malformed file stops start-up with file, line and hint: fail closed), and re-reads it
 * at run time ({@link #reload}), keeping the running rules when the new file is broken.
 */
public final class AclLoader {
    private static final Logger LOG = LoggerFactory.getLogger(AclLoader.class);

    private AclLoader() {
    }

    /**
     * Resolves a relative {@code auth.acl_file} against {@code baseDir} (WRENMQ_HOME, like persistence.path) and
     * loads the rules into {@code acl}. Does nothing when no ACL file is configured; rules given by
     * {@code auth.acl} (included or inline) were read with the configuration and are only logged.
     */
    public static void load(AclConfig acl, Path baseDir) throws InvalidConfigException {
        if (acl.rules() != null) {
            LOG.info("ACL: {} rules from {}", acl.rules().rules().size(), acl.rules().source());
            return;
        }
        Path file = acl.rulesFile();
        if (file == null) {
            return;
        }
        Path resolved = baseDir != null ? baseDir.resolve(file) : file;
        acl.rulesFile(resolved);
        try {
            AclRules rules = AclFile.load(resolved);
            acl.rules(rules);
            LOG.info("ACL: {} rules from {}", rules.rules().size(), resolved);
        } catch (AclFileException e) {
            throw new InvalidConfigException(List.of(new ConfigError(e.file(), e.line(), e.key(), e.problem(), e.hint())));
        }
    }

    /** What a reload did. */
    public record Result(boolean applied, String message) {
    }

    /**
     * Re-reads the broker's ACL file and swaps the rules in: existing subscriptions and retained deliveries
     * follow the new rules from the next message. A broken file changes nothing (the running rules stay) and
     * is reported in the result and at ERROR.
     */
    public static Result reload(WrenBroker broker) {
        Path file = broker.config().acl().rulesFile();
        if (file == null) {
            return new Result(false, broker.config().acl().rules() != null
                    ? "the ACL rules are written in the configuration file (auth.acl); reload the configuration instead"
                    : "no ACL file is configured (auth.acl or auth.acl_file)");
        }
        try {
            AclRules rules = AclFile.load(file);
            broker.replaceAclRules(rules);
            return new Result(true, rules.rules().size() + " ACL rules from " + file);
        } catch (AclFileException e) {
            LOG.error("ACL reload failed, keeping the running rules: {}", e.getMessage());
            return new Result(false, e.getMessage());
        }
    }
}
