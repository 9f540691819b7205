package io.wrenmq.tools;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * `wrenmq sub` against a real broker; `wrenmq pub` (PubCommandTest) publishes. A background sub runs with -d
 * and the test waits for its "Subscribed to" line before publishing: that line is printed after the SUBACK.
 */
@Timeout(30)
class SubCommandTest {
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

    private ClientCli.Running sub(String... extra) {
        return ClientCli.start(dir, args("sub", "-d", extra)).awaitSubscribed();
    }

    private CliRun pub(String... extra) {
        CliRun r = ClientCli.run(dir, args("pub", "-q", extra));
        assertThat(r.code()).as(r.err()).isZero();
        return r;
    }

    private String[] args(String command, String first, String... extra) {
        String[] args = new String[extra.length + 4];
        args[0] = command;
        args[1] = "-p";
        args[2] = broker.port();
        args[3] = first;
        System.arraycopy(extra, 0, args, 4, extra.length);
        return args;
    }

    @Test
    void verboseAndCountPrintTopicAndPayloadThenExit() throws Exception {
        ClientCli.Running sub = sub("-t", "a/+", "-t", "b/#", "-v", "-C", "2");
        pub("1", "-t", "a/x", "-m", "first");
        pub("1", "-t", "b/y/z", "-m", "second");
        CliRun r = sub.result();
        assertThat(r.code()).isZero();
        assertThat(r.out()).isEqualTo("a/x first\nb/y/z second\n");
        assertThat(r.err()).contains("Subscribed to 'a/+' (granted QoS 0)").contains("Disconnected");
    }

    @Test
    void timeoutEndsAQuietSubscription() throws Exception {
        CliRun quiet = ClientCli.run(dir, "sub", "-p", broker.port(), "-t", "nothing", "-W", "1");
        assertThat(quiet.code()).isZero();
        assertThat(quiet.out()).isEmpty();

        ClientCli.Running sub = sub("-t", "some", "-C", "2", "-W", "1");
        pub("0", "-t", "some", "-m", "only one");
        CliRun r = sub.result();
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.out()).isEqualTo("only one\n");
        assertThat(r.err()).contains("Timed out after 1 s: received 1 of 2 messages");
    }

    @Test
    void formatsJsonTemplatesAndNoNewline() throws Exception {
        Files.write(dir.resolve("bin"), new byte[] {(byte) 0xC3, 0x28}); // not UTF-8
        ClientCli.Running json = sub("-t", "f/#", "--format", "json", "-C", "3", "-q", "1");
        ClientCli.Running template = sub("-t", "f/#", "-F", "%t|%p|%q|%r|%l|%x\\t%%", "-C", "3");
        ClientCli.Running raw = sub("-t", "f/#", "-N", "-C", "3");
        pub("1", "-t", "f/text", "-m", "say \"hi\"\n", "-r");
        pub("1", "-t", "f/bin", "-f", "bin");
        pub("0", "-t", "f/text", "-m", "plain");

        assertThat(json.result().out()).isEqualTo(
                "{\"topic\":\"f/text\",\"payload\":\"say \\\"hi\\\"\\n\",\"qos\":1,\"retain\":false,\"properties\":{}}\n"
                + "{\"topic\":\"f/bin\",\"payload\":\"wyg=\",\"payload_encoding\":\"base64\",\"qos\":1,\"retain\":false,"
                + "\"properties\":{}}\n"
                + "{\"topic\":\"f/text\",\"payload\":\"plain\",\"qos\":0,\"retain\":false,\"properties\":{}}\n");
        assertThat(template.result().out()).isEqualTo(
                "f/text|say \"hi\"\n|0|0|9|73617920226869220a\t%\n" + "f/bin|\uFFFD(|0|0|2|c328\t%\n"
                        + "f/text|plain|0|0|5|706c61696e\t%\n");
        assertThat(raw.result().out()).isEqualTo("say \"hi\"\n\uFFFD(plain");
    }

    @Test
    void jsonShowsV5PropertiesAndSubscriptionIdentifier() throws Exception {
        ClientCli.Running sub = sub("-t", "p/#", "--format", "json", "-C", "1",
                "-D", "subscribe", "subscription-identifier", "7", "-D", "k=sub-side");
        pub("1", "-t", "p/1", "-m", "v", "-D", "a=1", "-D", "a=2", "-D", "publish", "response-topic", "p/reply",
                "-D", "publish", "correlation-data", "req-1", "-D", "publish", "payload-format-indicator", "1");
        assertThat(sub.result().out().trim()).isEqualTo("{\"topic\":\"p/1\",\"payload\":\"v\",\"qos\":0,"
                + "\"retain\":false,\"properties\":{\"payload_format_indicator\":1,\"response_topic\":\"p/reply\","
                + "\"correlation_data\":\"req-1\",\"subscription_identifiers\":[7],\"user_properties\":{\"a\":[\"1\",\"2\"]}}}");
    }

    @Test
    void staleRetainedMessagesCanBeSkippedOrSelected() throws Exception {
        pub("1", "-t", "s/old", "-m", "retained", "-r");
        ClientCli.Running fresh = sub("-t", "s/#", "-R", "-C", "1");
        ClientCli.Running onlyRetained = sub("-t", "s/#", "--retained-only", "-v");
        pub("1", "-t", "s/new", "-m", "live");
        assertThat(fresh.result().out()).isEqualTo("live\n");
        CliRun r = onlyRetained.result();
        assertThat(r.code()).isZero();
        assertThat(r.out()).isEqualTo("s/old retained\n"); // and it ended at the live message
    }

    @Test
    void filterOutHidesMatchingTopics() throws Exception {
        ClientCli.Running sub = sub("-t", "h/#", "-T", "h/noise/#", "-T", "h/+/debug", "-v", "-C", "1");
        pub("0", "-t", "h/noise/a", "-m", "x");
        pub("0", "-t", "h/svc/debug", "-m", "x");
        pub("0", "-t", "h/svc/info", "-m", "shown");
        assertThat(sub.result().out()).isEqualTo("h/svc/info shown\n");
    }

    @ParameterizedTest(name = "-V {0}")
    @ValueSource(strings = {"31", "311", "5"})
    void persistentSessionGetsMessagesQueuedWhileAway(String version) throws Exception {
        String id = "persist-" + version;
        CliRun create = ClientCli.run(dir, "sub", "-p", broker.port(), "-V", version, "-c", "-i", id, "-q", "1",
                "-t", "q/#", "-E");
        assertThat(create.code()).as(create.err()).isZero();
        pub("1", "-t", "q/1", "-m", "while away 1");
        pub("2", "-t", "q/2", "-m", "while away 2");
        CliRun resume = ClientCli.run(dir, "sub", "-p", broker.port(), "-V", version, "-c", "-i", id, "-q", "1",
                "-t", "q/#", "-C", "2", "-W", "10", "-v", "-d");
        assertThat(resume.code()).as(resume.err()).isZero();
        if (!version.equals("31")) { // MQTT 3.1's CONNACK has no Session Present flag
            assertThat(resume.err()).contains("session present: true");
        }
        assertThat(resume.out()).isEqualTo("q/1 while away 1\nq/2 while away 2\n");
    }

    @ParameterizedTest(name = "-V {0}")
    @ValueSource(strings = {"311", "5"})
    void willIsPublishedWhenTheConnectionEndsAbnormally(String version) throws Exception {
        ClientCli.Running watcher = sub("-t", "will/#", "-v", "-C", "1");
        ClientCli.Running willer = sub("-V", version, "-i", "willer-" + version, "-t", "other",
                "--will-topic", "will/" + version, "--will-payload", "gone", "--will-qos", "1", "--will-retain");
        // A second connection with the same client id takes the session over; the first connection ends
        // without DISCONNECT, which publishes its Will [MQTT-3.1.2-8].
        CliRun takeover = ClientCli.run(dir, "sub", "-p", broker.port(), "-V", version, "-i", "willer-" + version,
                "-t", "other", "-E");
        assertThat(takeover.code()).as(takeover.err()).isZero();
        assertThat(watcher.result().out()).isEqualTo("will/" + version + " gone\n");
        CliRun lost = willer.result();
        assertThat(lost.code()).isEqualTo(1);
        assertThat(lost.err()).contains("Connection lost: ")
                .contains(version.equals("5") ? "Session taken over (0x8E)" : "Connection closed by the server");
        // --will-retain: a later subscriber still gets it.
        CliRun late = ClientCli.run(dir, "sub", "-p", broker.port(), "-t", "will/" + version, "-C", "1", "-W", "10",
                "-F", "%p %r");
        assertThat(late.out()).isEqualTo("gone 1\n");
    }

    @Test
    void gracefulEndOnCtrlCSendsDisconnectSoNoWill() throws Exception {
        ClientCli.Running watcher = sub("-t", "w/#", "-v");
        ClientCli.Running sub = sub("-t", "x", "--will-topic", "w/ctrl-c", "--will-payload", "should not appear");
        sub.interrupt();
        CliRun r = sub.result();
        assertThat(r.code()).isZero();
        assertThat(r.err()).contains("Disconnected");
        // A message published after the ended sub's DISCONNECT was processed arrives after any Will would have.
        pub("0", "-t", "w/marker", "-m", "end");
        watcher.awaitOut("w/marker end");
        watcher.interrupt();
        assertThat(watcher.result().out()).isEqualTo("w/marker end\n");
    }

    @Test
    void refusedSubscriptionNamesFilterAndReason() {
        try (TestBroker noWildcards = new TestBroker(c -> c.wildcardSubscriptionAvailable(false))) {
            CliRun r = ClientCli.run(dir, "sub", "-p", noWildcards.port(), "-t", "ok", "-t", "x/#", "-C", "1");
            assertThat(r.code()).isEqualTo(1);
            assertThat(r.err()).isEqualTo("Subscription to 'x/#' refused: Wildcard Subscriptions not supported (0xA2)\n");
        }
    }

    @Test
    void refusedPortIsOneLine() {
        CliRun r = ClientCli.run(dir, "sub", "-p", "1", "-t", "t", "-V", "311");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("Connection refused: 127.0.0.1:1 (is WrenMQ running?)\n");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "-v|Missing topic filter",
            "-t a/#/b|Invalid topic filter 'a/#/b'",
            "-t a+|Invalid topic filter 'a+'",
            "-t $share/g|Invalid topic filter '$share/g': shared subscription needs a topic filter after the share name [MQTT-4.8.2-2]",
            "-t t -F %Z|Unknown format sequence '%Z'",
            "-t t -R --retained-only|cannot be used together",
            "-t t -C 0|-C/--count must be at least 1",
            "-t t -W 0|-W/--timeout must be at least 1",
            "-t t -q 5|-q/--qos must be 0, 1 or 2",
            "-t t -E -C 2|-E exits right after subscribing",
            "-t t -D publish content-type x|`sub` sends no such packet",
            "-t t -V 311 -D k=v|-D/--property needs MQTT 5",
            "-t t -c|-c/--disable-clean-session needs a client id",
            "-t t -x forever|is not 0..4294967295",
    })
    void badFlagCombinationsAreUsageErrors(String line) {
        String[] parts = line.split("\\|");
        String[] argv = ("sub -p " + broker.port() + " " + parts[0]).split(" ");
        CliRun r = ClientCli.run(dir, argv);
        assertThat(r.code()).as(r.err()).isEqualTo(2);
        assertThat(r.err()).contains(parts[1]).doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    void helpListsTheFlags() {
        CliRun r = ClientCli.run(dir, "sub", "--help");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("-t, --topic=FILTER").contains("-C, --count=N").contains("-W, --timeout=SECONDS")
                .contains("--retained-only").contains("%t topic, %p payload").contains("-V, --protocol-version");
    }
}
