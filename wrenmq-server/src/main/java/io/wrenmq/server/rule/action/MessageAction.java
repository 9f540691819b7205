package io.wrenmq.server.rule.action;

import io.wrenmq.codec.TopicSyntax;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The actions that turn each row into an MQTT message: {@code repub} (to this broker, or to another over an MQTT
 * connection) and {@code bridge} (to a bridge's remote broker). The topic and the payload are templates with
 * {@code ${field}} placeholders (the payload without one is the row as JSON, as NanoMQ's repub sends it). A batch is
 * published at once and waits for every acknowledgement; a target that is not reachable (no connection yet, the link
 * down, a timeout) fails the batch for a retry with backoff, so nothing that fitted in the queue is lost; a row whose
 * topic comes out invalid (empty, a wildcard from a field) or that the target refuses (an error reason code) fails
 * alone.
 */
public final class MessageAction {
    /** How long one batch waits for its acknowledgements before it is retried. */
    private static final long ACK_TIMEOUT_SECONDS = 10;

    /** Publishes one message; completes when it is safe at the target, or exceptionally. */
    @FunctionalInterface
    public interface Target extends AutoCloseable {
        /**
         * @throws Unreachable when the target cannot take messages now (retried later)
         */
        CompletableFuture<Void> publish(String topic, byte[] payload, int qos, boolean retain) throws Unreachable;

        /** Releases what the target holds (a connection of its own); called when the action closes. */
        @Override
        default void close() {
        }
    }

    /** The target cannot take messages now; the batch is retried with backoff. */
    public static final class Unreachable extends Exception {
        private static final long serialVersionUID = 1L;

        public Unreachable(String message) {
            super(message, null, false, false);
        }
    }

    /** The target refused a message for good (an error reason code, an invalid topic): the row fails. */
    public static final class Refused extends Exception {
        private static final long serialVersionUID = 1L;

        public Refused(String message) {
            super(message, null, false, false);
        }
    }

    private MessageAction() {
    }

    /**
     * @param topic   the topic template, e.g. "alerts/${clientid}"
     * @param payload the payload template; null or empty: the row as a JSON object
     */
    public static RuleAction create(String name, String topic, String payload, int qos, boolean retain, Target target,
            BatchSettings settings) {
        checkTemplates(topic, payload);
        if (qos < 0 || qos > 2) {
            throw new InvalidActionConfig("qos", "must be 0, 1 or 2, got " + qos, "e.g. 1");
        }
        return new BatchingAction(name, settings, new Writer(BodyTemplate.parse(topic), BodyTemplate.parse(payload),
                qos, retain, target));
    }

    /**
     * Refuses templates that can never give a message: a topic that is empty or has wildcards written in it (a field
     * may still bring one: that row then fails alone), a placeholder without its closing brace.
     *
     * @throws InvalidActionConfig naming "topic" or "payload"
     */
    public static void checkTemplates(String topic, String payload) {
        checkTopicTemplate(topic);
        try {
            BodyTemplate.parse(payload);
        } catch (InvalidActionConfig bad) {
            throw new InvalidActionConfig("payload", bad.reason(), bad.hint());
        }
    }

    private static void checkTopicTemplate(String topic) {
        if (topic == null || topic.isEmpty()) {
            throw new InvalidActionConfig("topic", "is missing", "the topic to publish to, e.g. \"alerts/${clientid}\"");
        }
        String literal = topic.replaceAll("\\$\\{[^}]*}", "x");
        String reason = TopicSyntax.invalidNameReason(literal);
        if (reason != null) {
            throw new InvalidActionConfig("topic", "'" + topic + "' is not a topic name: " + reason,
                    "e.g. \"alerts/${clientid}\"");
        }
        try {
            BodyTemplate.parse(topic);
        } catch (InvalidActionConfig bad) {
            throw new InvalidActionConfig("topic", bad.reason(), "e.g. \"alerts/${clientid}\"");
        }
    }

    private static final class Writer implements BatchWriter {
        private final BodyTemplate topic;
        private final BodyTemplate payload;
        private final int qos;
        private final boolean retain;
        private final Target target;

        Writer(BodyTemplate topic, BodyTemplate payload, int qos, boolean retain, Target target) {
            this.topic = topic;
            this.payload = payload;
            this.qos = qos;
            this.retain = retain;
            this.target = target;
        }

        @Override
        public int write(List<Map<String, Object>> rows) throws Exception {
            List<CompletableFuture<Void>> sent = new ArrayList<>(rows.size());
            for (Map<String, Object> row : rows) {
                String t = topic.render(row);
                String reason = TopicSyntax.invalidNameReason(t);
                if (reason != null) {
                    // Refused: the batch is then written row by row, so only this row fails.
                    throw new Refused("the topic '" + t + "' is not a topic name: " + reason);
                }
                sent.add(target.publish(t, payload.render(row).getBytes(StandardCharsets.UTF_8), qos, retain));
            }
            try {
                CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).get(ACK_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            } catch (TimeoutException e) {
                throw new Unreachable("no acknowledgement within " + ACK_TIMEOUT_SECONDS + " s");
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                throw cause instanceof Exception ex ? ex : e;
            }
            return 0;
        }

        @Override
        public boolean isTransient(Exception failure) {
            return !(failure instanceof Refused);
        }

        @Override
        public void close() {
            target.close();
        }
    }
}
