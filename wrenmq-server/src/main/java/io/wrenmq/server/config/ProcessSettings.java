package io.wrenmq.server.config;

/**
 * What the `wrenmq` process itself uses, beside the engine's and the log's settings: where its PID file is.
 * Mutable with fluent setters, like {@link LogSettings}, so the schema table fills it the same way.
 */
public final class ProcessSettings {
    private String pidFile = "";

    /** The PID file; "" = beside the persistence store (data/wrenmq.db -> data/wrenmq.pid). Relative to WRENMQ_HOME. */
    public String pidFile() { return pidFile; }
    public ProcessSettings pidFile(String value) { this.pidFile = value; return this; }
}
