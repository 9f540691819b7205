package io.wrenmq.tools;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.ConsoleAppender;
import org.slf4j.LoggerFactory;

/**
 * Logging for the client commands: stdout carries received messages only (a pipe reader must not get log
 * lines), so the console appender of the start-up configuration (StartupLogConfigurator) moves to stderr; and the client's own log lines
 * repeat what the command already says in one line, so they show only with -d.
 */
final class CliLogging {
    private CliLogging() {
    }

    static void forClientCommand(boolean debug) {
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            return; // another SLF4J binding: its configuration is the user's
        }
        Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        Appender<?> console = root.getAppender("console");
        if (console instanceof ConsoleAppender<?> c && !"System.err".equals(c.getTarget())) {
            c.stop();
            c.setTarget("System.err");
            c.start();
        }
        Level level = debug ? Level.INFO : Level.ERROR;
        context.getLogger("io.wrenmq.client").setLevel(level);
        context.getLogger("io.netty").setLevel(level);
    }
}
