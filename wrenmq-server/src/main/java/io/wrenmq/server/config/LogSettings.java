package io.wrenmq.server.config;

import java.util.List;

/**
 * The `log` block: where log lines go, how much, and how files rotate. Mutable with fluent setters,
 * like BrokerConfig, so the schema table can fill both the same way.
 */
public final class LogSettings {
    /** A log destination in `log.to`. */
    public enum Target { CONSOLE, FILE, SYSLOG }

    private List<Target> to = List.of(Target.CONSOLE);
    private String level = "info";
    private String dir = "logs";
    private String file = "wrenmq.log";
    private long rotationSize = 10L * 1024 * 1024;
    private int rotationCount = 5;
    private final SyslogSettings syslog = new SyslogSettings();

    public List<Target> to() { return to; }
    public LogSettings to(List<Target> value) { this.to = List.copyOf(value); return this; }

    /** One of trace, debug, info, warn, error. */
    public String level() { return level; }
    public LogSettings level(String value) { this.level = value; return this; }

    /** Directory of the log file; relative paths are resolved against WRENMQ_HOME (or the working directory). */
    public String dir() { return dir; }
    public LogSettings dir(String value) { this.dir = value; return this; }

    public String file() { return file; }
    public LogSettings file(String value) { this.file = value; return this; }

    public long rotationSize() { return rotationSize; }
    public LogSettings rotationSize(long value) { this.rotationSize = value; return this; }

    public int rotationCount() { return rotationCount; }
    public LogSettings rotationCount(int value) { this.rotationCount = value; return this; }

    /** Where `to = [syslog]` sends its datagrams. */
    public SyslogSettings syslog() { return syslog; }
}
