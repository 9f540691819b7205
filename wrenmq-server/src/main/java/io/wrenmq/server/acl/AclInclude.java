package io.wrenmq.server.acl;

import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigOrigin;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import io.wrenmq.server.config.ValueType;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The value type of NanoMQ's {@code auth.acl = {include "/etc/nanomq_acl.conf"}}: by the time the schema sees
 * it, HOCON has merged the included file into the block, so this finds which file that was (the origin of its
 * {@code rules}) and returns its path; the file is then read by {@link AclLoader} like {@code auth.acl_file}.
 * HOCON silently skips an include whose file is missing: an empty block is therefore refused (fail closed),
 * naming the file the include line asked for.
 */
public final class AclInclude implements ValueType<Path> {
    private static final Pattern INCLUDE = Pattern.compile("include\\s+(?:required\\s*\\(\\s*)?(?:file\\s*\\(\\s*)?\"([^\"]+)\"");

    @Override
    public Path parse(ConfigValue value) throws BadValue {
        if (value.valueType() != ConfigValueType.OBJECT) {
            throw new BadValue("expected a block that includes the ACL file", "acl = {include \"etc/acl.conf\"}, or use auth.acl_file");
        }
        ConfigObject block = (ConfigObject) value;
        if (block.isEmpty()) {
            String named = includedName(value.origin());
            throw new BadValue("the included ACL file " + (named != null ? "\"" + named + "\" " : "")
                    + "is missing or empty", "create it with rules = [ ... ]; WrenMQ never runs with \"allow all\" instead");
        }
        for (String key : block.keySet()) {
            if (!key.equals("rules")) {
                throw new BadValue("unknown key " + key + " in the ACL block", "the included file holds only rules = [ ... ]");
            }
        }
        Path file = fileOf(block.get("rules").origin());
        if (file == null) {
            throw new BadValue("the ACL rules must come from an included file", "acl = {include \"etc/acl.conf\"}");
        }
        return file;
    }

    @Override
    public String describe() {
        return "{include \"file\"}";
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
