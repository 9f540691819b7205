package io.wrenmq.server.cli;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;
import sun.misc.SignalHandler;

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
            SignalHandler previous = Signal.handle(new Signal("HUP"), signal -> {
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
            if (previous == SignalHandler.SIG_IGN) {
                // Ignored by inheritance (nohup, or a parent that ignores it): the JVM then leaves it ignored and never
                // calls the handler, silently.
                LOG.warn("SIGHUP is ignored in this process (started with nohup, or by a parent that ignores it), so"
                        + " `wrenmq reload` cannot signal it: enable the REST API (`wrenmq reload` then uses POST"
                        + " /api/v4/reload), or start WrenMQ without nohup");
            }
        } catch (IllegalArgumentException | UnsupportedOperationException e) {
            LOG.debug("No SIGHUP on this OS ({}); `wrenmq reload` uses the REST API", e.getMessage());
        }
    }
}
