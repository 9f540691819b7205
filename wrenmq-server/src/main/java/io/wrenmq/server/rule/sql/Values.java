package io.wrenmq.server.rule.sql;

import java.util.List;
import java.util.Map;

/**
 * The value model rules compute with, and its one set of rules for types, equality, ordering and conversion to
 * text. A value is one of: null, {@link Boolean}, {@link Long}, {@link Double} (always finite), {@link String},
 * {@code List<Object>}, {@code Map<String, Object>}; the same model as the rows handed to actions.
 */
final class Values {
    private static final int SHOWN_CHARS = 40;

    private Values() {
    }

    /** The type's name in error messages and docs: null, boolean, integer, float, string, array, map. */
    static String typeName(Object v) {
        if (v == null) {
            return "null";
        } else if (v instanceof Boolean) {
            return "boolean";
        } else if (v instanceof Long) {
            return "integer";
        } else if (v instanceof Double) {
            return "float";
        } else if (v instanceof String) {
            return "string";
        } else if (v instanceof List) {
            return "array";
        } else if (v instanceof Map) {
            return "map";
        }
        return "binary";
    }

    /** The value as an error message shows it: its type and, for scalars, the value (long strings cut). */
    static String describe(Object v) {
        if (v instanceof String s) {
            return "string '" + (s.length() > SHOWN_CHARS ? s.substring(0, SHOWN_CHARS) + "..." : s) + "'";
        } else if (v instanceof Boolean || v instanceof Long || v instanceof Double) {
            return typeName(v) + " " + v;
        } else if (v instanceof List<?> l) {
            return "array of " + l.size();
        }
        return typeName(v);
    }

    /**
     * A WHERE, INCASE or WHEN condition passes only on {@code true}; null (SQL's unknown) does not pass. Anything
     * else is not a condition.
     */
    static boolean passes(Object v, String clause) {
        if (v instanceof Boolean b) {
            return b;
        }
        if (v == null) {
            return false;
        }
        throw new RuleEvaluationException(clause + " must be true or false, got " + describe(v));
    }

    /** AND, OR and NOT take booleans and null (unknown); another type is an error. */
    static Boolean logical(Object v, String operator) {
        if (v == null || v instanceof Boolean) {
            return (Boolean) v;
        }
        throw new RuleEvaluationException(operator + " needs true, false or null, got " + describe(v));
    }

    /**
     * Equality as {@code =} and {@code IN} see it: numbers by value (1 = 1.0); a number and a string by the
     * string's number, so {@code qos = '1'} holds (EMQX converts such strings too); a boolean and a string by the
     * boolean's name ({@code true = 'true'}, as EMQX compares atoms with strings); anything else only to a value of
     * its own type. Null equals only null.
     */
    static boolean equal(Object a, Object b) {
        if (a == null || b == null) {
            return a == b;
        }
        // The common pairs first (a field against a literal of its own type): no conversion to consider.
        if (a instanceof String x && b instanceof String y) {
            return x.equals(y);
        }
        if (a instanceof Long x && b instanceof Long y) {
            return x.longValue() == y.longValue();
        }
        Number na = numberOrNull(a, b);
        Number nb = numberOrNull(b, a);
        if (na != null && nb != null) {
            return compareNumbers(na, nb) == 0;
        }
        if (a instanceof Boolean && b instanceof String || a instanceof String && b instanceof Boolean) {
            return a.toString().equals(b.toString());
        }
        return a.equals(b);
    }

    /**
     * Ordering for {@code < <= > >=}: numbers by value (a numeric string against a number by its number), strings
     * by code point, booleans false before true. Other pairs (a map, an array, a number and a word) have no order
     * and make the rule fail, as they do in EMQX.
     */
    static int order(Object a, Object b) {
        if (a instanceof Long x && b instanceof Long y) {
            return Long.compare(x, y);
        }
        Number na = numberOrNull(a, b);
        Number nb = numberOrNull(b, a);
        if (na != null && nb != null) {
            return compareNumbers(na, nb);
        }
        if (a instanceof String x && b instanceof String y) {
            return compareCodePoints(x, y);
        }
        if (a instanceof Boolean x && b instanceof Boolean y) {
            return Boolean.compare(x, y);
        }
        throw new RuleEvaluationException("cannot order " + describe(a) + " and " + describe(b));
    }

    /** {@code v} as a number when it is one, or when it is a numeric string and {@code other} is a number. */
    private static Number numberOrNull(Object v, Object other) {
        if (v instanceof Long || v instanceof Double) {
            return (Number) v;
        }
        if (v instanceof String s && (other instanceof Long || other instanceof Double)) {
            return parseNumber(s);
        }
        return null;
    }

    static int compareNumbers(Number a, Number b) {
        if (a instanceof Long x && b instanceof Long y) {
            return Long.compare(x, y);
        }
        return Double.compare(a.doubleValue(), b.doubleValue());
    }

    private static int compareCodePoints(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) {
                return Integer.compare(ca, cb);
            }
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Boolean.compare(i < a.length(), j < b.length());
    }

    /**
     * The number a string spells in JSON's syntax ({@code -12}, {@code 2.5}, {@code 1e3}): a Long when it has no
     * fraction or exponent and fits, else a Double; null when it is no such number ({@code ' 12'}, {@code 0x1f},
     * {@code NaN} are not).
     */
    static Number parseNumber(String s) {
        int n = s.length();
        int i = 0;
        if (i < n && (s.charAt(i) == '-' || s.charAt(i) == '+')) {
            i++;
        }
        int digitsStart = i;
        while (i < n && isDigit(s.charAt(i))) {
            i++;
        }
        if (i == digitsStart) {
            return null;
        }
        boolean integral = true;
        if (i < n && s.charAt(i) == '.') {
            integral = false;
            int fraction = ++i;
            while (i < n && isDigit(s.charAt(i))) {
                i++;
            }
            if (i == fraction) {
                return null;
            }
        }
        if (i < n && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
            integral = false;
            i++;
            if (i < n && (s.charAt(i) == '-' || s.charAt(i) == '+')) {
                i++;
            }
            int exponent = i;
            while (i < n && isDigit(s.charAt(i))) {
                i++;
            }
            if (i == exponent) {
                return null;
            }
        }
        if (i != n) {
            return null;
        }
        if (integral) {
            try {
                return Long.parseLong(s);
            } catch (NumberFormatException tooLarge) {
                // falls through to a Double, as JSON readers do with integers beyond 64 bits
            }
        }
        double d = Double.parseDouble(s);
        return Double.isFinite(d) ? d : null;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    /**
     * The value as text, for {@code str()}, concatenation and templates: strings as they are, numbers and booleans
     * as written in JSON, arrays and maps as JSON.
     */
    static String text(Object v) {
        if (v instanceof String s) {
            return s;
        }
        if (v instanceof Long || v instanceof Double || v instanceof Boolean) {
            return v.toString();
        }
        if (v instanceof Bytes b) {
            return b.text();
        }
        return JsonModel.encode(v);
    }

    /** A finite double, or a rule failure naming what produced it (the model has no NaN or infinity). */
    static Double finite(double d, String what) {
        if (!Double.isFinite(d)) {
            throw new RuleEvaluationException(what + ": the result is not a finite number");
        }
        return d;
    }
}
