package io.wrenmq.benchlauncher;

import com.hivemq.embedded.EmbeddedExtension;
import com.hivemq.embedded.EmbeddedHiveMQ;
import com.hivemq.extension.sdk.api.ExtensionMain;
import com.hivemq.extension.sdk.api.auth.SimpleAuthenticator;
import com.hivemq.extension.sdk.api.parameter.ExtensionStartInput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStartOutput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStopInput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStopOutput;
import com.hivemq.extension.sdk.api.services.Services;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Runs HiveMQ CE embedded for bench/compare.sh until SIGTERM.
 *
 * <p>Usage: {@code java -cp 'target/classes:target/lib/*' io.wrenmq.benchlauncher.HiveMqLauncher BASE_DIR}.
 * BASE_DIR/conf/config.xml (written by compare.sh) sets the listener and limits; data/ and extensions/ are
 * created under BASE_DIR. Logging comes from {@code -Dlogback.configurationFile} (the bootstrap that would read
 * conf/logback.xml is skipped). Prints "HIVEMQ STARTED" on stdout once the listener is up.
 *
 * <p>HiveMQ CE refuses every client when no security extension is installed; the distribution ships the
 * "allow-all" extension for that. Embedded, we register the same thing: an authenticator that accepts every
 * CONNECT (loopback-only benchmark, so nothing is exposed).
 */
public final class HiveMqLauncher {

    private HiveMqLauncher() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            System.err.println("usage: HiveMqLauncher BASE_DIR   (BASE_DIR/conf/config.xml must exist)");
            System.exit(2);
        }
        Path base = Path.of(args[0]).toAbsolutePath();
        Path conf = base.resolve("conf");
        Path data = Files.createDirectories(base.resolve("data"));
        Path extensions = Files.createDirectories(base.resolve("extensions"));
        if (!Files.isRegularFile(conf.resolve("config.xml"))) {
            System.err.println("no config.xml in " + conf);
            System.exit(2);
        }

        EmbeddedExtension allowAll = EmbeddedExtension.builder()
                .withId("bench-allow-all")
                .withName("Allow all (benchmark)")
                .withVersion("1")
                .withAuthor("wrenmq bench")
                .withPriority(0)
                .withStartPriority(0)
                .withExtensionMain(new AllowAll())
                .build();

        EmbeddedHiveMQ hivemq = EmbeddedHiveMQ.builder()
                .withConfigurationFolder(conf)
                .withDataFolder(data)
                .withExtensionsFolder(extensions)
                .withEmbeddedExtension(allowAll)
                .withoutLoggingBootstrap()
                .build();

        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                hivemq.stop().get(15, TimeUnit.SECONDS);
            } catch (Exception e) {
                System.err.println("HiveMQ stop: " + e);
            } finally {
                stopped.countDown();
            }
        }, "hivemq-launcher-stop"));

        hivemq.start().get(60, TimeUnit.SECONDS);
        System.out.println("HIVEMQ STARTED");
        System.out.flush();
        stopped.await();
    }

    /** The embedded equivalent of HiveMQ's "allow-all" extension. */
    private static final class AllowAll implements ExtensionMain {
        @Override
        public void extensionStart(ExtensionStartInput input, ExtensionStartOutput output) {
            SimpleAuthenticator authenticator = (authInput, authOutput) -> authOutput.authenticateSuccessfully();
            Services.securityRegistry().setAuthenticatorProvider(providerInput -> authenticator);
        }

        @Override
        public void extensionStop(ExtensionStopInput input, ExtensionStopOutput output) {
        }
    }
}
