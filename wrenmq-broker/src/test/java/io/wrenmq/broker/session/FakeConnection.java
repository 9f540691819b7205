package io.wrenmq.broker.session;

import io.wrenmq.broker.auth.ClientIdentity;
import io.wrenmq.broker.message.Message;
import io.wrenmq.codec.MqttVersion;
import io.wrenmq.codec.ReasonCode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** A {@link SessionConnection} without a network: it records what the session sends and how it was closed. */
final class FakeConnection implements SessionConnection {
    /** One PUBLISH as the session asked for it (the payload is read at once: the session releases it later). */
    record Sent(String topic, String payload, int qos, int packetId, boolean dup) {
    }

    final List<Sent> published = new ArrayList<>();
    final List<Integer> pubrels = new ArrayList<>();
    final List<String> closes = new ArrayList<>();
    int congestedCalls;
    int takenOver;
    boolean writable = true;
    /** A PUBLISH to this topic "exceeds the client's Maximum Packet Size" and is refused. */
    String tooLargeTopic;
    private final ClientIdentity identity;
    private final int receiveMaximum;
    private final MqttVersion version;

    FakeConnection(ClientIdentity identity, int receiveMaximum, MqttVersion version) {
        this.identity = identity;
        this.receiveMaximum = receiveMaximum;
        this.version = version;
    }

    FakeConnection(String clientId, int receiveMaximum) {
        this(ClientIdentity.ofClientId(clientId), receiveMaximum, MqttVersion.V5);
    }

    @Override
    public MqttVersion version() {
        return version;
    }

    @Override
    public boolean sendPublish(Message m, int qos, boolean retain, int packetId, boolean dup, int[] subscriptionIds) {
        if (m.topic().equals(tooLargeTopic)) {
            return false;
        }
        published.add(new Sent(m.topic(), m.payload().toString(StandardCharsets.UTF_8), qos, packetId,
                dup));
        return true;
    }

    @Override
    public void sendPubRel(int packetId) {
        pubrels.add(packetId);
    }

    @Override
    public int receiveMaximum() {
        return receiveMaximum;
    }

    @Override
    public boolean isWritable() {
        return writable;
    }

    @Override
    public void queueCongested() {
        congestedCalls++;
    }

    @Override
    public void closeForTakeover() {
        takenOver++;
    }

    @Override
    public String remoteAddress() {
        return "fake";
    }

    @Override
    public ClientIdentity identity() {
        return identity;
    }

    @Override
    public ConnectionDetails details() {
        return new ConnectionDetails("MQTT", version.level(), 60, false, 0, "fake", 0, "fake");
    }

    @Override
    public void close(ReasonCode reason, String why) {
        closes.add(reason.name() + ": " + why);
    }

    List<String> topics() {
        return published.stream().map(Sent::topic).toList();
    }

    List<Integer> packetIds() {
        return published.stream().map(Sent::packetId).toList();
    }
}
