package io.wrenmq.server.config;

import io.wrenmq.server.rule.action.DatabaseConfig;
import io.wrenmq.server.rule.action.SqlDialect;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The databases of the rules' blocks: {@code rules.sqlite}'s file and the {@code conn} block of
 * {@code rules.mysql.<name>}, {@code rules.postgresql.<name>} and {@code rules.timescaledb.<name>}. The engine connects
 * when it starts; here the values are checked, so a typo stops start-up instead of failing every write.
 */
final class RuleDatabases {
    private final RuleKeys.Context ctx;

    RuleDatabases(RuleKeys.Context ctx) {
        this.ctx = ctx;
    }

    /** {@code rules.sqlite { path }}: the file relative to the data directory, like persistence.path. Null after an error. */
    DatabaseConfig sqlite(BlockValues block) {
        String path = block.get("path");
        if (path == null) {
            return null;
        }
        Path file = path.isBlank() ? null : ctx.dataDir().resolve(path);
        if (file == null || Files.isDirectory(file)) {
            block.error("path", file == null ? "must not be empty" : "is a directory: " + file,
                    "the SQLite file, e.g. \"rules.db\" (in system.data_dir); it is created when missing");
            return null;
        }
        return RuleActions.checked(block, () -> DatabaseConfig.sqlite("sqlite", file));
    }

    /** A database server's {@code conn} block. Null after an error. */
    DatabaseConfig server(BlockValues block, SqlDialect dialect, String name) {
        int before = ctx.errors().size();
        String host = block.get("conn.host");
        if (host != null && (block.written("conn.host") == null || host.isBlank())) {
            block.error("conn.host", "missing", "the database server, e.g. conn { host = \"10.0.0.7\", username = ..."
                    + " , password = ..., database = ... }");
            host = null;
        }
        Integer port = block.get("conn.port");
        HostPort server = host == null || port == null ? null : hostPort(block, host.trim(), port);
        String username = block.get("conn.username");
        String password = block.get("conn.password");
        String database = block.get("conn.database");
        Integer poolSize = block.get("conn.pool_size");
        Duration connectTimeout = block.get("conn.connect_timeout");
        Boolean ssl = block.get("conn.ssl");
        if (ctx.errors().size() > before) {
            return null;
        }
        return RuleActions.checked(block, () -> DatabaseConfig.server(dialect, name, server.host(), server.port(),
                RuleActions.orNull(username), RuleActions.orNull(password), RuleActions.orNull(database))
                .withPool(poolSize, connectTimeout).withSsl(ssl));
    }

    private record HostPort(String host, int port) {
    }

    /**
     * NanoMQ's {@code host} is a name or an address; ours may carry the port too: "db:5433", "[fd00::7]:5432". An IPv6
     * address without a port may also be written without brackets. Null after an error.
     */
    private static HostPort hostPort(BlockValues block, String host, int port) {
        String name = host;
        String portText = null;
        if (host.startsWith("[") && host.indexOf(']') > 0) {
            name = host.substring(1, host.indexOf(']'));
            String after = host.substring(host.indexOf(']') + 1);
            portText = after.startsWith(":") ? after.substring(1) : after.isEmpty() ? null : after;
        } else if (host.indexOf(':') > 0 && host.indexOf(':') == host.lastIndexOf(':')) {
            name = host.substring(0, host.indexOf(':'));
            portText = host.substring(host.indexOf(':') + 1);
        }
        if (portText == null) {
            return new HostPort(name, port);
        }
        int inHost = portText.matches("\\d{1,5}") ? Integer.parseInt(portText) : -1;
        if (inHost < 1 || inHost > 65535) {
            block.error("conn.host", "not a port 1..65535 in \"" + host + "\"", "\"host\" or \"host:port\", IPv6 in"
                    + " brackets: \"[fd00::7]:5432\"");
            return null;
        }
        if (port != 0 && port != inHost) {
            block.error("conn.port", port + " but conn.host \"" + host + "\" says " + inHost, "give the port once");
            return null;
        }
        return new HostPort(name, inHost);
    }
}
