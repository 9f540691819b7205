package io.wrenmq.server.rule.sql;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * regex_match and regex_replace. Each call site keeps the pattern it compiled last, so a literal pattern (checked
 * at parse time) is compiled once, and a computed one only when it changes; never per evaluation. Patterns are
 * Java's (close to the PCRE that EMQX uses); in a replacement, as in EMQX, {@code &} is the whole match and
 * {@code \N} group N ({@code \&} and {@code \\} are a literal {@code &} and backslash).
 */
final class RegexFunctions {
    private RegexFunctions() {
    }

    /** regex_match(s, re): whether re matches somewhere in s. */
    static FunctionSpec.Impl match() {
        PatternCache cache = new PatternCache();
        return a -> cache.get(a, a.string(1)).matcher(a.string(0)).find();
    }

    /** regex_replace(s, re, replacement): every match of re replaced. */
    static FunctionSpec.Impl replace() {
        PatternCache cache = new PatternCache();
        return a -> {
            Matcher m = cache.get(a, a.string(1)).matcher(a.string(0));
            String replacement = a.string(2);
            StringBuilder out = new StringBuilder();
            int last = 0;
            while (m.find()) {
                out.append(a.string(0), last, m.start());
                expand(replacement, m, out, a);
                last = m.end();
            }
            return out.append(a.string(0), last, a.string(0).length()).toString();
        };
    }

    static String checkPattern(int index, Object literal) {
        if (index != 1 || !(literal instanceof String re)) {
            return null;
        }
        try {
            Pattern.compile(re);
            return null;
        } catch (PatternSyntaxException e) {
            return "invalid regular expression '" + re + "': " + e.getDescription();
        }
    }

    private static void expand(String replacement, Matcher m, StringBuilder out, Arguments a) {
        for (int i = 0; i < replacement.length(); i++) {
            char c = replacement.charAt(i);
            if (c == '&') {
                out.append(m.group());
            } else if (c == '\\' && i + 1 < replacement.length() && Character.isDigit(replacement.charAt(i + 1))) {
                int group = replacement.charAt(++i) - '0';
                if (i + 1 < replacement.length() && Character.isDigit(replacement.charAt(i + 1))
                        && group * 10 + replacement.charAt(i + 1) - '0' <= m.groupCount()) {
                    group = group * 10 + replacement.charAt(++i) - '0';
                }
                if (group > m.groupCount()) {
                    throw a.fail("the replacement refers to group " + group + ", the pattern has " + m.groupCount());
                }
                String g = m.group(group);
                out.append(g == null ? "" : g);
            } else if (c == '\\' && i + 1 < replacement.length()
                    && (replacement.charAt(i + 1) == '&' || replacement.charAt(i + 1) == '\\')) {
                out.append(replacement.charAt(++i));
            } else {
                out.append(c);
            }
        }
    }

    /** The last pattern a call site compiled; immutable pairs behind a volatile field, so any thread may read it. */
    private static final class PatternCache {
        private volatile Compiled last;

        Pattern get(Arguments a, String re) {
            Compiled c = last;
            if (c == null || !c.source.equals(re)) {
                try {
                    c = new Compiled(re, Pattern.compile(re));
                } catch (PatternSyntaxException e) {
                    throw a.fail("invalid regular expression '" + re + "': " + e.getDescription());
                }
                last = c;
            }
            return c.pattern;
        }
    }

    private record Compiled(String source, Pattern pattern) {
    }
}
