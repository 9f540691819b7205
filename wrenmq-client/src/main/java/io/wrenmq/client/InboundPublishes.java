package io.wrenmq.client;

import io.netty.buffer.ByteBufUtil;
import io.wrenmq.codec.Properties;
import io.wrenmq.codec.PropertyId;
import io.wrenmq.codec.PubAck;
import io.wrenmq.codec.PubComp;
import io.wrenmq.codec.PubRec;
import io.wrenmq.codec.PubRel;
import io.wrenmq.codec.Publish;
import io.wrenmq.codec.ReasonCode;
import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * PUBLISHes from the server: topic alias resolution, delivery to the application and the QoS 1/2
 * acknowledgements. QoS 2 follows the spec's "method B" (section 4.3.3): deliver on the first PUBLISH,
 * remember its packet id until PUBREL, and do not deliver a PUBLISH with a remembered id again
 * [MQTT-4.3.3-9] - exactly once to the application, even across a resumed session. Event-loop confined.
 *
 * <p>With an asynchronous listener ({@link #onMessageAsync}) the PUBACK or PUBREC of a message leaves when the stage
 * the listener returned completes, and in the order the PUBLISHes arrived [MQTT-4.6.0-2]: an acknowledgement whose
 * stage is done waits for the ones before it.
 *
 * <p>Ownership: every PUBLISH handed to {@link #onPublish} is released here, whatever happens; the
 * application gets a private copy of the payload ({@link ReceivedMessage}), or, with a {@link PayloadListener},
 * the payload slice itself for the duration of the callback.
 */
final class InboundPublishes {
    private static final Logger LOG = LoggerFactory.getLogger(InboundPublishes.class);

    private final int receiveMaximum;
    private final Set<Integer> qos2AwaitingRelease = new HashSet<>();
    private volatile Consumer<ReceivedMessage> listener = m -> { };
    /** When set, takes the place of {@link #listener}: no payload copy, no ReceivedMessage. */
    private volatile PayloadListener payloadListener;
    /** When set, takes the place of both: the acknowledgement waits for the stage it returns. */
    private volatile Function<ReceivedMessage, CompletionStage<?>> asyncListener;
    /** Acknowledgements not sent yet, in arrival order (only with {@link #asyncListener}). */
    private final ArrayDeque<PendingAck> pendingAcks = new ArrayDeque<>();

    /** A PUBACK (QoS 1) or PUBREC (QoS 2) waiting for its message's stage and for the ones before it. */
    private static final class PendingAck {
        final Connection connection;
        final int packetId;
        final int qos;
        boolean done;

        PendingAck(Connection connection, int packetId, int qos) {
            this.connection = connection;
            this.packetId = packetId;
            this.qos = qos;
        }
    }

    InboundPublishes(int receiveMaximum) {
        this.receiveMaximum = receiveMaximum;
    }

    void onMessage(Consumer<ReceivedMessage> listener) {
        this.listener = listener;
        this.payloadListener = null;
        this.asyncListener = null;
    }

    void onPayload(PayloadListener listener) {
        this.payloadListener = listener;
        this.asyncListener = null;
    }

    void onMessageAsync(Function<ReceivedMessage, CompletionStage<?>> listener) {
        this.asyncListener = listener;
        this.payloadListener = null;
    }

    void onPublish(Connection c, Publish p) {
        try {
            String topic = resolveTopic(c, p);
            if (topic == null) {
                return;
            }
            switch (p.qos()) {
                case 0:
                    deliver(topic, p);
                    break;
                case 1:
                    acknowledge(c, p, deliver(topic, p)); // after delivery: at least once [MQTT-4.3.2-4]
                    break;
                default:
                    if (qos2AwaitingRelease.add(p.packetId())) {
                        if (qos2AwaitingRelease.size() > receiveMaximum) {
                            // [MQTT-3.3.4-9]: more unacknowledged QoS 2 than our Receive Maximum.
                            c.protocolError(ReasonCode.RECEIVE_MAXIMUM_EXCEEDED, "more than " + receiveMaximum
                                    + " QoS 2 messages in flight");
                            return;
                        }
                        acknowledge(c, p, deliver(topic, p));
                    } else {
                        LOG.debug("QoS 2 PUBLISH {} seen before PUBREL: acknowledged, not delivered again",
                                p.packetId());
                        acknowledge(c, p, null);
                    }
            }
        } finally {
            p.release();
        }
    }

    void onPubRel(Connection c, PubRel rel) {
        boolean known = qos2AwaitingRelease.remove(rel.packetId());
        ReasonCode code = known || !c.version().isV5() ? ReasonCode.SUCCESS : ReasonCode.PACKET_IDENTIFIER_NOT_FOUND;
        c.send(new PubComp(rel.packetId(), code, Properties.EMPTY)); // [MQTT-4.3.3-11]
    }

    /** A new session: the server will not resend the QoS 2 messages we remember. */
    void clearSession() {
        qos2AwaitingRelease.clear();
    }

    /**
     * Sends the PUBACK/PUBREC of {@code p} now ({@code handled} null) or when {@code handled} completes, after every
     * acknowledgement before it. Runs on the event loop; so does the completion (posted back to it).
     */
    private void acknowledge(Connection c, Publish p, CompletionStage<?> handled) {
        if (handled instanceof CompletableFuture<?> f && f.isDone() && !f.isCompletedExceptionally()) {
            handled = null; // handled already (e.g. nothing to store): no detour through the loop's task queue
        }
        if (handled == null && pendingAcks.isEmpty()) {
            send(c, p.packetId(), p.qos());
            return;
        }
        PendingAck ack = new PendingAck(c, p.packetId(), p.qos());
        pendingAcks.addLast(ack);
        if (handled == null) {
            ack.done = true;
            return;
        }
        handled.whenComplete((v, e) -> {
            if (e != null) {
                // As with a failing callback, the message counts as handled: holding its id would stall the session.
                LOG.warn("The asynchronous handling of PUBLISH {} failed; acknowledged anyway", ack.packetId, e);
            }
            c.channel().eventLoop().execute(() -> {
                ack.done = true;
                sendReadyAcks();
            });
        });
    }

    private void sendReadyAcks() {
        PendingAck head;
        while ((head = pendingAcks.peekFirst()) != null && head.done) {
            pendingAcks.pollFirst();
            if (head.connection.isConnected()) {
                send(head.connection, head.packetId, head.qos);
            } // else: that connection is gone; the server sends the message again on a resumed session
        }
    }

    private static void send(Connection c, int packetId, int qos) {
        if (qos == 1) {
            c.send(new PubAck(packetId));
        } else {
            c.send(new PubRec(packetId, ReasonCode.SUCCESS, Properties.EMPTY));
        }
    }

    /** The topic of a PUBLISH, resolving a Topic Alias; null after a protocol error closed the connection. */
    private static String resolveTopic(Connection c, Publish p) {
        Properties props = p.properties();
        if (!props.has(PropertyId.TOPIC_ALIAS)) {
            return p.topic();
        }
        int alias = props.getInt(PropertyId.TOPIC_ALIAS, 0);
        if (!c.inboundAliases.isValid(alias)) {
            c.protocolError(ReasonCode.TOPIC_ALIAS_INVALID, "Topic Alias " + alias
                    + " above our Topic Alias Maximum [MQTT-3.3.2-10]");
            return null;
        }
        if (!p.topic().isEmpty()) {
            c.inboundAliases.define(alias, p.topic());
            return p.topic();
        }
        String topic = c.inboundAliases.resolve(alias);
        if (topic == null) {
            c.protocolError(ReasonCode.PROTOCOL_ERROR, "Topic Alias " + alias + " used before it was defined "
                    + "(section 3.3.2.3.4)");
        }
        return topic;
    }

    /** Hands the message to the application; returns the stage of an asynchronous listener, else null. */
    private CompletionStage<?> deliver(String topic, Publish p) {
        PayloadListener raw = payloadListener;
        if (raw != null) {
            try {
                raw.onPayload(topic, p.payload(), p.qos(), p.retained(), p.dup());
            } catch (RuntimeException e) {
                LOG.warn("The payload callback failed on a message to {}", topic, e);
            }
            return null;
        }
        Properties props = p.properties().has(PropertyId.TOPIC_ALIAS)
                ? p.properties().without(PropertyId.TOPIC_ALIAS) : p.properties();
        ReceivedMessage m = new ReceivedMessage(topic, ByteBufUtil.getBytes(p.payload()), p.qos(), p.retained(),
                p.dup(), props, props.subscriptionIdentifiers());
        Function<ReceivedMessage, CompletionStage<?>> async = asyncListener;
        try {
            if (async != null) {
                return async.apply(m);
            }
            listener.accept(m);
        } catch (RuntimeException e) {
            // The message counts as delivered: a failing callback must not stall the session with unacked ids.
            LOG.warn("The message callback failed on a message to {}", topic, e);
        }
        return null;
    }
}
