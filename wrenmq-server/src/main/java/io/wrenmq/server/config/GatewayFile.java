package io.wrenmq.server.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigOrigin;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigResolveOptions;
import com.typesafe.config.ConfigSyntax;
import com.typesafe.config.ConfigValue;
import io.wrenmq.server.gateway.GatewaysConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * The file of a standalone gateway, `wrenmq gateway zmq --conf FILE`: NanoMQ's gateway file
 * (etc/nanomq_zmq_gateway.conf) as it is. Its {@code gateway} block is read with the broker's rows
 * ({@link GatewayKeys}), with {@code gateway.mqtt.address} required; its {@code http_server} block (NanoMQ's gateway
 * has its own REST API) and {@code log} are accepted with a warning: a standalone gateway reports in its log, and the
 * REST status comes with the gateway inside the broker. Anything else is an error naming the file and line.
 *
 * @param gateways what to run
 * @param warnings "file:line: key: why", to log once logging is set up
 */
public record GatewayFile(GatewaysConfig gateways, List<String> warnings) {
    private static final String NODE_NAME = "wrenmq";

    public static GatewayFile load(Path file) throws InvalidConfigException {
        if (!Files.isRegularFile(file)) {
            throw new InvalidConfigException(List.of(new ConfigError(file.toString(), -1, null,
                    "configuration file not found", "check the --conf path")));
        }
        Config config;
        try {
            config = ConfigFactory.parseFile(file.toFile(), ConfigParseOptions.defaults().setSyntax(ConfigSyntax.CONF)
                    .setAllowMissing(false)).resolve(ConfigResolveOptions.defaults().setUseSystemEnvironment(false));
        } catch (ConfigException e) {
            throw new InvalidConfigException(List.of(ConfigLoader.fromTypesafe(e, "fix the syntax")));
        }
        List<ConfigError> errors = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        BlockValues.Warnings sink = new BlockValues.Warnings() {
            @Override
            public void add(ConfigOrigin origin, String key, String message) {
                warnings.add(ConfigError.sourceOf(origin) + ":" + origin.lineNumber() + ": " + key + ": " + message);
            }

            @Override
            public void ignored(ConfigOrigin origin, String key, String why) {
                add(origin, key, "ignored (" + why + ")");
            }
        };
        GatewaysConfig gateways = GatewaysConfig.NONE;
        for (Map.Entry<String, ConfigValue> e : config.root().entrySet()) {
            switch (e.getKey()) {
                case "gateway" -> gateways = GatewayKeys.read(e.getValue(),
                        new GatewayKeys.Context(NODE_NAME, true, errors, sink));
                case "http_server", "log" -> sink.ignored(e.getValue().origin(), e.getKey(),
                        "a standalone gateway has no REST API and logs to the console; run the gateway inside the"
                                + " broker for REST status and metrics");
                default -> errors.add(ConfigError.at(e.getValue().origin(), e.getKey(), "unknown key",
                        "a gateway file holds gateway.mqtt { ... } and gateway.zmq { ... } (http_server and log are"
                                + " accepted and ignored); broker keys belong in the broker's file"));
            }
        }
        if (errors.isEmpty() && gateways.gateways().isEmpty()) {
            errors.add(new ConfigError(file.toString(), -1, "gateway", "no gateway configured",
                    "write gateway.mqtt { address = \"mqtt-tcp://127.0.0.1:1883\", ... } and gateway.zmq { ... }"));
        }
        if (!errors.isEmpty()) {
            Collections.sort(errors);
            throw new InvalidConfigException(errors);
        }
        return new GatewayFile(gateways, List.copyOf(warnings));
    }
}
