package io.wrenmq.server.rule.sql;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The state of one evaluation of one statement for one message: the message, its payload decoded at most once
 * (as text, and as JSON only when a payload path asks), and the slots that hold the selected fields. A field is
 * computed when first asked for: WHERE may read an alias before the row is built, and a message the WHERE drops
 * never computes the fields it did not need. Used by one thread; reused from message to message by {@link RuleSql.Evaluator} ({@link #start}).
 */
final class EvalContext {
    private static final Object UNSET = new Object();

    private final Expr[] slotExprs;
    private final Object[] slots;
    private RuleMessage message;
    private String payloadText;
    private Object payloadJson;
    private boolean payloadParsed;
    private Map<String, Object> userProperties;

    EvalContext(Expr[] slotExprs) {
        this.slotExprs = slotExprs;
        this.slots = new Object[slotExprs.length];
    }

    /** Forgets the previous message (if any) and starts evaluating {@code m}. */
    EvalContext start(RuleMessage m) {
        message = m;
        payloadText = null;
        payloadJson = null;
        payloadParsed = false;
        userProperties = null;
        Arrays.fill(slots, UNSET);
        return this;
    }

    RuleMessage message() {
        return message;
    }

    /** The value of slot {@code i}, computed now if it has not been. */
    Object slot(int i) {
        Object v = slots[i];
        if (v == UNSET) {
            v = slotExprs[i].eval(this);
            slots[i] = v;
        }
        return v;
    }

    /** Sets a slot that has no expression (FOREACH's current element). */
    void set(int i, Object value) {
        slots[i] = value;
    }

    /** Forgets slots {@code from..to-1} so they are computed again (FOREACH's DO fields, per element). */
    void reset(int from, int to) {
        Arrays.fill(slots, from, to, UNSET);
    }

    /** The payload as UTF-8 text (malformed bytes become U+FFFD). */
    String payloadText() {
        if (payloadText == null) {
            payloadText = new String(message.payload(), StandardCharsets.UTF_8);
        }
        return payloadText;
    }

    /** The payload as a JSON value, parsed once; null when it is not JSON. */
    Object payloadJson() {
        if (!payloadParsed) {
            payloadJson = JsonModel.parseOrNull(message.payload());
            payloadParsed = true;
        }
        return payloadJson;
    }

    /** The user properties as a model map (one copy per evaluation). */
    Map<String, Object> userProperties() {
        if (userProperties == null) {
            userProperties = new LinkedHashMap<>(message.userProperties());
        }
        return userProperties;
    }
}
