package io.wrenmq.server.rule.sql;

import static io.wrenmq.server.rule.sql.FunctionSpec.perCallSite;
import static io.wrenmq.server.rule.sql.FunctionSpec.pure;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * String functions, with EMQX's names and behaviour. Lengths and positions count Unicode code points;
 * {@code substr}'s start is 0-based (EMQX's {@code substr('abcdef', 2) = 'cdef'}). The regular expression
 * functions are in {@link RegexFunctions}.
 */
final class StringFunctions {
    private static final Modes SPLIT_MODE = Modes.of(2, "split mode", "notrim", "leading", "leading_notrim",
            "trailing", "trailing_notrim");
    private static final Modes TOKENS_MODE = Modes.of(2, "tokens mode", "nocrlf");
    private static final Modes REPLACE_WHERE = Modes.of(3, "direction", "all", "leading", "trailing");
    private static final Modes FIND_DIRECTION = Modes.of(2, "direction", "leading", "trailing");
    private static final Modes PAD_WHERE = Modes.of(2, "direction", "trailing", "leading", "both");

    private StringFunctions() {
    }

    static void register(Consumer<FunctionSpec> add) {
        add.accept(pure("lower", 1, 1, a -> a.string(0).toLowerCase(Locale.ROOT)));
        add.accept(pure("upper", 1, 1, a -> a.string(0).toUpperCase(Locale.ROOT)));
        add.accept(pure("trim", 1, 1, a -> a.string(0).strip()));
        add.accept(pure("ltrim", 1, 1, a -> a.string(0).stripLeading()));
        add.accept(pure("rtrim", 1, 1, a -> a.string(0).stripTrailing()));
        add.accept(pure("reverse", 1, 1, a -> new StringBuilder(a.string(0)).reverse().toString()));
        add.accept(pure("strlen", 1, 1, a -> (long) a.string(0).codePointCount(0, a.string(0).length())));
        add.accept(pure("substr", 2, 3, StringFunctions::substr));
        add.accept(pure("concat", 2, Integer.MAX_VALUE, StringFunctions::concat));
        add.accept(pure("split", 2, 3, StringFunctions::split).checking(SPLIT_MODE));
        add.accept(pure("tokens", 2, 3, StringFunctions::tokens).checking(TOKENS_MODE));
        add.accept(pure("replace", 3, 4, StringFunctions::replace).checking(REPLACE_WHERE));
        add.accept(pure("find", 2, 3, StringFunctions::find).checking(FIND_DIRECTION));
        add.accept(pure("pad", 2, 4, StringFunctions::pad).checking(PAD_WHERE));
        add.accept(pure("join_to_string", 2, 2, StringFunctions::join));
        add.accept(perCallSite("regex_match", 2, 2, RegexFunctions::match).checking(RegexFunctions::checkPattern));
        add.accept(perCallSite("regex_replace", 3, 3, RegexFunctions::replace).checking(RegexFunctions::checkPattern));
    }

    /** substr(s, start[, length]): code points from a 0-based start. */
    private static Object substr(Arguments a) {
        String s = a.string(0);
        long start = a.integer(1);
        long length = a.size() > 2 ? a.integer(2) : Long.MAX_VALUE;
        if (start < 0 || length < 0) {
            throw a.fail("start and length must not be negative");
        }
        int points = s.codePointCount(0, s.length());
        if (start >= points) {
            return "";
        }
        int from = s.offsetByCodePoints(0, (int) start);
        int to = length >= points - start ? s.length() : s.offsetByCodePoints(from, (int) length);
        return s.substring(from, to);
    }

    /** concat(a, b, ...): the arguments' text joined (numbers and booleans as written, maps and arrays as JSON). */
    private static Object concat(Arguments a) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < a.size(); i++) {
            sb.append(a.text(i));
        }
        return sb.toString();
    }

    /**
     * split(s, sep[, mode]): the parts between separators. Empty parts are dropped unless the mode ends in
     * {@code notrim}; {@code leading}/{@code trailing} split at the first/last separator only.
     */
    private static Object split(Arguments a) {
        String s = a.string(0);
        String sep = a.string(1);
        String mode = SPLIT_MODE.read(a, "all");
        if (sep.isEmpty()) {
            throw a.fail("the separator must not be empty");
        }
        List<Object> parts = new ArrayList<>();
        if (mode.startsWith("leading") || mode.startsWith("trailing")) {
            int at = mode.startsWith("leading") ? s.indexOf(sep) : s.lastIndexOf(sep);
            if (at < 0) {
                parts.add(s);
            } else {
                parts.add(s.substring(0, at));
                parts.add(s.substring(at + sep.length()));
            }
        } else {
            int from = 0;
            int at;
            while ((at = s.indexOf(sep, from)) >= 0) {
                parts.add(s.substring(from, at));
                from = at + sep.length();
            }
            parts.add(s.substring(from));
        }
        if (!mode.endsWith("notrim")) {
            parts.removeIf(p -> ((String) p).isEmpty());
        }
        return parts;
    }

    /** tokens(s, separators[, 'nocrlf']): the non-empty runs between any of the separator characters. */
    private static Object tokens(Arguments a) {
        String s = a.string(0);
        String separators = a.string(1) + (TOKENS_MODE.read(a, null) != null ? "\r\n" : "");
        List<Object> tokens = new ArrayList<>();
        int start = 0;
        for (int i = 0; i <= s.length(); i++) {
            if (i == s.length() || separators.indexOf(s.charAt(i)) >= 0) {
                if (i > start) {
                    tokens.add(s.substring(start, i));
                }
                start = i + 1;
            }
        }
        return tokens;
    }

    /** replace(s, search, replacement[, 'all'|'leading'|'trailing']): every, the first or the last occurrence. */
    private static Object replace(Arguments a) {
        String s = a.string(0);
        String search = a.string(1);
        String replacement = a.string(2);
        String where = REPLACE_WHERE.read(a, "all");
        if (search.isEmpty()) {
            throw a.fail("the text to replace must not be empty");
        }
        if ("all".equals(where)) {
            return s.replace(search, replacement);
        }
        int at = "leading".equals(where) ? s.indexOf(search) : s.lastIndexOf(search);
        return at < 0 ? s : s.substring(0, at) + replacement + s.substring(at + search.length());
    }

    /** find(s, part[, 'leading'|'trailing']): s from the first (last) occurrence of part on, or '' without one. */
    private static Object find(Arguments a) {
        String s = a.string(0);
        String part = a.string(1);
        int at = "trailing".equals(FIND_DIRECTION.read(a, "leading")) ? s.lastIndexOf(part) : s.indexOf(part);
        return at < 0 ? "" : s.substring(at);
    }

    /** pad(s, length[, 'trailing'|'leading'|'both'[, char]]): s widened to length code points with spaces (or char). */
    private static Object pad(Arguments a) {
        String s = a.string(0);
        long length = a.integer(1);
        String where = PAD_WHERE.read(a, "trailing");
        String fill = a.string(3, " ");
        if (fill.codePointCount(0, fill.length()) != 1) {
            throw a.fail("the padding must be one character, got '" + fill + "'");
        }
        long missing = length - s.codePointCount(0, s.length());
        if (missing <= 0) {
            return s;
        }
        if (missing > 1_000_000) {
            throw a.fail("length " + length + " is too large");
        }
        long before = switch (where) {
            case "leading" -> missing;
            case "both" -> missing / 2;
            default -> 0;
        };
        return fill.repeat((int) before) + s + fill.repeat((int) (missing - before));
    }

    /** join_to_string(sep, array): the elements' text with sep between them. */
    private static Object join(Arguments a) {
        String sep = a.string(0);
        List<Object> list = a.list(1);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < list.size(); i++) {
            if (i > 0) {
                sb.append(sep);
            }
            Object v = list.get(i);
            if (v == null) {
                throw a.fail("element " + (i + 1) + " is null");
            }
            sb.append(Values.text(v));
        }
        return sb.toString();
    }
}
