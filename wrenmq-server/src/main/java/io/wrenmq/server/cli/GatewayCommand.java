package io.wrenmq.server.cli;

import io.wrenmq.server.config.GatewayFile;
import io.wrenmq.server.config.InvalidConfigException;
import io.wrenmq.server.gateway.Gateway;
import io.wrenmq.server.gateway.GatewayConfig;
import io.wrenmq.server.gateway.RemoteMqttSide;
import io.wrenmq.server.gateway.zmq.ZmqGateway;
import io.wrenmq.server.gateway.zmq.ZmqGatewayConfig;
import io.wrenmq.tools.ExitCodes;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * `wrenmq gateway zmq --conf FILE`: the ZeroMQ gateway on its own, connected to a broker over MQTT, as NanoMQ's
 * `nanomq_cli gateway --conf nanomq_zmq_gateway.conf` runs it (NanoMQ's file loads unchanged). Runs until the
 * process is asked to stop (Ctrl-C, SIGTERM). Inside the broker the same keys need no command (docs/gateways.md).
 */
@Command(name = "gateway", mixinStandardHelpOptions = true,
        description = "Runs a gateway on its own, connected to an MQTT broker (NanoMQ's nanomq_cli gateway).")
final class GatewayCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return ExitCodes.USAGE;
    }

    @Command(name = "zmq", mixinStandardHelpOptions = true,
            description = "ZeroMQ <-> MQTT: gateway.mqtt { address, sub_topic, forward, ... } and gateway.zmq { sub_address, pub_address, sub_pre, pub_pre }.")
    static final class Zmq implements Callable<Integer> {
        private static final Logger LOG = LoggerFactory.getLogger(GatewayCommand.class);

        @Spec
        private CommandSpec spec;

        @Option(names = "--conf", required = true, paramLabel = "FILE",
                description = "The gateway's configuration file (NanoMQ's nanomq_zmq_gateway.conf format).")
        private Path conf;

        private final CliEnvironment environment;

        Zmq(CliEnvironment environment) {
            this.environment = environment;
        }

        @Override
        public Integer call() throws InvalidConfigException, InterruptedException {
            GatewayFile file = GatewayFile.load(environment.workDir().resolve(conf));
            file.warnings().forEach(LOG::warn);
            GatewayConfig config = file.gateways().gateways().get(0);
            if (!(config instanceof ZmqGatewayConfig z)) {
                spec.commandLine().getErr().println("error: " + conf + " configures no ZeroMQ gateway");
                return ExitCodes.USAGE;
            }
            Gateway gateway = new ZmqGateway(z, new RemoteMqttSide(z.mqtt()));
            try {
                gateway.start();
            } catch (Exception e) {
                gateway.close();
                spec.commandLine().getErr().println("error: the gateway did not start: " + describe(e));
                return ExitCodes.RUNTIME;
            }
            CountDownLatch stopped = new CountDownLatch(1);
            environment.lifecycle().onShutdown(() -> {
                gateway.close();
                stopped.countDown();
            });
            stopped.await();
            return ExitCodes.OK;
        }

        private static String describe(Exception e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            return cause.getMessage() != null ? cause.getMessage() : cause.getClass().getSimpleName();
        }
    }
}
