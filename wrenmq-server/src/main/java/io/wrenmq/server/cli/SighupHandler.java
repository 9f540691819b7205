package io.wrenmq.server.cli;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/**
 * SIGHUP = reload the configuration, as for most Unix daemons (Mosquitto too). The JDK signal API
 * ({@code sun.misc.Signal}, in jdk.unsupported) is the only way to catch it; where the OS has no SIGHUP
 * (Windows) reload goes through the REST API instead.
 */
final class SighupHandler {
    private static final Logger LOG = LoggerFactory.getLogger(SighupHandler.class);

    private SighupHandler() {
    }

    static void install(Runnable reload) {
        try {
            Signal.handle(new Signal("HUP"), signal -> {
                // The signal thread must not die with an exception: the next SIGHUP would end the JVM.
                Thread t = new Thread(() -> {
                    try {
                        reload.run();
                    } catch (RuntimeException e) {
                        LOG.error("Reload failed", e);
                    }
                }, "wrenmq-reload");
                t.start();
            });
        } catch (IllegalArgumentException | UnsupportedOperationException e) {
            LOG.debug("No SIGHUP on this OS ({}); `wrenmq reload` uses the REST API", e.getMessage());
        }
    }
}
