package io.wrenmq.codec;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBufUtil;

/** Field-by-field packet equality (records compare byte[] by identity, so CONNECT/Will need care). */
final class PacketAssertions {
    private PacketAssertions() {
    }

    static void assertSamePacket(MqttPacket expected, Object actual, String context) {
        assertThat(actual).as(context + ": decoded object").isInstanceOf(expected.getClass());
        if (expected instanceof Connect) {
            Connect e = (Connect) expected;
            Connect a = (Connect) actual;
            assertThat(a.version()).as(context).isEqualTo(e.version());
            assertThat(a.cleanStart()).as(context).isEqualTo(e.cleanStart());
            assertThat(a.keepAlive()).as(context).isEqualTo(e.keepAlive());
            assertThat(a.clientId()).as(context).isEqualTo(e.clientId());
            assertThat(a.username()).as(context).isEqualTo(e.username());
            assertThat(a.password()).as(context).isEqualTo(e.password());
            assertThat(a.properties()).as(context).isEqualTo(e.properties());
            if (e.will() == null) {
                assertThat(a.will()).as(context).isNull();
            } else {
                assertThat(a.will()).as(context).isNotNull();
                assertThat(a.will().topic()).as(context).isEqualTo(e.will().topic());
                assertThat(a.will().qos()).as(context).isEqualTo(e.will().qos());
                assertThat(a.will().retain()).as(context).isEqualTo(e.will().retain());
                assertThat(a.will().payload()).as(context).isEqualTo(e.will().payload());
                assertThat(a.will().properties()).as(context).isEqualTo(e.will().properties());
            }
        } else if (expected instanceof Publish) {
            Publish e = (Publish) expected;
            Publish a = (Publish) actual;
            assertThat(a.dup()).as(context).isEqualTo(e.dup());
            assertThat(a.qos()).as(context).isEqualTo(e.qos());
            assertThat(a.retained()).as(context).isEqualTo(e.retained());
            assertThat(a.topic()).as(context).isEqualTo(e.topic());
            assertThat(a.packetId()).as(context).isEqualTo(e.packetId());
            assertThat(a.properties()).as(context).isEqualTo(e.properties());
            assertThat(ByteBufUtil.equals(a.payload(), e.payload())).as(context + ": payload bytes").isTrue();
        } else {
            assertThat(actual).as(context).isEqualTo(expected);
        }
    }
}
