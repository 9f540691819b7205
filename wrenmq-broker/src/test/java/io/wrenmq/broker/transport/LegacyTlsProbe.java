package io.wrenmq.broker.transport;

import io.wrenmq.broker.BrokerConfig;
import io.wrenmq.broker.WrenBroker;
import io.wrenmq.broker.listener.ListenerConfig;
import io.wrenmq.broker.listener.TlsConfig;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;

/**
 * Run by {@link LegacyTlsRefusedTest} in its own JVM whose security properties re-enable TLS 1.0 and 1.1
 * (the JDK disables them by default, which would hide whether the broker itself refuses them). First a
 * control: a plain JDK TLS server that allows TLS 1.1 accepts a TLS 1.1 client, so this JVM can speak it.
 * Then the broker with its default versions must refuse TLSv1 and TLSv1.1 clients and accept TLSv1.2.
 * Prints one line per check; exits 0 when every check holds.
 */
public final class LegacyTlsProbe {
    private LegacyTlsProbe() {
    }

    public static void main(String[] args) throws Exception {
        TestPki pki = TestPki.create(Path.of(args[0]));
        boolean ok = control(pki);
        TlsConfig tls = TlsConfig.of(pki.file("server-pkcs8.key"), pki.file("server.crt"));
        try (WrenBroker broker = new WrenBroker(new BrokerConfig().eventLoopThreads(1)
                .listeners(List.of(ListenerConfig.ssl("127.0.0.1", 0, tls))))) {
            broker.start();
            ok &= expect(pki, broker.port(), "TLSv1", false);
            ok &= expect(pki, broker.port(), "TLSv1.1", false);
            ok &= expect(pki, broker.port(), "TLSv1.2", true);
        }
        System.exit(ok ? 0 : 1);
    }

    private static boolean control(TestPki pki) throws Exception {
        SSLContext server = SSLContext.getInstance("TLS");
        server.init(TestPki.keyManagers(pki.server).getKeyManagers(), null, new SecureRandom());
        try (SSLServerSocket ss = (SSLServerSocket) server.getServerSocketFactory().createServerSocket(0, 1,
                java.net.InetAddress.getLoopbackAddress())) {
            ss.setEnabledProtocols(new String[] {"TLSv1.1"});
            CompletableFuture<Void> accepted = CompletableFuture.runAsync(() -> {
                try (SSLSocket s = (SSLSocket) ss.accept()) {
                    s.setSoTimeout(5000);
                    s.startHandshake();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            boolean handshaken = handshake(pki, ss.getLocalPort(), "TLSv1.1");
            accepted.get(10, TimeUnit.SECONDS);
            System.out.println("control TLSv1.1 with a JDK server: " + (handshaken ? "accepted" : "REFUSED"));
            return handshaken;
        }
    }

    private static boolean expect(TestPki pki, int port, String version, boolean accepted) throws Exception {
        boolean handshaken = handshake(pki, port, version);
        System.out.println("broker " + version + ": " + (handshaken ? "accepted" : "refused"));
        return handshaken == accepted;
    }

    private static boolean handshake(TestPki pki, int port, String version) throws Exception {
        SSLContext ctx = TestPki.clientContext(pki.ca, null);
        try (SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket()) {
            s.setEnabledProtocols(new String[] {version});
            s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            s.setSoTimeout(5000);
            s.startHandshake();
            return version.equals(s.getSession().getProtocol());
        } catch (javax.net.ssl.SSLException | java.net.SocketException e) {
            return false;
        }
    }
}
