package io.wrenmq.tools;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** `wrenmq pub` against a real broker, with `wrenmq sub` (tested on its own in SubCommandTest) as the reader. */
@Timeout(30)
class PubCommandTest {
    @TempDir
    Path dir;
    TestBroker broker;

    @BeforeEach
    void startBroker() {
        broker = new TestBroker();
    }

    @AfterEach
    void stopBroker() {
        broker.close();
    }

    private ClientCli.Running subscriber(String... extra) {
        String[] args = new String[extra.length + 5];
        args[0] = "sub";
        args[1] = "-p";
        args[2] = broker.port();
        args[3] = "-d";
        args[4] = "-v";
        System.arraycopy(extra, 0, args, 5, extra.length);
        return ClientCli.start(dir, args).awaitSubscribed();
    }

    private CliRun pub(String stdin, String... extra) {
        String[] args = new String[extra.length + 3];
        args[0] = "pub";
        args[1] = "-p";
        args[2] = broker.port();
        System.arraycopy(extra, 0, args, 3, extra.length);
        return ClientCli.withStdin(dir, stdin, args);
    }

    @ParameterizedTest(name = "-V {0} -q {1}")
    @CsvSource({"31,0", "31,1", "31,2", "311,0", "311,1", "311,2", "5,0", "5,1", "5,2",
            "mqttv311,1", "4,1", "3,2", "mqttv5,2"})
    void publishesWithEveryVersionAndQos(String version, String qos) throws Exception {
        ClientCli.Running sub = subscriber("-V", version, "-q", "2", "-t", "v/#", "-C", "1", "--format", "%t %p %q");
        CliRun pub = pub("", "-V", version, "-q", qos, "-t", "v/" + version, "-m", "hello " + qos, "-d");
        assertThat(pub.code()).as(pub.err()).isZero();
        assertThat(pub.out()).isEmpty(); // stdout is for messages only; -d goes to stderr
        assertThat(pub.err()).contains("Connected").contains("Published 7 bytes to 'v/" + version + "' (QoS " + qos);
        CliRun r = sub.result();
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).isEqualTo("v/" + version + " hello " + qos + " " + qos + "\n");
    }

    @Test
    void retainedMessageIsKeptAndClearedWithNullMessage() throws Exception {
        assertThat(pub("", "-t", "r/1", "-m", "kept", "-r", "-q", "1").code()).isZero();
        CliRun retained = ClientCli.run(dir, "sub", "-p", broker.port(), "-t", "r/#", "-C", "1", "-W", "10", "--format", "%t %p %r");
        assertThat(retained.out()).isEqualTo("r/1 kept 1\n");

        assertThat(pub("", "-t", "r/1", "-n", "-r").code()).isZero();
        // The broker sends retained messages right after SUBACK, so a live message published after the
        // subscription is visible arrives after any retained one: --retained-only ends at it, printing nothing.
        ClientCli.Running sub = subscriber("-t", "r/#", "--retained-only");
        assertThat(pub("", "-t", "r/live", "-m", "live").code()).isZero();
        CliRun r = sub.result();
        assertThat(r.code()).isZero();
        assertThat(r.out()).isEmpty();
    }

    @Test
    void payloadFromFileStdinAndNull() throws Exception {
        Files.write(dir.resolve("payload.bin"), new byte[] {0, 1, 2, (byte) 0xFF});
        ClientCli.Running sub = subscriber("-t", "p/#", "-C", "3", "--format", "%t %l %x");
        assertThat(pub("", "-t", "p/file", "-f", "payload.bin").code()).isZero();
        assertThat(pub("all of\nstdin", "-t", "p/stdin", "-s").code()).isZero();
        assertThat(pub("", "-t", "p/null", "-n").code()).isZero();
        assertThat(sub.result().out()).isEqualTo("p/file 4 000102ff\np/stdin 12 616c6c206f660a737464696e\np/null 0 \n");
    }

    @Test
    void stdinLinesAreOneMessageEachInOrder() throws Exception {
        ClientCli.Running sub = subscriber("-t", "lines", "-q", "1", "-C", "4");
        CliRun pub = pub("one\ntwo\r\n\nfour\n", "-t", "lines", "-l", "-q", "1");
        assertThat(pub.code()).as(pub.err()).isZero();
        // An empty line is an empty message, as with mosquitto_pub -l.
        assertThat(sub.result().out()).isEqualTo("lines one\nlines two\nlines \nlines four\n");
    }

    @Test
    void repeatPublishesNTimes() throws Exception {
        ClientCli.Running sub = subscriber("-t", "rep", "-C", "3", "-q", "1");
        CliRun pub = pub("", "-t", "rep", "-m", "x", "-q", "1", "--repeat", "3", "--repeat-delay", "0.01");
        assertThat(pub.code()).as(pub.err()).isZero();
        assertThat(sub.result().out()).isEqualTo("rep x\nrep x\nrep x\n");
    }

    @Test
    void userPropertiesInBothFormsReachTheSubscriber() throws Exception {
        ClientCli.Running sub = subscriber("-t", "props", "-C", "1", "--format", "json");
        CliRun pub = pub("", "-t", "props", "-m", "21.5", "-D", "unit=C", "-D", "publish", "user-property", "site",
                "lab 1", "-D", "publish", "content-type", "text/plain", "-D", "publish", "message-expiry-interval", "600",
                "-D", "connect", "user-property", "who", "test");
        assertThat(pub.code()).as(pub.err()).isZero();
        assertThat(sub.result().out().trim())
                .startsWith("{\"topic\":\"props\",\"payload\":\"21.5\",\"qos\":0,\"retain\":false,\"properties\":{")
                .contains("\"content_type\":\"text/plain\"")
                .contains("\"message_expiry_interval\":")
                .contains("\"user_properties\":{\"unit\":\"C\",\"site\":\"lab 1\"}");
    }

    @Test
    void refusedPortIsOneLine() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        CliRun r = ClientCli.run(dir, "pub", "-p", Integer.toString(port), "-t", "t", "-m", "x");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("Connection refused: 127.0.0.1:" + port + " (is WrenMQ running?)\n");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void connackRefusalNamesTheReasonCode() {
        try (TestBroker qos0 = new TestBroker(c -> c.maxQos(0))) {
            CliRun r = ClientCli.run(dir, "pub", "-p", qos0.port(), "-t", "t", "-m", "x",
                    "--will-topic", "w", "--will-qos", "1");
            assertThat(r.code()).isEqualTo(1);
            // [MQTT-3.2.2-12]: a Will QoS above Maximum QoS is refused with 0x9B.
            // One line; the broker's Reason String, when it sends one, follows after " - ".
            assertThat(r.err()).startsWith("Connection refused by the broker: QoS not supported (0x9B)")
                    .endsWith("\n").hasLineCount(1);
        }
    }

    @Test
    void silentServerTimesOut() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            Thread acceptor = new Thread(() -> {
                try (Socket s = silent.accept()) {
                    s.getInputStream().readAllBytes(); // never answers the CONNECT
                } catch (IOException e) {
                    // closed by the test
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            CliRun r = ClientCli.run(dir, "pub", "-p", Integer.toString(silent.getLocalPort()), "-t", "t", "-m", "x",
                    "--connect-timeout", "1");
            assertThat(r.code()).isEqualTo(1);
            assertThat(r.err()).isEqualTo("Timed out after 1 s waiting for CONNACK from 127.0.0.1:"
                    + silent.getLocalPort() + "\n");
        }
    }

    @Test
    void missingFileIsOneLine() {
        CliRun r = pub("", "-t", "t", "-f", "nope.txt");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).startsWith("Cannot read '").contains("nope.txt").endsWith("': no such file\n");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "-m x|Missing topic",
            "-t t|Missing message",
            "-t t -m x -f y|mutually exclusive",
            "-t t -m x -q 3|-q/--qos must be 0, 1 or 2",
            "-t a/# -m x|must be a topic name without wildcards",
            "-t t -m x -V 6|'6' is not an MQTT version",
            "-t t -m x -V 311 -x 10|-x/--session-expiry-interval needs MQTT 5",
            "-t t -m x -V 311 -D k=v|-D/--property needs MQTT 5",
            "-t t -m x -V 311 -P secret|-P/--pw needs -u/--username",
            "-t t -m x -c|-c/--disable-clean-session needs a client id",
            "-t t -m x -i a -I b|cannot be used together",
            "-t t -m x --will-payload p|need --will-topic",
            "-t t -m x -D novalue|-D expects KEY=VALUE or COMMAND PROPERTY VALUE",
            "-t t -m x -D publish colour red|Unknown MQTT 5 property 'colour'",
            "-t t -m x -D publish topic-alias 3|cannot be set on publish",
            "-t t -m x -D publish message-expiry-interval soon|needs a number",
            "-t t -m x -D subscribe user-property a b|`pub` sends no such packet",
            "-t t -l --repeat 2|not with -l",
    })
    void badFlagCombinationsAreUsageErrors(String line) {
        String[] parts = line.split("\\|");
        String[] args = ("pub -p " + broker.port() + " " + parts[0]).split(" ");
        CliRun r = ClientCli.run(dir, args);
        assertThat(r.code()).as(r.err()).isEqualTo(2);
        assertThat(r.err()).contains(parts[1]).doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    void helpListsTheFlags() {
        CliRun r = ClientCli.run(dir, "pub", "--help");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("-h, --host=HOST").contains("-t, --topic=TOPIC").contains("-l, --stdin-line")
                .contains("--repeat-delay").contains("-D, --property").contains("--will-topic");
        assertThat(ClientCli.run(dir, "--help").out()).contains("pub").contains("sub");
    }
}
