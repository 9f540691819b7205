package io.wrenmq.server.cli;

import io.wrenmq.server.config.ConfigError;
import io.wrenmq.server.config.ConfigLoader;
import io.wrenmq.server.config.InvalidConfigException;
import io.wrenmq.server.config.NanomqEnv;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * The {@code --conf} flag of start, stop and reload, and which file is read without it: NanoMQ's NANOMQ_CONF_PATH,
 * else $WRENMQ_HOME/etc/wrenmq.conf when it exists, else none (built-in defaults). stop and reload read the same
 * file as start did, so they find the same PID file.
 */
final class ConfOption {
    @Option(names = "--conf", paramLabel = "FILE",
            description = "Configuration file (HOCON); default: $NANOMQ_CONF_PATH, else $WRENMQ_HOME/etc/wrenmq.conf.")
    private Path conf;

    /** The file to read (relative paths against the working directory), or null for the built-in defaults. */
    Path file(CliEnvironment environment) throws InvalidConfigException {
        if (conf != null) {
            return environment.workDir().resolve(conf);
        }
        String nanomq = environment.env().get(NanomqEnv.CONF_PATH);
        if (nanomq != null && !nanomq.isBlank()) {
            Path file = environment.workDir().resolve(nanomq.trim());
            if (!Files.isRegularFile(file)) {
                throw new InvalidConfigException(List.of(new ConfigError("environment variable " + NanomqEnv.CONF_PATH, -1, null,
                        "configuration file not found: " + file, "set it to an existing file, or unset it")));
            }
            return file;
        }
        return ConfigLoader.defaultFile(environment.home()).orElse(null);
    }

    /** "" or " (from NANOMQ_CONF_PATH)", for the start-up log line. */
    String origin(CliEnvironment environment) {
        String nanomq = environment.env().get(NanomqEnv.CONF_PATH);
        return conf == null && nanomq != null && !nanomq.isBlank() ? " (from " + NanomqEnv.CONF_PATH + ")" : "";
    }
}
