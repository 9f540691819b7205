package io.wrenmq.server.config;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.core.spi.ContextAwareBase;

/**
 * Logback's configuration until `wrenmq start` has read the `log` block ({@link LogConfigurator} replaces it), and
 * for the other commands: INFO to the console in the broker's pattern. Found by Logback through
 * META-INF/services, it stands in for a logback.xml so that Logback never loads its XML configurator (Joran and
 * the JDK's XML parser: about 650 classes, a fifth of those an idle broker loads; docs/benchmarks.md "Idle RSS").
 *
 * <p>A configuration file the user (or a test) provides still wins: with `-Dlogback.configurationFile=...` or a
 * logback.xml / logback-test.xml on the class path, this configurator steps aside and Logback reads that file.
 */
public final class StartupLogConfigurator extends ContextAwareBase implements Configurator {
    static final String[] USER_FILES = {"logback-test.xml", "logback.xml"};

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        return configure(context, Thread.currentThread().getContextClassLoader());
    }

    ExecutionStatus configure(LoggerContext context, ClassLoader loader) {
        if (userConfigurationPresent(loader)) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.INFO);
        root.addAppender(LogConfigurator.console(context));
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }

    static boolean userConfigurationPresent(ClassLoader loader) {
        if (System.getProperty("logback.configurationFile") != null) {
            return true;
        }
        ClassLoader cl = loader != null ? loader : StartupLogConfigurator.class.getClassLoader();
        for (String name : USER_FILES) {
            if (cl.getResource(name) != null) {
                return true;
            }
        }
        return false;
    }
}
