package io.wrenmq.server.rule.sql;

import java.util.List;
import java.util.Map;

/**
 * The evaluated arguments of one function call, with typed getters that fail the rule with a reason naming the
 * function, the argument and what it got: {@code lower: argument 1 must be a string, got integer 12}.
 */
final class Arguments {
    private final String function;
    private final Object[] values;

    Arguments(String function, Object[] values) {
        this.function = function;
        this.values = values;
    }

    int size() {
        return values.length;
    }

    Object value(int i) {
        return values[i];
    }

    String string(int i) {
        return values[i] instanceof String s ? s : wrong(i, "a string");
    }

    /** Argument {@code i} when given, else {@code fallback}. */
    String string(int i, String fallback) {
        return i < values.length ? string(i) : fallback;
    }

    long integer(int i) {
        return values[i] instanceof Long n ? n : wrong(i, "an integer");
    }

    double number(int i) {
        return values[i] instanceof Long || values[i] instanceof Double ? ((Number) values[i]).doubleValue()
                : wrong(i, "a number");
    }

    /** A number as it is (Long or Double). */
    Number numeric(int i) {
        return values[i] instanceof Long || values[i] instanceof Double ? (Number) values[i] : wrong(i, "a number");
    }

    @SuppressWarnings("unchecked")
    List<Object> list(int i) {
        return values[i] instanceof List<?> l ? (List<Object>) l : wrong(i, "an array");
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> map(int i) {
        return values[i] instanceof Map<?, ?> m ? (Map<String, Object>) m : wrong(i, "a map");
    }

    /** The bytes of a string (UTF-8) or of the payload as it arrived. */
    byte[] bytes(int i) {
        return values[i] instanceof String || values[i] instanceof Bytes ? Bytes.of(values[i]) : wrong(i, "a string");
    }

    /** Any value but null, as text ({@link Values#text}). */
    String text(int i) {
        return values[i] == null ? wrong(i, "a value") : Values.text(values[i]);
    }

    RuleEvaluationException fail(String reason) {
        return new RuleEvaluationException(function + ": " + reason);
    }

    private <T> T wrong(int i, String expected) {
        throw fail("argument " + (i + 1) + " must be " + expected + ", got " + Values.describe(values[i]));
    }
}
