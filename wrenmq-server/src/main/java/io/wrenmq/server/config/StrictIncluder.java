package io.wrenmq.server.config;

import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigIncludeContext;
import com.typesafe.config.ConfigIncluder;
import com.typesafe.config.ConfigIncluderFile;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigOrigin;
import com.typesafe.config.ConfigOriginFactory;
import com.typesafe.config.ConfigParseOptions;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code include "file"} that fails when the file is missing. Typesafe Config silently skips a missing include,
 * which would turn {@code auth.password = {include "pwd.conf"}} with a typo into an empty password list, or an
 * ACL into none: a security setting must fail closed. A relative name is looked up next to the including
 * configuration file, then under WRENMQ_HOME (NanoMQ's examples use paths like "etc/pwd.conf").
 */
final class StrictIncluder implements ConfigIncluder, ConfigIncluderFile {
    private final Path configFile;
    private final Path home;

    StrictIncluder(Path configFile, Path home) {
        this.configFile = configFile;
        this.home = home;
    }

    @Override
    public ConfigIncluder withFallback(ConfigIncluder fallback) {
        return this;
    }

    @Override
    public ConfigObject include(ConfigIncludeContext context, String what) {
        return load(context, what);
    }

    @Override
    public ConfigObject includeFile(ConfigIncludeContext context, File what) {
        return load(context, what.getPath());
    }

    private ConfigObject load(ConfigIncludeContext context, String what) {
        List<Path> tried = new ArrayList<>();
        Path p = Path.of(what);
        if (p.isAbsolute()) {
            tried.add(p);
        } else {
            Path dir = configFile.toAbsolutePath().getParent();
            if (dir != null) {
                tried.add(dir.resolve(p));
            }
            if (home != null) {
                tried.add(home.resolve(p));
            }
        }
        for (Path candidate : tried) {
            if (Files.isRegularFile(candidate)) {
                ConfigParseOptions options = context.parseOptions().setAllowMissing(false).setIncluder(this);
                return ConfigFactory.parseFile(candidate.toFile(), options).root();
            }
        }
        throw new MissingInclude(what, tried);
    }

    /** An include whose file does not exist. */
    final class MissingInclude extends ConfigException {
        private final transient ConfigOrigin where;
        private final String detail;

        MissingInclude(String what, List<Path> tried) {
            this(originOf(what), "include \"" + what + "\": file not found (looked for "
                    + String.join(", ", tried.stream().map(Path::toString).toList()) + ")");
        }

        private MissingInclude(ConfigOrigin where, String detail) {
            super(where, detail);
            this.where = where;
            this.detail = detail;
        }

        /** The file and line of the include, for the loader's error list. */
        ConfigError toError(String hint) {
            return ConfigError.at(where, null, detail, hint);
        }
    }

    /**
     * The configuration file and the line of the include naming {@code what}: Typesafe's include context has no
     * position, so the line is found in the file's text (without it when the include sits in an included file).
     */
    private ConfigOrigin originOf(String what) {
        ConfigOrigin origin = ConfigOriginFactory.newFile(configFile.toString());
        try {
            List<String> lines = Files.readAllLines(configFile);
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i);
                if (line.contains("include") && line.contains("\"" + what + "\"")) {
                    return origin.withLineNumber(i + 1);
                }
            }
        } catch (IOException | RuntimeException e) {
            // no line then; the file name is still given
        }
        return origin;
    }
}
