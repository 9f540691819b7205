package io.wrenmq.server.config;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.rolling.FixedWindowRollingPolicy;
import ch.qos.logback.core.rolling.RollingFileAppender;
import ch.qos.logback.core.rolling.SizeBasedTriggeringPolicy;
import ch.qos.logback.core.util.FileSize;
import io.wrenmq.server.log.Rfc5424Appender;
import io.wrenmq.server.log.Rfc5424Format;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * Configures Logback from the `log` block, in code, so the config file is the only place a user looks.
 * Files rotate by size into a fixed window (wrenmq.1.log .. wrenmq.N.log), NanoMQ's rotation{size, count}. Syslog
 * gets RFC 5424 datagrams over UDP ({@link Rfc5424Appender}). Each call stops the appenders of the previous one, which
 * closes their files and the syslog socket; `wrenmq reload` applies only log.level (ReloadService), the other log
 * keys need a restart.
 */
public final class LogConfigurator {
    static final String PATTERN = "%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} %-5level [%thread] %logger{36} - %msg%n";

    private LogConfigurator() {
    }

    /**
     * Replaces the root logger's appenders. Relative `log.dir` resolves against {@code baseDir}.
     *
     * @return the appenders now attached (for tests and for the start-up message)
     * @throws InvalidConfigException when the log directory cannot be created or the syslog host cannot be resolved
     */
    public static List<Appender<ILoggingEvent>> apply(LogSettings settings, Path baseDir) throws InvalidConfigException {
        Path logFile = null;
        if (settings.to().contains(LogSettings.Target.FILE)) {
            Path dir = baseDir.resolve(settings.dir());
            try {
                Files.createDirectories(dir);
            } catch (IOException | SecurityException e) {
                throw new InvalidConfigException(List.of(new ConfigError("log.dir", -1, null,
                        "cannot create log directory " + dir + ": " + e, "set log.dir to a writable directory")));
            }
            logFile = dir.resolve(settings.file());
        }
        InetSocketAddress syslogServer = settings.to().contains(LogSettings.Target.SYSLOG) ? syslogServer(settings.syslog()) : null;
        LoggerContext ctx = (LoggerContext) LoggerFactory.getILoggerFactory();
        Logger root = ctx.getLogger(Logger.ROOT_LOGGER_NAME);
        root.detachAndStopAllAppenders();
        root.setLevel(Level.toLevel(settings.level(), Level.INFO));
        List<Appender<ILoggingEvent>> appenders = new ArrayList<>();
        if (settings.to().contains(LogSettings.Target.CONSOLE)) {
            appenders.add(console(ctx));
        }
        if (logFile != null) {
            appenders.add(rollingFile(ctx, logFile, settings));
        }
        if (syslogServer != null) {
            appenders.add(syslog(ctx, syslogServer, settings.syslog()));
        }
        appenders.forEach(root::addAppender);
        return appenders;
    }

    static Appender<ILoggingEvent> console(LoggerContext ctx) {
        ConsoleAppender<ILoggingEvent> appender = new ConsoleAppender<>();
        appender.setContext(ctx);
        appender.setName("console");
        appender.setEncoder(encoder(ctx));
        appender.start();
        return appender;
    }

    private static Appender<ILoggingEvent> rollingFile(LoggerContext ctx, Path file, LogSettings settings) {
        RollingFileAppender<ILoggingEvent> appender = new RollingFileAppender<>();
        appender.setContext(ctx);
        appender.setName("file");
        appender.setFile(file.toString());
        appender.setEncoder(encoder(ctx));

        FixedWindowRollingPolicy rolling = new FixedWindowRollingPolicy();
        rolling.setContext(ctx);
        rolling.setParent(appender);
        rolling.setFileNamePattern(file.resolveSibling(rolledName(settings.file())).toString());
        rolling.setMinIndex(1);
        rolling.setMaxIndex(settings.rotationCount());
        rolling.start();

        SizeBasedTriggeringPolicy<ILoggingEvent> trigger = new SizeBasedTriggeringPolicy<>();
        trigger.setContext(ctx);
        trigger.setMaxFileSize(new FileSize(settings.rotationSize()));
        trigger.start();

        appender.setRollingPolicy(rolling);
        appender.setTriggeringPolicy(trigger);
        appender.start();
        return appender;
    }

    /** Resolved once, at start: a name that does not resolve is a configuration error, not a silent loss of logs. */
    private static InetSocketAddress syslogServer(SyslogSettings syslog) throws InvalidConfigException {
        InetSocketAddress address = new InetSocketAddress(syslog.host(), syslog.port());
        if (address.isUnresolved()) {
            throw new InvalidConfigException(List.of(new ConfigError("log.syslog.host", -1, null,
                    "cannot resolve syslog server " + syslog.host(), "give the syslog server's IP address or a name this host resolves")));
        }
        return address;
    }

    private static Appender<ILoggingEvent> syslog(LoggerContext ctx, InetSocketAddress server, SyslogSettings syslog) {
        Rfc5424Format format = new Rfc5424Format(Rfc5424Format.FACILITIES.get(syslog.facility()), Rfc5424Format.localHostName(),
                syslog.appName(), Long.toString(ProcessHandle.current().pid()), syslog.maxDatagram(), syslog.bom(),
                ZoneId.systemDefault());
        Rfc5424Appender appender = new Rfc5424Appender(server, format);
        appender.setContext(ctx);
        appender.start();
        return appender;
    }

    /** "wrenmq.log" -> "wrenmq.%i.log"; a name without extension gets ".%i" appended. */
    static String rolledName(String fileName) {
        int dot = fileName.lastIndexOf('.');
        return dot > 0 ? fileName.substring(0, dot) + ".%i" + fileName.substring(dot) : fileName + ".%i";
    }

    private static PatternLayoutEncoder encoder(LoggerContext ctx) {
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(ctx);
        encoder.setPattern(PATTERN);
        encoder.start();
        return encoder;
    }
}
