package io.wrenmq.server.acl;

import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigOrigin;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import io.wrenmq.broker.auth.AclFile;
import io.wrenmq.broker.auth.AclFileException;
import io.wrenmq.broker.auth.AclRules;
import io.wrenmq.server.config.ConfigError;
import io.wrenmq.server.config.ValueType;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The value type of NanoMQ's {@code auth.acl}: either {@code acl = {include "/etc/nanomq_acl.conf"}} or the rules
 * written inline, {@code acl = { rules = [ ... ] }}. HOCON merges an included file into the block, so both arrive
 * as the same object and are read the same way, by {@link AclFile#fromBlock}: errors name the key below
 * {@code auth.acl} ({@code auth.acl.rules[2].permit}) with the file and line it was written at (the included
 * file's, or the configuration file's). For an include the file is also remembered for an ACL-only reload.
 * An empty block is refused (fail closed), naming the file the include line asked for when there is one.
 */
public final class AclInclude implements ValueType<AclInclude.AclBlock> {
    private static final Pattern INCLUDE = Pattern.compile("include\\s+(?:required\\s*\\(\\s*)?(?:file\\s*\\(\\s*)?\"([^\"]+)\"");

    /**
     * The rules of an {@code auth.acl} block.
     *
     * @param file the included file they came from; null when they are written inline in the configuration file
     */
    public record AclBlock(AclRules rules, Path file) {
    }

    @Override
    public AclBlock parse(ConfigValue value) throws BadValue {
        if (value.valueType() != ConfigValueType.OBJECT) {
            throw new BadValue("expected a block: the ACL rules, or an include of the ACL file",
                    "acl = {include \"etc/acl.conf\"}, or acl = { rules = [ {permit = allow} ] }, or use auth.acl_file");
        }
        ConfigObject block = (ConfigObject) value;
        if (block.isEmpty()) {
            String named = includedName(value.origin());
            throw new BadValue(named != null ? "the included ACL file \"" + named + "\" is empty" : "the ACL block is empty",
                    "write rules = [ ... ]; WrenMQ never runs with \"allow all\" instead");
        }
        ConfigValue rules = block.get("rules");
        Path file = rules != null ? fileOf(rules.origin()) : null;
        Path main = fileOf(value.origin());
        try {
            return new AclBlock(AclFile.fromBlock(block, ConfigError.sourceOf(rules != null ? rules.origin() : value.origin())),
                    file != null && !file.equals(main) ? file : null);
        } catch (AclFileException e) {
            // e.key() is "rules[2].permit" or an unknown top-level key; its file is that of the top-level value
            ConfigValue top = e.key() != null ? block.get(e.key().split("[.\\[]", 2)[0]) : null;
            ConfigOrigin origin = top != null && e.line() > 0 ? top.origin().withLineNumber(e.line()) : null;
            throw new BadValue(e.problem(), e.hint(), origin, e.key());
        }
    }

    @Override
    public String describe() {
        return "{include \"file\"} or { rules = [ ... ] }";
    }

    /** auth.acl_file: a path, or "" for none (so the shipped file can show the key with its default). */
    public static ValueType<String> fileName() {
        return new ValueType<>() {
            @Override
            public String parse(ConfigValue value) throws BadValue {
                if (value.valueType() != ConfigValueType.STRING) {
                    throw new BadValue("expected a file name, found " + value.valueType().name().toLowerCase(),
                            "acl_file = \"etc/acl.conf\"");
                }
                return ((String) value.unwrapped()).trim();
            }

            @Override
            public String describe() {
                return "string";
            }
        };
    }

    private static Path fileOf(ConfigOrigin origin) {
        if (origin.filename() != null) {
            return Path.of(origin.filename());
        }
        if (origin.url() != null && "file".equals(origin.url().getProtocol())) {
            try {
                return Path.of(origin.url().toURI());
            } catch (URISyntaxException e) {
                return null;
            }
        }
        return null;
    }

    /** The file named on the include line, read back from the configuration file (HOCON keeps no trace of it). */
    private static String includedName(ConfigOrigin origin) {
        Path main = origin != null ? fileOf(origin) : null;
        if (main == null || origin.lineNumber() < 1) {
            return null;
        }
        try {
            List<String> lines = Files.readAllLines(main);
            for (int i = origin.lineNumber() - 1; i < lines.size() && i < origin.lineNumber() + 2; i++) {
                Matcher m = INCLUDE.matcher(lines.get(i));
                if (m.find()) {
                    Path named = Path.of(m.group(1));
                    return named.isAbsolute() || main.getParent() == null ? named.toString()
                            : main.getParent().resolve(named).toString();
                }
            }
        } catch (IOException | RuntimeException e) {
            return null;
        }
        return null;
    }
}
