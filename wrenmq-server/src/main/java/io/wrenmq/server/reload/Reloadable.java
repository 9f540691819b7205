package io.wrenmq.server.reload;

import io.wrenmq.server.config.ServerConfig;

/**
 * A part of the server whose settings a hot reload can change (WebHooks, bridges, ...). Registered with
 * {@link ReloadService#register}; called after the whole file has been validated and the engine's runtime keys
 * applied, with the freshly loaded configuration.
 */
public interface Reloadable {
    /** A short name for the report ("webhook"). */
    String name();

    /**
     * Takes the new settings. Record what was applied with {@link ReloadReport#applied} and what cannot change at
     * run time with {@link ReloadReport#needsRestart}; throw to report a failure (the other parts stay applied).
     */
    void reload(ServerConfig fresh, ReloadReport report) throws Exception;
}
