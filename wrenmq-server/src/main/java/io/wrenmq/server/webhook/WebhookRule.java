package io.wrenmq.server.webhook;

import io.wrenmq.codec.TopicSyntax;

import io.wrenmq.broker.hook.EventType;

/**
 * One entry of {@code webhook.events}: an event, and for the message events (publish, delivered, acked) an
 * optional topic filter the message's topic must match.
 *
 * @param topic null = every topic
 */
public record WebhookRule(EventType event, String topic) {

    public boolean matches(EventType type, String messageTopic) {
        if (type != event) {
            return false;
        }
        return topic == null || messageTopic == null || TopicSyntax.matches(topic, messageTopic);
    }
}
