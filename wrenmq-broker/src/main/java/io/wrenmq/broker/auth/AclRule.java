package io.wrenmq.broker.auth;

import java.util.List;

/**
 * One parsed ACL rule: allow or deny, who (a condition), which actions, which topics (empty = every topic).
 *
 * @param source where the rule was written ("etc/acl.conf:12"), for logs; "" when built in code
 */
public record AclRule(boolean allow, AclCondition who, boolean publish, boolean subscribe, List<AclTopic> topics,
        String source) {

    public AclRule {
        topics = List.copyOf(topics);
    }

    /** Whether this rule applies to {@code action} on {@code topic} by {@code client}. */
    public boolean matches(ClientIdentity client, AclAction action, String topic) {
        if (action == AclAction.PUBLISH ? !publish : !subscribe) {
            return false;
        }
        if (!who.matches(client)) {
            return false;
        }
        if (topics.isEmpty()) {
            return true;
        }
        for (int i = 0; i < topics.size(); i++) {
            if (topics.get(i).matches(client, topic)) {
                return true;
            }
        }
        return false;
    }
}
