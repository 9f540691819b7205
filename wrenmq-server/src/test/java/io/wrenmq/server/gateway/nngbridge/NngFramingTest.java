package io.wrenmq.server.gateway.nngbridge;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** NanoMQ's NNG bridge framing (docs bridges/nng-bridge.md, its examples verbatim). */
class NngFramingTest {
    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String s(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    @Test
    void mqttToNngIsRemoteTopicDelimiterPayload() {
        assertThat(s(NngFraming.toNng(new NngRoute("mqtt/local/#", "nng/remote", ":", 1), "mqtt/local/a", b("hi"))))
                .isEqualTo("nng/remote:hi");
        // An empty remote_topic is the local topic; for a wildcard filter, the message's topic.
        assertThat(s(NngFraming.toNng(new NngRoute("ekuiper/", "", "/", 0), "ekuiper/", b("x")))).isEqualTo("ekuiper//x");
        assertThat(s(NngFraming.toNng(new NngRoute("plant/+", "", "/", 0), "plant/7", b("x")))).isEqualTo("plant/7/x");
    }

    @Test
    void slashDelimiterTopicIsRemoteTopicAndThePayloadTheRest() {
        NngFraming.Inbound in = NngFraming.fromNng(List.of(new NngRoute("", "nng/pub", "/", 1)), b("nng/pub/123/hello"));
        assertThat(in.topic()).isEqualTo("nng/pub");
        assertThat(s(in.payload())).isEqualTo("123/hello");
        assertThat(in.qos()).isEqualTo(1);
    }

    @Test
    void otherDelimiterTopicRunsToTheDelimiter() {
        NngFraming.Inbound in = NngFraming.fromNng(List.of(new NngRoute("", "nng/pub", ":", 0)), b("nng/pub/123/1234:payload"));
        assertThat(in.topic()).isEqualTo("nng/pub/123/1234");
        assertThat(s(in.payload())).isEqualTo("payload");
        NngFraming.Inbound local = NngFraming.fromNng(List.of(new NngRoute("local/ekuiper", "ekuiper", ":", 2)), b("ekuiper:{\"t\":1}"));
        assertThat(local.topic()).isEqualTo("local/ekuiper");
        assertThat(s(local.payload())).isEqualTo("{\"t\":1}");
    }

    @Test
    void theFirstMatchingEntryWinsAndNonMatchingMessagesAreRefused() {
        List<NngRoute> subs = List.of(new NngRoute("a", "x", ":", 0), new NngRoute("b", "x", "/", 0));
        assertThat(NngFraming.fromNng(subs, b("x/no colon")).topic()).isEqualTo("b");
        assertThat(NngFraming.fromNng(subs, b("x:1")).topic()).isEqualTo("a");
        assertThat(NngFraming.fromNng(subs, b("y/1")).refusal()).contains("no subscription entry matches");
        assertThat(NngFraming.fromNng(subs, b("xz")).refusal()).isNotNull();
        // A topic taken from the message must be a valid MQTT topic name.
        assertThat(NngFraming.fromNng(List.of(new NngRoute("", "s", ":", 0)), b("s/+/x:1")).refusal()).contains("no MQTT topic name");
    }
}
